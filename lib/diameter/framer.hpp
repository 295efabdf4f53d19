// Diameter messages out of a TCP byte stream: the message length is octets 1-3 of the header
// (RFC 6733 §3), at least the header and at most the configured maximum.
#pragma once

#include <cstddef>

#include "core/length_prefixed_framer.hpp"

namespace iotboot::diameter {

class Framer : public LengthPrefixedFramer {
 public:
  explicit Framer(std::size_t max_message_size = 65536);
};

}  // namespace iotboot::diameter
