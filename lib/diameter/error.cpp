#include "diameter/error.hpp"

#include "diameter/result_codes.hpp"
#include "diameter/writer.hpp"

namespace iotboot::diameter {
namespace {

// The shortest valid value: what a Failed-AVP for a missing AVP carries, zero-filled.
std::size_t minimum_value_size(AvpType t) noexcept {
  return fixed_value_size(t).value_or(t == AvpType::address ? 6 : 0);  // an address: family + IPv4
}

}  // namespace

DiameterError DiameterError::with_avp(std::uint32_t code, ByteView avp_wire, std::string message) {
  DiameterError e;
  e.result_code = code;
  e.failed_avp.assign(avp_wire.begin(), avp_wire.end());
  e.message = std::move(message);
  return e;
}

DiameterError DiameterError::missing(const AvpInfo& info) {
  DiameterError e;
  e.result_code = result::kMissingAvp;
  const std::uint8_t zeros[8] = {};
  Writer w(e.failed_avp);
  w.put_bytes(info, ByteView(zeros, minimum_value_size(info.type)));
  e.message = "missing AVP " + std::string(info.name);
  return e;
}

DiameterError DiameterError::invalid_value(ByteView avp_wire, std::string_view name) {
  return with_avp(result::kInvalidAvpValue, avp_wire, "invalid value of " + std::string(name));
}

DiameterError DiameterError::invalid_length(ByteView avp_wire, std::string_view name) {
  return with_avp(result::kInvalidAvpLength, avp_wire, "invalid length of " + std::string(name));
}

DiameterError DiameterError::malformed() {
  DiameterError e;
  e.result_code = result::kInvalidAvpLength;
  e.message = "AVP length out of bounds";
  return e;
}

DiameterError DiameterError::experimental(std::uint32_t vendor, std::uint32_t code, std::string message) {
  DiameterError e;
  e.result_code = code;
  e.experimental_vendor = vendor;
  e.message = std::move(message);
  return e;
}

}  // namespace iotboot::diameter
