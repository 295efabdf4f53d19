#include "as/expiring_cache.hpp"

#include <gtest/gtest.h>

namespace iotboot::as {
namespace {

TEST(ExpiringCache, EntriesLiveUntilTheirExpiry) {
  ExpiringCache<int> c(10);
  c.put("a", 1, 100);
  ASSERT_NE(c.find("a", 99), nullptr);
  EXPECT_EQ(*c.find("a", 99), 1);
  EXPECT_EQ(c.find("a", 100), nullptr);
  EXPECT_EQ(c.size(), 0u);
}

TEST(ExpiringCache, WhenFullTheOldestInsertionGoes) {
  ExpiringCache<int> c(3);
  for (int i = 0; i < 3; ++i) c.put("k" + std::to_string(i), i, 1000);
  c.put("k0", 10, 1000);  // an update keeps k0's place
  c.put("k3", 3, 1000);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.find("k0", 0), nullptr);
  EXPECT_NE(c.find("k1", 0), nullptr);
  EXPECT_NE(c.find("k3", 0), nullptr);
}

// A flood of distinct keys, each dropped again (expired or erased), keeps both the map and its
// insertion order bounded.
TEST(ExpiringCache, ChurnStaysBounded) {
  ExpiringCache<int> c(100);
  for (int i = 0; i < 100000; ++i) {
    const std::string k = std::to_string(i);
    c.put(k, i, i + 1);
    if (i % 2) c.erase(k);
    EXPECT_LE(c.size(), 100u);
  }
  c.put("last", 1, 1000000);
  EXPECT_NE(c.find("last", 0), nullptr);
}

}  // namespace
}  // namespace iotboot::as
