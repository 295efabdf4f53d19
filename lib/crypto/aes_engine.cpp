#include "crypto/aes_engine.hpp"

#include <openssl/evp.h>

#include <climits>

#include "crypto/openssl_error.hpp"

namespace iotboot::crypto {

AesEngine& AesEngine::for_this_thread() {
  thread_local AesEngine engine;
  return engine;
}

AesEngine::AesEngine() {
  if (EVP_EncryptInit_ex2(aes_.ctx(), aes_.cipher(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(aes_.ctx(), 0) != 1) {
    throw_openssl_error("AES-128-ECB context setup");
  }
}

void AesEngine::set_key(const std::uint8_t key[16]) {
  if (EVP_EncryptInit_ex2(aes_.ctx(), nullptr, key, nullptr, nullptr) != 1) throw_openssl_error("AES-128 key setup");
}

void AesEngine::encrypt(const std::uint8_t* in, std::uint8_t* out, std::size_t blocks) {
  int out_len = 0;
  if (blocks * 16 > INT_MAX || EVP_EncryptUpdate(aes_.ctx(), out, &out_len, in, static_cast<int>(blocks * 16)) != 1) {
    throw_openssl_error("AES-128 encryption");
  }
}

void AesEngine::scrub() noexcept {
  static constexpr std::uint8_t kZero[16] = {};
  (void)EVP_EncryptInit_ex2(aes_.ctx(), nullptr, kZero, nullptr, nullptr);
}

}  // namespace iotboot::crypto
