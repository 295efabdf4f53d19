#include "as/source_ban.hpp"

#include <gtest/gtest.h>

namespace iotboot::as {
namespace {

using namespace std::chrono_literals;
using Clock = SourceBan::Clock;

constexpr std::uint32_t kFlooder = 0x7f000002, kOther = 0x7f000001;

SourceBan::Limits limits(unsigned refusals) {
  SourceBan::Limits l;
  l.refusals = refusals;
  l.window = 10s;
  l.ban = 60s;
  return l;
}

TEST(SourceBan, BansAnAddressOnItsNthRefusalWithinTheWindow) {
  SourceBan ban(limits(3));
  const Clock::time_point t0{};
  EXPECT_FALSE(ban.refused(kFlooder, t0));
  EXPECT_FALSE(ban.refused(kOther, t0 + 1s));
  EXPECT_FALSE(ban.refused(kFlooder, t0 + 2s));
  EXPECT_TRUE(ban.refused(kFlooder, t0 + 3s));
  EXPECT_EQ(ban.banned(), std::vector<std::uint32_t>{kFlooder});
  EXPECT_FALSE(ban.refused(kFlooder, t0 + 4s));  // already banned: counted once
  EXPECT_EQ(ban.bans(), 1u);
}

TEST(SourceBan, RefusalsSpreadOverMoreThanTheWindowDoNotBan) {
  SourceBan ban(limits(3));
  const Clock::time_point t0{};
  for (int i = 0; i < 30; ++i) EXPECT_FALSE(ban.refused(kOther, t0 + i * 6s));  // two per window at most
  EXPECT_TRUE(ban.banned().empty());
}

TEST(SourceBan, ABanRunsOutAfterItsTimeAndCountingStartsAgain) {
  SourceBan ban(limits(2));
  const Clock::time_point t0{};
  ban.refused(kFlooder, t0);
  ASSERT_TRUE(ban.refused(kFlooder, t0));
  EXPECT_FALSE(ban.lift_expired(t0 + 59s));
  EXPECT_TRUE(ban.lift_expired(t0 + 60s));
  EXPECT_TRUE(ban.banned().empty());
  EXPECT_FALSE(ban.refused(kFlooder, t0 + 61s));
  EXPECT_TRUE(ban.refused(kFlooder, t0 + 61s));
}

TEST(SourceBan, ZeroRefusalsNeverBans) {
  SourceBan ban(limits(0));
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(ban.refused(kFlooder, Clock::time_point{}));
}

TEST(SourceBan, BansAtMostMaxBannedAndCountsAtMostMaxTrackedAddresses) {
  SourceBan::Limits l = limits(1);
  l.max_banned = 2;
  SourceBan ban(l);
  EXPECT_TRUE(ban.refused(1, Clock::time_point{}));
  EXPECT_TRUE(ban.refused(2, Clock::time_point{}));
  EXPECT_FALSE(ban.refused(3, Clock::time_point{}));  // the filter is full
  EXPECT_EQ(ban.banned().size(), 2u);

  l = limits(2);
  l.max_tracked = 2;
  SourceBan tracked(l);
  tracked.refused(1, Clock::time_point{});
  tracked.refused(2, Clock::time_point{});
  EXPECT_FALSE(tracked.refused(3, Clock::time_point{}));
  EXPECT_FALSE(tracked.refused(3, Clock::time_point{}));  // not counted while two others are
  // Once the others' window has passed, they are forgotten and 3 is counted.
  EXPECT_FALSE(tracked.refused(3, Clock::time_point{} + 10s));
  EXPECT_TRUE(tracked.refused(3, Clock::time_point{} + 10s));
}

TEST(SourceBan, BansAnAddressHoldingMoreThanItsHandshakesInProgress) {
  SourceBan::Limits l = limits(20);
  l.handshakes_in_progress = 2;
  SourceBan ban(l);
  const Clock::time_point t0{};
  int sessions[4] = {};
  EXPECT_FALSE(ban.handshake_started(&sessions[0], kFlooder, t0));
  EXPECT_FALSE(ban.handshake_started(&sessions[1], kFlooder, t0));
  EXPECT_FALSE(ban.handshake_started(&sessions[2], kOther, t0));  // counted by address
  ban.handshake_ended(&sessions[0]);
  EXPECT_FALSE(ban.handshake_started(&sessions[3], kFlooder, t0));  // two again
  ban.handshake_ended(&sessions[0]);                                // twice: no effect
  EXPECT_TRUE(ban.handshake_started(&sessions[0], kFlooder, t0));   // the third at once
  EXPECT_EQ(ban.banned(), std::vector<std::uint32_t>{kFlooder});
}

TEST(SourceBan, ForgetsHandshakesLibcoapDroppedWithoutSaying) {
  SourceBan::Limits l = limits(20);
  l.handshakes_in_progress = 1;
  SourceBan ban(l);
  int sessions[2] = {};
  EXPECT_FALSE(ban.handshake_started(&sessions[0], kFlooder, Clock::time_point{}));
  ban.lift_expired(Clock::time_point{} + 36s);  // past libcoap's 30 s
  EXPECT_FALSE(ban.handshake_started(&sessions[1], kFlooder, Clock::time_point{} + 36s));
  EXPECT_TRUE(ban.banned().empty());
}

}  // namespace
}  // namespace iotboot::as
