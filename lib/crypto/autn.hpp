// AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A   (TS 33.102 §6.3.2)
#pragma once

#include "crypto/types.hpp"

namespace iotboot::crypto {

Autn build_autn(Sqn sqn, const Ak& ak, const Amf& amf, const Mac& mac_a) noexcept;

struct AutnFields {
  Bytes<6> sqn_xor_ak;
  Amf amf;
  Mac mac_a;
};
AutnFields split_autn(const Autn& autn) noexcept;

// SQN ⊕ AK ⊕ AK.
Sqn unconceal(const Bytes<6>& concealed, const Ak& ak) noexcept;

// Constant-time equality for MACs and RES.
template <std::size_t N>
bool equal_ct(const Bytes<N>& a, const Bytes<N>& b) noexcept {
  std::uint8_t d = 0;
  for (std::size_t i = 0; i < N; ++i) d |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return d == 0;
}

}  // namespace iotboot::crypto
