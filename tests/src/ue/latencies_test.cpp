#include "ue/latencies.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace iotboot::ue {
namespace {

// The rank the percentile names, on the exact samples (what the histogram stands in for).
double exact_percentile(std::vector<double> ms, double p) {
  std::sort(ms.begin(), ms.end());
  return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))];
}

TEST(Latencies, NoSamplesIsZero) { EXPECT_EQ(Latencies().percentile(0.99), 0); }

TEST(Latencies, ExactBelow256Microseconds) {
  Latencies l;
  for (double ms : {0.003, 0.100, 0.255}) l.add(ms);
  EXPECT_DOUBLE_EQ(l.percentile(0), 0.003);
  EXPECT_DOUBLE_EQ(l.percentile(0.5), 0.100);
  EXPECT_DOUBLE_EQ(l.percentile(1), 0.255);
}

// Samples spread over seven decades (10 µs to 100 s): every percentile within 1/512 of the
// exact one (plus the microsecond the samples are rounded to).
TEST(Latencies, PercentilesWithinOnePartIn512OfTheExactSamples) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> decade(-2, 5);
    std::vector<double> samples;
    Latencies l;
    for (int i = 0; i < 20000; ++i) {
      samples.push_back(std::pow(10.0, decade(random)));
      l.add(samples.back());
    }
    EXPECT_EQ(l.count(), samples.size());
    for (double p : {0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
      const double exact = exact_percentile(samples, p);
      EXPECT_NEAR(l.percentile(p), exact, exact / 512 + 0.001) << "p" << p << " seed " << seed;
    }
  }
}

TEST(Latencies, OutOfRangeSamplesAreCountedNotLost) {
  Latencies l;
  l.add(-1);
  l.add(std::numeric_limits<double>::quiet_NaN());
  l.add(std::numeric_limits<double>::infinity());
  l.add(1e12);  // about 32 years: counts as the longest the histogram holds
  EXPECT_EQ(l.count(), 4u);
  EXPECT_EQ(l.percentile(0), 0);
  EXPECT_GT(l.percentile(1), 4 * 3600e3);  // over 4 hours
}

}  // namespace
}  // namespace iotboot::ue
