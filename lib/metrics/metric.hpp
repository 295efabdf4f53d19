// The three kinds of Prometheus metric, one series each. Updates are relaxed atomics: any thread
// may update, and a scrape reads each value on its own (a scrape sees a moment's snapshot of each
// series, never a torn value).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace iotboot::metrics {

// Only goes up; restarts at 0 with the process (Prometheus' rate() handles resets).
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A count of something held now (peers, UEs, requests in flight): goes up and down.
class Gauge {
 public:
  void inc(std::int64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void dec(std::int64_t n = 1) noexcept { value_.fetch_sub(n, std::memory_order_relaxed); }
  void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Observations counted in buckets by upper bound (each bucket its own count; the cumulative
// counts Prometheus wants are summed at scrape time, so an observation costs two atomic adds).
class Histogram {
 public:
  explicit Histogram(std::shared_ptr<const std::vector<double>> bounds);
  void observe(double v) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (= the count)
    double sum = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const noexcept { return *bounds_; }

 private:
  std::shared_ptr<const std::vector<double>> bounds_;      // ascending upper bounds, +Inf implied
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_->size() + 1
  std::atomic<double> sum_{0};
};

// Upper bounds for durations in seconds, 100 µs to 10 s (a DTLS handshake or an attach on a
// loaded system is milliseconds; a store commit under fsync is 100 µs to tens of ms).
std::vector<double> seconds_buckets();
// Upper bounds for sizes counted in items (group commits of 1 to 65536 requests): powers of 2.
std::vector<double> size_buckets();

}  // namespace iotboot::metrics
