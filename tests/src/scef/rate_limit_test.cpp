#include "scef/rate_limit.hpp"

#include <gtest/gtest.h>

namespace iotboot::scef {
namespace {

using namespace std::chrono_literals;

TEST(RequestRateLimit, ABurstThenOneTokenPerPeriodForEachIdentity) {
  RequestRateLimit limit(10, 3);  // 10/s: a token each 100 ms, 3 at most
  const auto t0 = RequestRateLimit::Clock::time_point{} + 1h;
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

}  // namespace
}  // namespace iotboot::scef
