// The 128-bit EPS security algorithms used on NAS (TS 33.401 Annex B):
//   128-EIA2: AES-CMAC over COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ MESSAGE, MAC = first 32 bits
//   128-EEA2: AES-CTR with T1 = COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26 ‖ 0^64
// Each object holds only its key (16 bytes per UE security context): the OpenSSL contexts are
// the thread's, keyed for one message and keyed with zeros again before the call returns, so
// an MME with a million attached UEs does not keep two million OpenSSL contexts (~3 KB per
// UE) and no NAS key stays in a shared context.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot::crypto {

enum class Direction : std::uint8_t { uplink = 0, downlink = 1 };

class Eia2 {
 public:
  explicit Eia2(const Key128& key) : key_(key) {}

  // bearer: 5 bits. The message is a whole number of octets, as every NAS message is.
  Bytes<4> mac(std::uint32_t count, std::uint8_t bearer, Direction direction, ByteView message) const;

 private:
  Key128 key_;
};

class Eea2 {
 public:
  explicit Eea2(const Key128& key) : key_(key) {}

  // Enciphers or deciphers (the same operation) data in place.
  void apply(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data) const;
  // The same for a bit string of `bits` bits held in data (ceil(bits/8) octets); the unused low
  // bits of the last octet come out zero.
  void apply_bits(std::uint32_t count, std::uint8_t bearer, Direction direction, MutableByteView data,
                  std::size_t bits) const;

 private:
  Key128 key_;
};

}  // namespace iotboot::crypto
