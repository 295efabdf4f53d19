// What an AVP is: code, vendor, data type and the flags the specification sets on it
// (RFC 6733 §4). Applications define their AVPs as constexpr AvpDef<Type> objects; the writer
// and reader take them, so the flags and the type of every AVP are fixed in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace iotboot::diameter {

inline constexpr std::uint8_t kAvpFlagVendor = 0x80;
inline constexpr std::uint8_t kAvpFlagMandatory = 0x40;
inline constexpr std::uint8_t kAvpFlagProtected = 0x20;
inline constexpr std::uint8_t kAvpReservedFlags = 0x1f;

inline constexpr std::uint32_t kVendor3gpp = 10415;
inline constexpr std::uint32_t kVendorIotboot = 32473;  // RFC 5612's documentation enterprise number

// RFC 6733 §4.2-4.3 data formats.
enum class AvpType : std::uint8_t {
  octet_string,
  integer32,
  integer64,
  unsigned32,
  unsigned64,
  float32,
  float64,
  grouped,
  address,
  time,
  utf8_string,
  diameter_identity,
  diameter_uri,
  enumerated,
};

std::string_view to_string(AvpType t) noexcept;

// The size of every value of the type when it is fixed (RFC 6733 §4.2-4.3), else nullopt.
constexpr std::optional<std::size_t> fixed_value_size(AvpType t) noexcept {
  switch (t) {
    case AvpType::integer32:
    case AvpType::unsigned32:
    case AvpType::float32:
    case AvpType::time:
    case AvpType::enumerated: return 4;
    case AvpType::integer64:
    case AvpType::unsigned64:
    case AvpType::float64: return 8;
    default: return std::nullopt;
  }
}

// Type tags, so that an AvpDef<T> says at compile time what its value is.
struct OctetString {
  static constexpr AvpType type = AvpType::octet_string;
};
struct Integer32 {
  static constexpr AvpType type = AvpType::integer32;
};
struct Integer64 {
  static constexpr AvpType type = AvpType::integer64;
};
struct Unsigned32 {
  static constexpr AvpType type = AvpType::unsigned32;
};
struct Unsigned64 {
  static constexpr AvpType type = AvpType::unsigned64;
};
struct Float32 {
  static constexpr AvpType type = AvpType::float32;
};
struct Float64 {
  static constexpr AvpType type = AvpType::float64;
};
struct Grouped {
  static constexpr AvpType type = AvpType::grouped;
};
struct Address {
  static constexpr AvpType type = AvpType::address;
};
struct Time {
  static constexpr AvpType type = AvpType::time;
};
struct Utf8String {
  static constexpr AvpType type = AvpType::utf8_string;
};
struct DiameterIdentity {
  static constexpr AvpType type = AvpType::diameter_identity;
};
struct DiameterUri {
  static constexpr AvpType type = AvpType::diameter_uri;
};
struct Enumerated {
  static constexpr AvpType type = AvpType::enumerated;
};

// The untyped description the dictionary keeps.
struct AvpInfo {
  std::uint32_t code;
  std::uint32_t vendor;  // 0: no Vendor-Id, V bit clear
  AvpType type;
  bool mandatory;      // the M bit we set, and the one a peer must set ("MUST")
  bool may_mandatory;  // whether a received M bit is allowed (MUST or MAY)
  std::string_view name;

  constexpr std::uint8_t flags() const noexcept {
    return static_cast<std::uint8_t>((vendor != 0 ? kAvpFlagVendor : 0) | (mandatory ? kAvpFlagMandatory : 0));
  }
  friend constexpr bool operator==(const AvpInfo&, const AvpInfo&) = default;
};

template <typename T>
struct AvpDef {
  AvpInfo info;
  constexpr std::uint32_t code() const noexcept { return info.code; }
  constexpr std::uint32_t vendor() const noexcept { return info.vendor; }
  constexpr std::uint8_t flags() const noexcept { return info.flags(); }
};

// An AVP whose M bit is set ("MUST") or clear ("MUST NOT"/"MAY", sent clear, accepted either way).
template <typename T>
constexpr AvpDef<T> must(std::uint32_t code, std::uint32_t vendor, std::string_view name) {
  return {{code, vendor, T::type, true, true, name}};
}
template <typename T>
constexpr AvpDef<T> may(std::uint32_t code, std::uint32_t vendor, std::string_view name) {
  return {{code, vendor, T::type, false, true, name}};
}
template <typename T>
constexpr AvpDef<T> must_not(std::uint32_t code, std::uint32_t vendor, std::string_view name) {
  return {{code, vendor, T::type, false, false, name}};
}

}  // namespace iotboot::diameter
