// Hand-assembled Diameter bytes, written out field by field as RFC 6733 §3 and §4.1 lay them
// out, to check the encoder against without using it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotboot::diameter::wire {

using Octets = std::vector<std::uint8_t>;

inline void u8(Octets& b, std::uint32_t v) { b.push_back(static_cast<std::uint8_t>(v)); }
inline void u24(Octets& b, std::uint32_t v) {
  u8(b, v >> 16);
  u8(b, v >> 8);
  u8(b, v);
}
inline void u32(Octets& b, std::uint32_t v) {
  u8(b, v >> 24);
  u24(b, v);
}
inline Octets be32(std::uint32_t v) {
  Octets b;
  u32(b, v);
  return b;
}
inline Octets text(std::string_view s) { return Octets(s.begin(), s.end()); }
inline Octets cat(std::initializer_list<Octets> parts) {
  Octets out;
  for (const Octets& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// code(4) flags(1) length(3) [vendor(4)] data, zero-padded to 4 octets.
inline Octets AVP(std::uint32_t code, std::uint8_t flags, std::uint32_t vendor, const Octets& data) {
  Octets b;
  u32(b, code);
  u8(b, flags);
  const std::uint32_t header = vendor ? 12 : 8;
  u24(b, header + static_cast<std::uint32_t>(data.size()));
  if (vendor) u32(b, vendor);
  b.insert(b.end(), data.begin(), data.end());
  while (b.size() % 4) b.push_back(0);
  return b;
}
inline Octets AVP(std::uint32_t code, std::uint8_t flags, const Octets& data) { return AVP(code, flags, 0, data); }

// version(1) length(3) flags(1) command(3) application(4) hop-by-hop(4) end-to-end(4) AVPs
inline Octets message(std::uint8_t flags, std::uint32_t command, std::uint32_t app, std::uint32_t hbh,
                      std::uint32_t e2e, const Octets& avps) {
  Octets b;
  u8(b, 1);
  u24(b, 20 + static_cast<std::uint32_t>(avps.size()));
  u8(b, flags);
  u24(b, command);
  u32(b, app);
  u32(b, hbh);
  u32(b, e2e);
  b.insert(b.end(), avps.begin(), avps.end());
  return b;
}

constexpr std::uint8_t M = 0x40, V = 0x80, VM = 0xc0;
constexpr std::uint32_t k3gpp = 10415, kIot = 32473;

}  // namespace iotboot::diameter::wire
