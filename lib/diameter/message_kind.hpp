// What a typed message is on the wire: its application, its command, request or answer, and
// whether it may be proxied (every S6a/S6t/T6a message; never the base protocol's peer
// messages, RFC 6733 §3). The codec and the node read these; begin() starts it in a Writer.
#pragma once

#include <cstddef>
#include <cstdint>

#include "diameter/writer.hpp"

namespace iotboot::diameter {

template <std::uint32_t App, std::uint32_t Command, bool Request, bool Proxiable = (App != 0)>
struct MessageKind {
  static constexpr std::uint32_t kApplicationId = App;
  static constexpr std::uint32_t kCommand = Command;
  static constexpr bool kIsRequest = Request;
  static constexpr std::uint8_t kFlags =
      static_cast<std::uint8_t>((Request ? kFlagRequest : 0) | (Proxiable ? kFlagProxiable : 0));

  friend bool operator==(const MessageKind&, const MessageKind&) = default;  // for the messages' own ==

  static std::size_t begin(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) {
    return w.begin_message(kFlags, kCommand, kApplicationId, hop_by_hop, end_to_end);
  }
};

}  // namespace iotboot::diameter
