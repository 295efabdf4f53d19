// The generic key derivation function of TS 33.220 Annex B.2:
//   derived key = HMAC-SHA-256(Key, S),  S = FC ‖ P0 ‖ L0 ‖ P1 ‖ L1 ‖ ...
// each Li the length of Pi in two octets, big-endian.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot::crypto {

// Binds this thread's HMAC-SHA-256 context to one key for one or more derivations (KASME and
// Ks share the key CK‖IK: its HMAC pads are computed once). Scrubs the context when it dies.
// One Kdf per thread at a time.
class Kdf {
 public:
  explicit Kdf(ByteView key);
  ~Kdf();
  Kdf(const Kdf&) = delete;
  Kdf& operator=(const Kdf&) = delete;

  Key256 derive(std::uint8_t fc, std::initializer_list<ByteView> params);

 private:
  bool first_ = true;
};

// One derivation with its own key.
Key256 kdf(ByteView key, std::uint8_t fc, std::initializer_list<ByteView> params);

}  // namespace iotboot::crypto
