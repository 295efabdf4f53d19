#include "metrics/metric.hpp"

#include <algorithm>

namespace iotboot::metrics {

Histogram::Histogram(std::shared_ptr<const std::vector<double>> bounds)
    : bounds_(std::move(bounds)), buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_->size() + 1)) {}

void Histogram::observe(double v) noexcept {
  // The first bound >= v (Prometheus' buckets are "less than or equal"); past the last: +Inf.
  const auto at = std::lower_bound(bounds_->begin(), bounds_->end(), v) - bounds_->begin();
  buckets_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.cumulative.resize(bounds_->size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative[i] = running;
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> seconds_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> size_buckets() {
  std::vector<double> b;
  for (double v = 1; v <= 65536; v *= 2) b.push_back(v);
  return b;
}

}  // namespace iotboot::metrics
