// Latencies of one phase of a load run, in fixed memory however long the run: a log-linear
// histogram (as HdrHistogram) of microseconds, exact below 256 µs and within 1/512 of the value
// above (256 buckets per power of two), up to about 4.7 hours (longer counts as that). A soak of
// a million bootstraps keeps four of these instead of four million samples.
#pragma once

#include <cstdint>
#include <vector>

namespace iotboot::ue {

class Latencies {
 public:
  void add(double ms);
  std::uint64_t count() const noexcept { return count_; }
  // The value below which a share p (0..1) of the samples lie: the sample of rank
  // floor(p × (count − 1)) in ascending order, as its bucket's middle; 0 without samples.
  double percentile(double p) const;

 private:
  static constexpr int kSubBits = 8;   // 256 buckets per power of two
  static constexpr int kOctaves = 26;  // 2^8 .. 2^34 µs
  static constexpr std::size_t kBuckets = (1u << kSubBits) * (kOctaves + 1);
  static std::size_t bucket_of(std::uint64_t us);
  static double middle_ms(std::size_t bucket);
  std::vector<std::uint64_t> buckets_ = std::vector<std::uint64_t>(kBuckets);  // 54 KB, on the heap
  std::uint64_t count_ = 0;
};

}  // namespace iotboot::ue
