#include "core/rate_limit.hpp"

#include <gtest/gtest.h>

namespace iotboot {
namespace {

using namespace std::chrono_literals;

TEST(RateLimit, ABurstThenOneTokenPerPeriodForEachIdentity) {
  RateLimit limit(10, 3);  // 10/s: a token each 100 ms, 3 at most
  const auto t0 = RateLimit::Clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limit.take("as1.example.com", t0));
  EXPECT_EQ(limit.take("as1.example.com", t0), 100ms);
  EXPECT_FALSE(limit.take("as2.example.com", t0));  // a bucket of its own
  EXPECT_EQ(limit.take("as1.example.com", t0 + 60ms), 40ms);
  EXPECT_FALSE(limit.take("as1.example.com", t0 + 100ms));
  EXPECT_TRUE(limit.take("as1.example.com", t0 + 100ms));
  // Idle for long: back to the burst, no more.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limit.take("as1.example.com", t0 + 1h));
  EXPECT_TRUE(limit.take("as1.example.com", t0 + 1h));
}

// Made-up keys cannot grow it past its bound: idle buckets are forgotten, and past the bound
// with none idle a new key waits.
TEST(RateLimit, KeepsAtMostItsBoundOfKeys) {
  RateLimit limit(1, 1, 2);
  const auto t0 = RateLimit::Clock::time_point{} + 1h;
  EXPECT_FALSE(limit.take("a", t0));
  EXPECT_FALSE(limit.take("b", t0));
  EXPECT_EQ(limit.take("c", t0), 1000ms);  // a and b are both empty
  EXPECT_FALSE(limit.take("c", t0 + 1s));  // a and b refilled: forgotten
  EXPECT_TRUE(limit.take("c", t0 + 1s));
}

}  // namespace
}  // namespace iotboot
