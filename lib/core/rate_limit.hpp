// A token bucket per key (rate per second, burst at most): the Key API's requests per AS
// identity, the AS's Key API fetches per client address. One thread uses it: no lock. Keys
// idle for longer than a full refill are forgotten, so made-up keys cannot grow it for long.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace iotboot {

class RateLimit {
 public:
  using Clock = std::chrono::steady_clock;
  // max_keys: buckets kept at most; a new key past it, with none idle to forget, waits.
  RateLimit(double per_second, double burst, std::size_t max_keys = 65536);

  // Takes one request's token: nullopt when there was one, else how long until there is.
  std::optional<std::chrono::milliseconds> take(std::string_view identity, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  void forget_idle(Clock::time_point now);
  double rate_, burst_;
  std::size_t max_keys_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace iotboot
