// A command's or a Grouped AVP's grammar, in the style of RFC 6733 §3.2's Command Code Format:
// which AVPs it holds, how often each may occur, and where each value goes in the typed
// message. One grammar drives the checks and the decoding, so a typed message's decode is
// just its list of rules. Walking the AVPs once:
// - an AVP the grammar names is bound into the message; a second one where one is allowed is
//   DIAMETER_AVP_OCCURS_TOO_MANY_TIMES (5009) with that AVP;
// - an AVP it does not name is skipped (validation has refused an unknown one with the M bit);
// - a required AVP that never came is DIAMETER_MISSING_AVP (5005) with it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "diameter/error.hpp"
#include "diameter/message.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::diameter {

using MaybeError = std::optional<DiameterError>;

enum class Occurs : std::uint8_t {
  one,           // {AVP}
  optional,      // [AVP]
  any,           // *[AVP]
  at_least_one,  // 1*{AVP}
};

template <typename T>
struct Rule {
  const AvpInfo* avp;
  Occurs occurs;
  MaybeError (*bind)(const AvpView& a, T& out);
};

template <typename T, std::size_t... N>
constexpr std::array<Rule<T>, (N + ...)> join(const std::array<Rule<T>, N>&... parts) {
  std::array<Rule<T>, (N + ...)> all{};
  std::size_t i = 0;
  ((std::copy(parts.begin(), parts.end(), all.begin() + static_cast<std::ptrdiff_t>(i)), i += N), ...);
  return all;
}

namespace detail {

// on_cut: the error for an AVP whose length runs past its region.
template <typename T, std::size_t N, typename OnCut>
MaybeError bind_avps(AvpCursor& c, const std::array<Rule<T>, N>& grammar, T& out, OnCut on_cut) {
  std::array<std::uint8_t, N> seen{};
  AvpView a;
  while (c.next(a)) {
    for (std::size_t i = 0; i < N; ++i) {
      const Rule<T>& r = grammar[i];
      if (r.avp->code != a.code || r.avp->vendor != a.vendor) continue;
      if (seen[i] != 0 && (r.occurs == Occurs::one || r.occurs == Occurs::optional)) {
        return DiameterError::with_avp(result::kAvpOccursTooManyTimes, a.wire,
                                       std::string(r.avp->name) + " occurs more than once");
      }
      seen[i] = 1;
      if (auto err = r.bind(a, out)) return err;
      break;
    }
  }
  if (c.failed()) return on_cut();
  for (std::size_t i = 0; i < N; ++i) {
    const Rule<T>& r = grammar[i];
    if (seen[i] == 0 && (r.occurs == Occurs::one || r.occurs == Occurs::at_least_one)) {
      return DiameterError::missing(*r.avp);
    }
  }
  return std::nullopt;
}

}  // namespace detail

// A message's AVPs into `out`.
template <typename T, std::size_t N>
MaybeError decode_message(const MessageView& m, const std::array<Rule<T>, N>& grammar, T& out) {
  AvpCursor c = m.avps();
  return detail::bind_avps(c, grammar, out, [] { return DiameterError::malformed(); });
}

// A Grouped AVP's AVPs into `out`; `group` is the Grouped AVP's own definition.
template <typename T, std::size_t N>
MaybeError decode_group(const AvpView& a, const AvpInfo& group, const std::array<Rule<T>, N>& grammar, T& out) {
  AvpCursor c(a.data);
  return detail::bind_avps(c, grammar, out, [&] { return DiameterError::invalid_length(a.wire, group.name); });
}

}  // namespace iotboot::diameter
