// Encodes Diameter messages into one caller-owned buffer: no allocation per AVP (the buffer
// grows amortised and is reused by its owner). Grouped AVPs and the message length are
// patched when they end.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/secret.hpp"
#include "diameter/avp_def.hpp"
#include "diameter/message.hpp"

namespace iotboot::diameter {

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) noexcept : out_(out) {}

  // Starts a message at the end of the buffer; returns its offset for end_message().
  std::size_t begin_message(std::uint8_t flags, std::uint32_t command, std::uint32_t application,
                            std::uint32_t hop_by_hop, std::uint32_t end_to_end);
  void end_message(std::size_t message_start) noexcept;

  void put(const AvpDef<Unsigned32>& d, std::uint32_t v) { put_u32(d.info, v); }
  void put(const AvpDef<Enumerated>& d, std::uint32_t v) { put_u32(d.info, v); }
  void put(const AvpDef<Time>& d, std::uint32_t ntp_seconds) { put_u32(d.info, ntp_seconds); }
  void put(const AvpDef<Integer32>& d, std::int32_t v) { put_u32(d.info, static_cast<std::uint32_t>(v)); }
  void put(const AvpDef<Unsigned64>& d, std::uint64_t v) { put_u64(d.info, v); }
  void put(const AvpDef<Integer64>& d, std::int64_t v) { put_u64(d.info, static_cast<std::uint64_t>(v)); }
  void put(const AvpDef<Float32>& d, float v);
  void put(const AvpDef<Float64>& d, double v);
  void put(const AvpDef<OctetString>& d, ByteView v) { put_bytes(d.info, v); }
  template <std::size_t N>
  void put(const AvpDef<OctetString>& d, const Secret<N>& key) {
    put_bytes(d.info, ByteView(key.data(), N));
  }
  void put(const AvpDef<Utf8String>& d, std::string_view v) { put_bytes(d.info, as_bytes(v)); }
  void put(const AvpDef<DiameterIdentity>& d, std::string_view v) { put_bytes(d.info, as_bytes(v)); }
  void put(const AvpDef<DiameterUri>& d, std::string_view v) { put_bytes(d.info, as_bytes(v)); }
  // Address: family 1 (4 octets) or 2 (16 octets).
  void put(const AvpDef<Address>& d, std::uint16_t family, ByteView address);

  std::size_t begin_group(const AvpDef<Grouped>& d) { return begin_avp(d.info); }
  void end_group(std::size_t group_start) noexcept { end_avp(group_start); }

  // An AVP already encoded (header and value, unpadded), e.g. one echoed in Failed-AVP.
  void put_raw(ByteView avp);
  // Any AVP by its description, with raw value bytes (for tests and Failed-AVP examples).
  void put_bytes(const AvpInfo& info, ByteView value);

  std::size_t size() const noexcept { return out_.size(); }

 private:
  static ByteView as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
  }
  void put_u32(const AvpInfo& info, std::uint32_t v);
  void put_u64(const AvpInfo& info, std::uint64_t v);
  std::size_t begin_avp(const AvpInfo& info);
  void end_avp(std::size_t avp_start) noexcept;
  std::uint8_t* grow(std::size_t n);

  std::vector<std::uint8_t>& out_;
};

inline void store_u24(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 16);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  p[2] = static_cast<std::uint8_t>(v);
}
inline void store_u32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  store_u24(p + 1, v);
}

}  // namespace iotboot::diameter
