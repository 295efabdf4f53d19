// Requests per AS identity at the Key API: a token bucket per identity (rate per second, burst
// at most), so that one application server, or a flood of made-up GUTIs through it, cannot
// take the SCEF from the others. Identities are those of authorised client certificates (a
// bounded set: the allow-list). One io thread uses it: no lock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace iotboot::scef {

class RequestRateLimit {
 public:
  using Clock = std::chrono::steady_clock;
  RequestRateLimit(double per_second, double burst);

  // Takes one request's token: nullopt when there was one, else how long until there is.
  std::optional<std::chrono::milliseconds> take(std::string_view identity, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  double rate_, burst_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace iotboot::scef
