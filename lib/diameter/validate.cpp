#include "diameter/validate.hpp"

#include <algorithm>

#include "diameter/dictionary.hpp"
#include "diameter/result_codes.hpp"
#include "diameter/writer.hpp"

namespace iotboot::diameter {
namespace {

// For an AVP whose length is wrong: its header with the length set to the header alone
// (RFC 6733 §7.1.5, DIAMETER_INVALID_AVP_LENGTH: "the offending AVP header and a zero filled
// payload of the minimum required length" suffices).
DiameterError bad_length_at(ByteView at) {
  DiameterError e;
  e.result_code = result::kInvalidAvpLength;
  e.message = "AVP length out of bounds";
  if (at.size() >= 8) {
    const std::size_t header = (at[4] & kAvpFlagVendor) && at.size() >= 12 ? 12 : 8;
    e.failed_avp.assign(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(header));
    store_u24(e.failed_avp.data() + 5, static_cast<std::uint32_t>(header));
  }
  return e;
}

class Walker {
 public:
  explicit Walker(const ValidationLimits& limits) : limits_(limits) {}

  std::optional<DiameterError> walk(ByteView region, std::size_t depth) {
    AvpCursor cursor(region);
    AvpView a;
    while (cursor.next(a)) {
      if (++count_ > limits_.max_avps) {
        return DiameterError::with_avp(result::kUnableToComply, a.wire, "too many AVPs");
      }
      if (auto e = check(a, depth)) return e;
    }
    if (cursor.failed()) return bad_length_at(cursor.failed_at());
    return std::nullopt;
  }

 private:
  std::optional<DiameterError> check(const AvpView& a, std::size_t depth) {
    if ((a.flags & kAvpReservedFlags) != 0 || ((a.flags & kAvpFlagVendor) && a.vendor == 0)) {
      return DiameterError::with_avp(result::kInvalidAvpBits, a.wire, "AVP flags set to unrecognised values");
    }
    const AvpInfo* info = find_avp(a.code, a.vendor);
    if (info == nullptr) {
      if (a.mandatory()) return DiameterError::with_avp(result::kAvpUnsupported, a.wire, "unknown AVP with the M bit");
      return std::nullopt;
    }
    if (a.mandatory() && !info->may_mandatory) {
      return DiameterError::with_avp(result::kInvalidAvpBits, a.wire, "M bit set on " + std::string(info->name));
    }
    if (auto size = fixed_value_size(info->type); size && a.data.size() != *size) {
      return DiameterError::invalid_length(a.wire, info->name);
    }
    switch (info->type) {
      case AvpType::utf8_string:
        if (!as_utf8(a)) return DiameterError::invalid_value(a.wire, info->name);
        break;
      case AvpType::diameter_identity:
        if (!as_identity(a)) return DiameterError::invalid_value(a.wire, info->name);
        break;
      case AvpType::address:
        if (!as_address(a)) return DiameterError::invalid_value(a.wire, info->name);
        break;
      case AvpType::grouped:
        if (depth + 1 > limits_.max_depth) {
          return DiameterError::with_avp(result::kInvalidAvpValue, a.wire, "Grouped AVPs nested too deeply");
        }
        return walk(a.data, depth + 1);
      default: break;
    }
    return std::nullopt;
  }

  const ValidationLimits& limits_;
  std::size_t count_ = 0;
};

}  // namespace

std::optional<DiameterError> validate(const MessageView& message, const ValidationLimits& limits) {
  const Header& h = message.header();
  if (h.version != kVersion) {
    DiameterError e;
    e.result_code = result::kUnsupportedVersion;
    e.message = "unsupported Diameter version";
    return e;
  }
  if (h.length % 4 != 0) {
    DiameterError e;
    e.result_code = result::kInvalidMessageLength;
    e.message = "message length not a multiple of 4";
    return e;
  }
  if (h.is_request() && h.is_error()) {
    DiameterError e;
    e.result_code = result::kInvalidHdrBits;
    e.message = "E bit set on a request";
    return e;
  }
  return Walker(limits).walk(message.body(), 0);
}

}  // namespace iotboot::diameter
