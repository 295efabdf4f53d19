// A Diameter error to answer with (RFC 6733 §7): the code, the AVP(s) that caused it for
// Failed-AVP, and a short Error-Message. Built by validation and by typed decoding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "diameter/avp_def.hpp"

namespace iotboot::diameter {

struct DiameterError {
  std::uint32_t result_code = 0;
  std::uint32_t experimental_vendor = 0;  // non-zero: sent as Experimental-Result with this Vendor-Id
  std::vector<std::uint8_t> failed_avp;   // encoded AVP(s) for Failed-AVP, empty for none
  std::string message;                    // Error-Message; never holds a value from the request

  static DiameterError with_avp(std::uint32_t code, ByteView avp_wire, std::string message);
  // 5005: Failed-AVP holds an example of the missing AVP with a zero value of minimum length.
  static DiameterError missing(const AvpInfo& info);
  // 5004 / 5014 for a present AVP.
  static DiameterError invalid_value(ByteView avp_wire, std::string_view name);
  static DiameterError invalid_length(ByteView avp_wire, std::string_view name);
  // 5014 for an AVP whose length runs past its region (found by a cursor).
  static DiameterError malformed();
  static DiameterError experimental(std::uint32_t vendor, std::uint32_t code, std::string message);
};

}  // namespace iotboot::diameter
