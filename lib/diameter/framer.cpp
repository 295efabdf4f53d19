#include "diameter/framer.hpp"

#include "diameter/message.hpp"

namespace iotboot::diameter {

Framer::Framer(std::size_t max_message_size)
    : LengthPrefixedFramer(
          4, [](const std::uint8_t* p) noexcept -> std::size_t { return load_u24(p + 1); }, kHeaderSize,
          max_message_size) {}

}  // namespace iotboot::diameter
