#include "ue/latencies.hpp"

#include <bit>
#include <cmath>

namespace iotboot::ue {

std::size_t Latencies::bucket_of(std::uint64_t us) {
  constexpr std::uint64_t sub = 1u << kSubBits;
  if (us < sub) return us;                               // exact
  const int octave = std::bit_width(us) - 1 - kSubBits;  // 0 for 256..511 µs
  if (octave >= kOctaves) return kBuckets - 1;           // beyond the range: the last bucket
  return sub * static_cast<std::uint64_t>(octave + 1) + ((us >> octave) - sub);
}

double Latencies::middle_ms(std::size_t bucket) {
  constexpr std::uint64_t sub = 1u << kSubBits;
  if (bucket < sub) return static_cast<double>(bucket) / 1000.0;
  const std::uint64_t octave = bucket / sub - 1;
  const std::uint64_t low = (sub + bucket % sub) << octave;
  const double width = static_cast<double>(std::uint64_t{1} << octave);
  return (static_cast<double>(low) + (width - 1) / 2) / 1000.0;
}

void Latencies::add(double ms) {
  const double us = std::isfinite(ms) && ms > 0 ? std::round(ms * 1000.0) : 0.0;
  ++buckets_[bucket_of(us >= 0x1p62 ? std::uint64_t{1} << 62 : static_cast<std::uint64_t>(us))];
  ++count_;
}

double Latencies::percentile(double p) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(p * static_cast<double>(count_ - 1));  // 0-based
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < kBuckets; ++b) {
    seen += buckets_[b];
    if (seen > rank) return middle_ms(b);
  }
  return middle_ms(kBuckets - 1);
}

}  // namespace iotboot::ue
