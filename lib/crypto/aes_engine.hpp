// One AES-128 block cipher (ECB, no padding) per thread, created once: Milenage and AUTN/AUTS
// need a fresh key per subscriber, and creating an EVP context per call would cost more than
// the cipher itself. A user keys it, encrypts, and scrubs the key schedule when done.
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/cipher_context.hpp"

namespace iotboot::crypto {

class AesEngine {
 public:
  static AesEngine& for_this_thread();

  void set_key(const std::uint8_t key[16]);
  // Encrypts `blocks` 16-byte blocks from in to out (in == out allowed).
  void encrypt(const std::uint8_t* in, std::uint8_t* out, std::size_t blocks);
  // Replaces the key schedule with an all-zero key's, so no key lingers in the context.
  void scrub() noexcept;

  AesEngine(const AesEngine&) = delete;
  AesEngine& operator=(const AesEngine&) = delete;

 private:
  AesEngine();
  CipherContext aes_{"AES-128-ECB", "AES-128-ECB context setup"};
};

}  // namespace iotboot::crypto
