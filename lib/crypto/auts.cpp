#include "crypto/auts.hpp"

#include <cstring>

#include "crypto/autn.hpp"
#include "crypto/milenage.hpp"

namespace iotboot::crypto {
namespace {

constexpr Amf kResyncAmf = {0x00, 0x00};  // TS 33.102 §6.3.3: the dummy AMF of MAC-S

}  // namespace

Auts build_auts(const Key128& k, const Key128& opc, const Rand& rand, Sqn sqn_ms) {
  Milenage m(k, opc, rand);
  Mac mac_s;
  m.f1(sqn_ms, kResyncAmf, nullptr, &mac_s);
  const Ak ak_star = m.f5star();
  const Bytes<6> s = sqn_ms.bytes();
  Auts auts;
  for (std::size_t i = 0; i < 6; ++i) auts[i] = static_cast<std::uint8_t>(s[i] ^ ak_star[i]);
  std::memcpy(auts.data() + 6, mac_s.data(), 8);
  return auts;
}

AutsCheck verify_auts(const Key128& k, const Key128& opc, const Rand& rand, const Auts& auts) {
  Milenage m(k, opc, rand);
  Bytes<6> concealed;
  Mac received;
  std::memcpy(concealed.data(), auts.data(), 6);
  std::memcpy(received.data(), auts.data() + 6, 8);
  AutsCheck check;
  check.sqn_ms = unconceal(concealed, m.f5star());
  Mac expected;
  m.f1(check.sqn_ms, kResyncAmf, nullptr, &expected);
  check.mac_s_valid = equal_ct(expected, received);
  return check;
}

}  // namespace iotboot::crypto
