#include "scef/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace iotboot::scef {

RequestRateLimit::RequestRateLimit(double per_second, double burst) : rate_(per_second), burst_(std::max(burst, 1.0)) {}

std::optional<std::chrono::milliseconds> RequestRateLimit::take(std::string_view identity, Clock::time_point now) {
  auto [at, fresh] = buckets_.try_emplace(std::string(identity), Bucket{burst_, now});
  Bucket& b = at->second;
  if (!fresh && now > b.at) {
    b.tokens = std::min(burst_, b.tokens + rate_ * std::chrono::duration<double>(now - b.at).count());
    b.at = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait_s = (1.0 - b.tokens) / rate_;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1000.0)));
}

}  // namespace iotboot::scef
