// The 128-bit EPS security algorithms used on NAS (TS 33.401 Annex B):
//   128-EIA2: AES-CMAC over COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ MESSAGE, MAC = first 32 bits
//   128-EEA2: AES-CTR with T1 = COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ 0^64
// Each object is keyed once (per UE security context) and reused for every message.
#pragma once

#include <cstddef>
#include <cstdint>

#include <openssl/types.h>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot::crypto {

enum class Direction : std::uint8_t { uplink = 0, downlink = 1 };

class Eia2 {
 public:
  explicit Eia2(const Key128& key);
  ~Eia2();
  Eia2(Eia2&& o) noexcept;
  Eia2& operator=(Eia2&& o) noexcept;
  Eia2(const Eia2&) = delete;
  Eia2& operator=(const Eia2&) = delete;

  // bearer: 5 bits. The message is a whole number of octets, as every NAS message is.
  Bytes<4> mac(std::uint32_t count, std::uint8_t bearer, Direction direction, ByteView message);

 private:
  EVP_MAC_CTX* ctx_ = nullptr;
};

class Eea2 {
 public:
  explicit Eea2(const Key128& key);
  ~Eea2();
  Eea2(Eea2&& o) noexcept;
  Eea2& operator=(Eea2&& o) noexcept;
  Eea2(const Eea2&) = delete;
  Eea2& operator=(const Eea2&) = delete;

  // Enciphers or deciphers (the same operation) data in place.
  void apply(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data);
  // The same for a bit string of `bits` bits held in data (ceil(bits/8) octets); the unused low
  // bits of the last octet come out zero.
  void apply_bits(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data,
                  std::size_t bits);

 private:
  EVP_CIPHER_CTX* ctx_ = nullptr;
};

}  // namespace iotboot::crypto
