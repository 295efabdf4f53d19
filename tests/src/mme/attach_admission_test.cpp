#include "mme/attach_admission.hpp"

#include <gtest/gtest.h>

namespace iotboot::mme {
namespace {

using namespace std::chrono_literals;
using Clock = AttachAdmission::Clock;

// Runs `windows` windows, each of 20 attempts ending 6 ms apart (a window closes at its 20th,
// 114 ms after its first) and taking `took`, the MME kept as busy as the limit allows.
void run(AttachAdmission& a, Clock::time_point& now, int windows, Clock::duration took) {
  for (int w = 0; w < windows; ++w) {
    while (a.admits()) a.started();
    for (int i = 0; i < 20; ++i) {
      now += 6ms;
      a.ended();
      a.completed(took, now);
      if (a.admits()) a.started();
    }
  }
}

TEST(AttachAdmission, WithoutATargetTheCeilingIsTheLimit) {
  AttachAdmission a(50, 0ms);
  EXPECT_EQ(a.limit(), 50u);
  Clock::time_point now{};
  run(a, now, 20, 10s);
  EXPECT_EQ(a.limit(), 50u);
}

TEST(AttachAdmission, StartsSlowAndDoublesWhileWithinTarget) {
  AttachAdmission a(2000, 100ms);
  EXPECT_EQ(a.limit(), 16u);
  Clock::time_point now{};
  run(a, now, 3, 10ms);
  EXPECT_GE(a.limit(), 128u);
  run(a, now, 20, 10ms);
  EXPECT_EQ(a.limit(), 2000u);  // never past the ceiling
}

TEST(AttachAdmission, AttemptsPastTheTargetCutTheLimitThenItGrowsByATenth) {
  AttachAdmission a(2000, 100ms);
  Clock::time_point now{};
  run(a, now, 5, 10ms);
  const std::size_t before = a.limit();
  run(a, now, 1, 400ms);  // 4x the target: at most halved
  EXPECT_EQ(a.limit(), before / 2);
  run(a, now, 1, 120ms);
  EXPECT_LT(a.limit(), before / 2);
  const std::size_t cut = a.limit();
  run(a, now, 1, 50ms);  // congestion avoidance now: a tenth more, not double
  EXPECT_EQ(a.limit(), cut + cut / 10);
  run(a, now, 200, 1s);
  EXPECT_EQ(a.limit(), 1u);  // never below one
}

TEST(AttachAdmission, AWindowThatDidNotReachTheLimitDoesNotRaiseIt) {
  AttachAdmission a(2000, 100ms);
  Clock::time_point now{};
  for (int i = 0; i < 200; ++i) {  // one attempt at a time, 20 ms each
    a.started();
    now += 20ms;
    a.ended();
    a.completed(20ms, now);
  }
  EXPECT_EQ(a.limit(), 16u);
}

// Attempts that end without an Attach Complete (a UE that never answers, T3460 gave up) are not
// measured: whoever sends them cannot shrink the limit for everyone.
TEST(AttachAdmission, AttemptsThatNeverCompleteDoNotMoveTheLimit) {
  AttachAdmission a(2000, 100ms);
  for (int i = 0; i < 1000; ++i) {
    while (a.admits()) a.started();
    a.refused();
    a.ended();
  }
  EXPECT_EQ(a.limit(), 16u);
}

// Overload Stop comes from the attempt that brings them down to half the limit, once.
TEST(AttachAdmission, DrainedIsCalledOnceAtHalfTheLimit) {
  AttachAdmission a(10, 0ms);
  for (int i = 0; i < 10; ++i) a.started();
  int calls = 0;
  a.when_drained([&calls] { ++calls; });
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(calls, 0) << a.in_progress();
    a.ended();
  }
  EXPECT_EQ(a.in_progress(), 5u);
  EXPECT_EQ(calls, 1);
  a.ended();
  EXPECT_EQ(calls, 1);
  // Already drained: at once.
  a.when_drained([&calls] { ++calls; });
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace iotboot::mme
