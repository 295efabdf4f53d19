// An answer that carries only the result: S6t RIA and T6a RIA (TS 29.336 §8.2.6,
// TS 29.128, without the optional monitoring AVPs iotboot does not use).
#pragma once

#include "core/result.hpp"
#include "diameter/base/fields.hpp"
#include "diameter/message_kind.hpp"

namespace iotboot::diameter {

template <std::uint32_t App, std::uint32_t Command>
struct PlainAnswer : MessageKind<App, Command, false> {
  AnswerOrigin origin;

  friend bool operator==(const PlainAnswer&, const PlainAnswer&) = default;

  void encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
    const std::size_t m = PlainAnswer::begin(w, hop_by_hop, end_to_end);
    origin.put(w);
    w.end_message(m);
  }

  static Result<PlainAnswer, DiameterError> decode(const MessageView& m) {
    static constexpr auto kGrammar = answer_head<PlainAnswer>();
    PlainAnswer r;
    if (auto err = decode_message(m, kGrammar, r)) return *err;
    if (auto err = r.origin.check_result()) return *err;
    return r;
  }
};

}  // namespace iotboot::diameter
