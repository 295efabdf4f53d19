// Which client addresses the AS stops listening to: an address whose DTLS handshakes were
// refused (identity not a GUTI, unknown to the SCEF, over its Key API fetch limit) `refusals`
// times within `window` is banned for `ban`, and its datagrams are then dropped in the kernel
// (socket_filter.hpp) before libcoap and OpenSSL spend anything on them.
//
// A refusal happens after the DTLS cookie exchange (RFC 6347 §4.2.1), so the address has
// answered from where it claims to be: a spoofed source cannot get another host banned that way.
// An address holding more than `handshakes_in_progress` handshakes at once is banned too:
// libcoap 4.3 keeps a session per ClientHello, before the cookie, so one host could otherwise
// hold every place (coap.max_handshakes) for 30 s by never answering. That ban needs no proof of
// the address: a host that can forge source addresses can have another banned this way, as it
// could fill every place without the cap.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace iotboot::as {

class SourceBan {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    unsigned refusals = 0;  // 0 (the default): never ban on refusals
    std::chrono::seconds window{10};
    std::chrono::seconds ban{60};
    std::size_t max_banned = 1024;           // addresses banned at once (the kernel filter's size)
    std::size_t max_tracked = 65536;         // addresses counted at once
    unsigned handshakes_in_progress = 1024;  // per address (a quarter of coap.max_handshakes); 0: no cap
  };
  explicit SourceBan(Limits limits) : limits_(limits) {}

  // Counts one refused handshake from `ipv4` (host byte order): true when this bans it.
  bool refused(std::uint32_t ipv4, Clock::time_point now);
  // A handshake began (libcoap made a session for a ClientHello) or ended, either way: true
  // when its address now holds more than handshakes_in_progress and this bans it.
  bool handshake_started(const void* session, std::uint32_t ipv4, Clock::time_point now);
  void handshake_ended(const void* session);
  // Bans `ipv4` now: true unless it already was, or max_banned are.
  bool ban(std::uint32_t ipv4, Clock::time_point now);
  // Lifts the bans that have run out: true when one was lifted. Forgets handshakes older than
  // libcoap's 30 s for unfinished ones (whatever libcoap freed without telling).
  bool lift_expired(Clock::time_point now);

  std::vector<std::uint32_t> banned() const;           // host byte order, for the filter
  std::size_t bans() const noexcept { return bans_; }  // bans so far

 private:
  struct Count {
    Clock::time_point since;
    unsigned refusals;
  };
  void forget_old_counts(Clock::time_point now);
  struct Handshake {
    std::uint32_t ipv4;
    Clock::time_point since;
  };
  Limits limits_;
  std::unordered_map<std::uint32_t, Count> counts_;
  std::unordered_map<std::uint32_t, Clock::time_point> banned_;  // until
  std::size_t bans_ = 0;
  std::unordered_map<const void*, Handshake> handshakes_;
  std::unordered_map<std::uint32_t, unsigned> in_progress_;  // by address
  Clock::time_point swept_{};
};

}  // namespace iotboot::as
