#include "crypto/autn.hpp"

#include <cstring>

namespace iotboot::crypto {

Autn build_autn(Sqn sqn, const Ak& ak, const Amf& amf, const Mac& mac_a) noexcept {
  Autn autn;
  const Bytes<6> s = sqn.bytes();
  for (std::size_t i = 0; i < 6; ++i) autn[i] = static_cast<std::uint8_t>(s[i] ^ ak[i]);
  std::memcpy(autn.data() + 6, amf.data(), 2);
  std::memcpy(autn.data() + 8, mac_a.data(), 8);
  return autn;
}

AutnFields split_autn(const Autn& autn) noexcept {
  AutnFields f;
  std::memcpy(f.sqn_xor_ak.data(), autn.data(), 6);
  std::memcpy(f.amf.data(), autn.data() + 6, 2);
  std::memcpy(f.mac_a.data(), autn.data() + 8, 8);
  return f;
}

Sqn unconceal(const Bytes<6>& concealed, const Ak& ak) noexcept {
  Bytes<6> s;
  for (std::size_t i = 0; i < 6; ++i) s[i] = static_cast<std::uint8_t>(concealed[i] ^ ak[i]);
  return Sqn::from_bytes(s);
}

}  // namespace iotboot::crypto
