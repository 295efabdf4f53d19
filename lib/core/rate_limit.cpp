#include "core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace iotboot {

RateLimit::RateLimit(double per_second, double burst, std::size_t max_keys)
    : rate_(per_second), burst_(std::max(burst, 1.0)), max_keys_(max_keys) {}

// A bucket refilled to its burst is the same as none.
void RateLimit::forget_idle(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& kv) {
    return kv.second.tokens + rate_ * std::chrono::duration<double>(now - kv.second.at).count() >= burst_;
  });
}

std::optional<std::chrono::milliseconds> RateLimit::take(std::string_view identity, Clock::time_point now) {
  if (buckets_.size() >= max_keys_ && buckets_.find(std::string(identity)) == buckets_.end()) {
    forget_idle(now);
    if (buckets_.size() >= max_keys_) return std::chrono::milliseconds(1000);
  }
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

}  // namespace iotboot
