// Zero-copy views of a Diameter message (RFC 6733 §3, §4): the header and an AVP cursor that
// bounds every length against the region it walks. Views stay valid while the buffer does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"

namespace iotboot::diameter {

inline constexpr std::size_t kHeaderSize = 20;
inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::uint8_t kFlagRequest = 0x80;
inline constexpr std::uint8_t kFlagProxiable = 0x40;
inline constexpr std::uint8_t kFlagError = 0x20;
inline constexpr std::uint8_t kFlagRetransmit = 0x10;

struct Header {
  std::uint8_t version = kVersion;
  std::uint32_t length = 0;
  std::uint8_t flags = 0;
  std::uint32_t command = 0;
  std::uint32_t application = 0;
  std::uint32_t hop_by_hop = 0;
  std::uint32_t end_to_end = 0;

  bool is_request() const noexcept { return (flags & kFlagRequest) != 0; }
  bool is_error() const noexcept { return (flags & kFlagError) != 0; }
  bool is_proxiable() const noexcept { return (flags & kFlagProxiable) != 0; }
};

// p must hold at least kHeaderSize bytes.
Header parse_header(const std::uint8_t* p) noexcept;

inline std::uint32_t load_u24(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
}
inline std::uint32_t load_u32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
inline std::uint64_t load_u64(const std::uint8_t* p) noexcept {
  return (std::uint64_t{load_u32(p)} << 32) | load_u32(p + 4);
}

struct AvpView {
  std::uint32_t code = 0;
  std::uint8_t flags = 0;
  std::uint32_t vendor = 0;  // 0 when the V bit is clear
  ByteView data;             // the value, without padding
  ByteView wire;             // header and value, without padding: what Failed-AVP carries

  bool mandatory() const noexcept;
};

// Walks the AVPs of a region (a message body or a Grouped value). next() returns false at the
// end of the region or on the first malformed AVP; failed() tells which.
class AvpCursor {
 public:
  explicit AvpCursor(ByteView region) noexcept : rest_(region) {}
  bool next(AvpView& out) noexcept;
  bool failed() const noexcept { return failed_; }
  // On failure: the bytes from the malformed AVP's start to the end of the region.
  ByteView failed_at() const noexcept { return rest_; }

 private:
  ByteView rest_;
  bool failed_ = false;
};

class MessageView {
 public:
  // bytes: one whole message as the framer delivered it (length field == bytes.size()).
  explicit MessageView(ByteView bytes) noexcept : bytes_(bytes), header_(parse_header(bytes.data())) {}

  const Header& header() const noexcept { return header_; }
  ByteView bytes() const noexcept { return bytes_; }
  ByteView body() const noexcept { return bytes_.subspan(kHeaderSize); }
  AvpCursor avps() const noexcept { return AvpCursor(body()); }
  // The first top-level AVP with this code and vendor.
  std::optional<AvpView> find(std::uint32_t code, std::uint32_t vendor = 0) const noexcept;
  // Session-Id when it is the first AVP, as RFC 6733 §8.8 places it.
  std::optional<std::string_view> session_id() const noexcept;

 private:
  ByteView bytes_;
  Header header_;
};

// Value decoders. Each returns nullopt when the data does not fit the type (wrong length,
// invalid UTF-8, ...).
std::optional<std::uint32_t> as_u32(const AvpView& a) noexcept;
std::optional<std::uint64_t> as_u64(const AvpView& a) noexcept;
std::optional<std::int32_t> as_i32(const AvpView& a) noexcept;
std::optional<std::int64_t> as_i64(const AvpView& a) noexcept;
std::optional<float> as_f32(const AvpView& a) noexcept;
std::optional<double> as_f64(const AvpView& a) noexcept;
std::optional<std::string_view> as_utf8(const AvpView& a) noexcept;
// DiameterIdentity (RFC 6733 §4.3.1): a non-empty FQDN-like string of printable ASCII.
std::optional<std::string_view> as_identity(const AvpView& a) noexcept;

// Address (RFC 6733 §4.3.1): 2-octet family (1 IPv4, 2 IPv6) and the address.
struct AddressValue {
  std::uint16_t family = 0;
  ByteView address;
};
std::optional<AddressValue> as_address(const AvpView& a) noexcept;

bool is_valid_utf8(ByteView s) noexcept;

}  // namespace iotboot::diameter
