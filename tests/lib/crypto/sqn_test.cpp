#include "crypto/sqn.hpp"

#include <gtest/gtest.h>

#include <set>

namespace iotboot::crypto {
namespace {

constexpr unsigned kInd = 5;

TEST(SqnAllocation, IncrementsSeqAndCyclesInd) {
  Sqn s;
  std::set<std::uint64_t> seen;
  for (int i = 1; i <= 100; ++i) {
    s = next_sqn(s, kInd);
    EXPECT_EQ(s.seq(kInd), static_cast<std::uint64_t>(i));
    EXPECT_EQ(s.ind(kInd), static_cast<std::uint64_t>(i % 32));
    EXPECT_TRUE(seen.insert(s.value()).second);
  }
}

TEST(SqnAllocation, ResyncNeverMovesSeqBackwards) {
  const Sqn he = Sqn::from_parts(500, 3, kInd);
  EXPECT_EQ(sqn_after_resync(he, Sqn::from_parts(900, 7, kInd), kInd).seq(kInd), 900u);
  EXPECT_EQ(sqn_after_resync(he, Sqn::from_parts(100, 7, kInd), kInd).seq(kInd), 500u);
  // The next vector after a resync is fresh for the USIM that sent SQN_MS.
  UsimSqnState usim;
  usim.accept(Sqn::from_parts(900, 7, kInd));
  EXPECT_EQ(usim.check(next_sqn(sqn_after_resync(he, usim.sqn_ms(), kInd), kInd)), Freshness::fresh);
}

TEST(UsimSqn, AcceptsIncreasingSeq) {
  UsimSqnState usim;
  for (std::uint64_t seq = 1; seq < 70; ++seq) {
    const Sqn s = Sqn::from_parts(seq, seq % 32, kInd);
    ASSERT_EQ(usim.check(s), Freshness::fresh);
    usim.accept(s);
  }
  EXPECT_EQ(usim.sqn_ms().seq(kInd), 69u);
}

TEST(UsimSqn, RejectsReplay) {
  UsimSqnState usim;
  const Sqn s = Sqn::from_parts(10, 3, kInd);
  usim.accept(s);
  EXPECT_EQ(usim.check(s), Freshness::replayed);
  EXPECT_EQ(usim.check(Sqn::from_parts(9, 3, kInd)), Freshness::replayed);  // older in the same slot
}

TEST(UsimSqn, AcceptsOutOfOrderInOtherSlots) {
  // Vectors used out of order (e.g. by two MMEs) are fine as long as their IND slots differ.
  UsimSqnState usim;
  usim.accept(Sqn::from_parts(20, 4, kInd));
  EXPECT_EQ(usim.check(Sqn::from_parts(15, 5, kInd)), Freshness::fresh);
}

TEST(UsimSqn, RejectsJumpBeyondDelta) {
  UsimSqnState usim;
  const std::uint64_t delta = usim.policy().delta;
  EXPECT_EQ(usim.check(Sqn::from_parts(delta, 1, kInd)), Freshness::fresh);
  EXPECT_EQ(usim.check(Sqn::from_parts(delta + 1, 1, kInd)), Freshness::too_far_ahead);
}

TEST(UsimSqn, RejectsSeqOlderThanL) {
  UsimSqnState usim;
  const std::uint64_t l = usim.policy().age_limit;
  usim.accept(Sqn::from_parts(l + 100, 4, kInd));
  // C.2.2: accepted only if SEQ_MS − SEQ < L.
  EXPECT_EQ(usim.check(Sqn::from_parts(101, 9, kInd)), Freshness::fresh);
  EXPECT_EQ(usim.check(Sqn::from_parts(100, 9, kInd)), Freshness::too_old);
}

TEST(UsimSqn, RestoresStoredState) {
  UsimSqnState a;
  a.accept(Sqn::from_parts(42, 10, kInd));
  UsimSqnState b;
  b.restore(a.seq_ms(), a.sqn_ms());
  EXPECT_EQ(b.check(Sqn::from_parts(42, 10, kInd)), Freshness::replayed);
  EXPECT_EQ(b.sqn_ms(), a.sqn_ms());
  EXPECT_THROW(b.restore({1, 2, 3}, Sqn{}), std::invalid_argument);
}

}  // namespace
}  // namespace iotboot::crypto
