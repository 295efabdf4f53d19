// TimerClock: advancing it fires the timers due by then, at once, and no others.
#include "async/timer_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace iotboot::async {
namespace {

using namespace std::chrono_literals;

// Runs io until done() or a real-time bound passes.
template <typename Done>
bool run_until(boost::asio::io_context& io, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) io.run_one_for(50ms);
  return done();
}

TEST(TimerClock, AdvancingFiresTheTimersDueByThenAndNoOthers) {
  boost::asio::io_context io;
  bool hour = false, day = false, marker = false;
  Timer in_an_hour(io), in_a_day(io);
  in_an_hour.expires_after(1h);
  in_an_hour.async_wait([&](const boost::system::error_code& ec) { hour = !ec; });
  in_a_day.expires_after(24h);
  in_a_day.async_wait([&](const boost::system::error_code& ec) { day = !ec; });
  io.poll();  // both are scheduled and waiting

  TimerClock::advance(io, 1h + 1s);
  ASSERT_TRUE(run_until(io, [&] { return hour; }));
  boost::asio::post(io, [&] { marker = true; });
  ASSERT_TRUE(run_until(io, [&] { return marker; }));
  EXPECT_FALSE(day);

  TimerClock::advance(io, 23h);
  EXPECT_TRUE(run_until(io, [&] { return day; }));
}

TEST(TimerClock, NowMovesWithTheOffset) {
  boost::asio::io_context io;
  const auto before = TimerClock::now();
  TimerClock::advance(io, 10min);
  EXPECT_GE(TimerClock::now() - before, 10min);
}

}  // namespace
}  // namespace iotboot::async
