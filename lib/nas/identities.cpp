#include "nas/identities.hpp"

#include <cstdio>

#include "core/hex.hpp"

namespace iotboot::nas {

Bytes<10> Guti::binary() const noexcept {
  return Bytes<10>{plmn[0],
                   plmn[1],
                   plmn[2],
                   static_cast<std::uint8_t>(mme_group_id >> 8),
                   static_cast<std::uint8_t>(mme_group_id),
                   mme_code,
                   static_cast<std::uint8_t>(m_tmsi >> 24),
                   static_cast<std::uint8_t>(m_tmsi >> 16),
                   static_cast<std::uint8_t>(m_tmsi >> 8),
                   static_cast<std::uint8_t>(m_tmsi)};
}

Guti Guti::from_binary(const Bytes<10>& b) noexcept {
  Guti g;
  g.plmn = {b[0], b[1], b[2]};
  g.mme_group_id = static_cast<std::uint16_t>(b[3] << 8 | b[4]);
  g.mme_code = b[5];
  g.m_tmsi = static_cast<std::uint32_t>(b[6]) << 24 | static_cast<std::uint32_t>(b[7]) << 16 |
             static_cast<std::uint32_t>(b[8]) << 8 | b[9];
  return g;
}

Result<std::string> Guti::text() const {
  auto p = Plmn::decode(plmn);
  if (!p) return Error{p.error().reason};
  char tail[32];
  std::snprintf(tail, sizeof tail, "-%04x-%02x-%08x", mme_group_id, mme_code, m_tmsi);
  return p->mcc() + "-" + p->mnc() + tail;
}

Result<Guti> Guti::parse(std::string_view text) {
  // MCC(3) - MNC(2|3) - MMEGI(4 hex) - MMEC(2 hex) - MTMSI(8 hex)
  const auto bad = [] { return Error{"expected MCC-MNC-MMEGI-MMEC-MTMSI, e.g. 001-01-8001-01-c0ffee01"}; };
  std::string_view parts[5];
  std::size_t n = 0, start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '-') {
      if (n == 5) return bad();
      parts[n++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n != 5 || parts[0].size() != 3 || (parts[1].size() != 2 && parts[1].size() != 3) || parts[2].size() != 4 ||
      parts[3].size() != 2 || parts[4].size() != 8) {
    return bad();
  }
  auto plmn = Plmn::parse(std::string(parts[0]) + std::string(parts[1]));
  if (!plmn) return bad();
  Bytes<2> gi;
  Bytes<1> mc;
  Bytes<4> tm;
  if (parse_hex_exact(parts[2], gi) || parse_hex_exact(parts[3], mc) || parse_hex_exact(parts[4], tm)) return bad();
  Guti g;
  g.plmn = plmn->encoded();
  g.mme_group_id = static_cast<std::uint16_t>(gi[0] << 8 | gi[1]);
  g.mme_code = mc[0];
  g.m_tmsi = static_cast<std::uint32_t>(load_be(tm));
  // One text per GUTI: upper-case hex or other spellings of the same octets are refused, so that
  // a GUTI used as a PSK identity or cache key has exactly one form.
  auto canonical = g.text();
  if (!canonical || canonical.value() != text) return bad();
  return g;
}

}  // namespace iotboot::nas
