// Which client addresses the AS stops listening to: an address whose DTLS handshakes were
// refused (identity not a GUTI, unknown to the SCEF, over its Key API fetch limit) `refusals`
// times within `window` is banned for `ban`, and its datagrams are then dropped in the kernel
// (socket_filter.hpp) before libcoap and OpenSSL spend anything on them.
//
// A refusal happens after the DTLS cookie exchange (RFC 6347 §4.2.1), so the address has
// answered from where it claims to be: a spoofed source cannot get another host banned.
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
    unsigned refusals = 20;  // 0: never ban
    std::chrono::seconds window{10};
    std::chrono::seconds ban{60};
    std::size_t max_banned = 1024;    // addresses banned at once (the kernel filter's size)
    std::size_t max_tracked = 65536;  // addresses counted at once
  };
  explicit SourceBan(Limits limits) : limits_(limits) {}

  // Counts one refused handshake from `ipv4` (host byte order): true when this bans it.
  bool refused(std::uint32_t ipv4, Clock::time_point now);
  // Lifts the bans that have run out: true when one was lifted.
  bool lift_expired(Clock::time_point now);

  std::vector<std::uint32_t> banned() const;           // host byte order, for the filter
  std::size_t bans() const noexcept { return bans_; }  // bans so far

 private:
  struct Count {
    Clock::time_point since;
    unsigned refusals;
  };
  void forget_old_counts(Clock::time_point now);
  Limits limits_;
  std::unordered_map<std::uint32_t, Count> counts_;
  std::unordered_map<std::uint32_t, Clock::time_point> banned_;  // until
  std::size_t bans_ = 0;
};

}  // namespace iotboot::as
