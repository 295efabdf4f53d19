#include "diameter/error.hpp"

#include "diameter/result_codes.hpp"
#include "diameter/writer.hpp"

namespace iotboot::diameter {
namespace {

std::size_t minimum_value_size(AvpType t) noexcept {
  switch (t) {
    case AvpType::integer32:
    case AvpType::unsigned32:
    case AvpType::float32:
    case AvpType::time:
    case AvpType::enumerated: return 4;
    case AvpType::integer64:
    case AvpType::unsigned64:
    case AvpType::float64: return 8;
    case AvpType::address: return 6;
    default: return 0;
  }
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
