// The values of EPS-AKA (TS 33.102 §6.3, TS 33.401 §6.1) as fixed-size types.
#pragma once

#include <string_view>

#include <compare>
#include <cstdint>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot::crypto {

using Rand = Bytes<16>;  // RAND
using Res = Bytes<8>;    // RES / XRES (f2, 64 bits with Milenage)
using Autn = Bytes<16>;  // (SQN ⊕ AK) ‖ AMF ‖ MAC-A
using Auts = Bytes<14>;  // (SQN_MS ⊕ AK*) ‖ MAC-S
using Mac = Bytes<8>;    // MAC-A (f1) or MAC-S (f1*)
using Ak = Bytes<6>;     // AK (f5) or AK* (f5*)
using Amf = Bytes<2>;
using SnId = Bytes<3>;  // serving network id: the PLMN in TS 24.008 encoding

// TS 33.401 §6.1.1: the AMF "separation bit" (bit 0, 0x8000) marks a vector for E-UTRAN.
constexpr bool has_separation_bit(const Amf& amf) noexcept { return (amf[0] & 0x80) != 0; }
// Why an AMF without it is refused wherever an E-UTRAN vector would be built from it.
inline constexpr std::string_view kAmfWithoutSeparationBit =
    "the separation bit (0x8000) is not set: E-UTRAN vectors need it (TS 33.401 6.1.1)";

// 48-bit sequence number, SQN = SEQ ‖ IND (TS 33.102 Annex C).
class Sqn {
 public:
  static constexpr std::uint64_t kMask = (std::uint64_t{1} << 48) - 1;

  constexpr Sqn() noexcept = default;
  constexpr explicit Sqn(std::uint64_t v) noexcept : v_(v & kMask) {}
  static constexpr Sqn from_bytes(const Bytes<6>& b) noexcept { return Sqn(load_be(b)); }
  static constexpr Sqn from_parts(std::uint64_t seq, std::uint64_t ind, unsigned ind_bits) noexcept {
    return Sqn((seq << ind_bits) | (ind & ((std::uint64_t{1} << ind_bits) - 1)));
  }

  constexpr std::uint64_t value() const noexcept { return v_; }
  constexpr Bytes<6> bytes() const noexcept { return store_be<6>(v_); }
  constexpr std::uint64_t seq(unsigned ind_bits) const noexcept { return v_ >> ind_bits; }
  constexpr std::uint64_t ind(unsigned ind_bits) const noexcept { return v_ & ((std::uint64_t{1} << ind_bits) - 1); }

  friend constexpr auto operator<=>(const Sqn&, const Sqn&) = default;

 private:
  std::uint64_t v_ = 0;
};

}  // namespace iotboot::crypto
