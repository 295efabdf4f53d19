// The monotonic clock of the NFs' protocol timers (the MME's NAS timers and housekeeping): the
// steady clock plus an offset that only tests move. A test advances it instead of sleeping,
// and the timers due by then fire at once, however long the timer; in production the offset
// stays 0 and TimerClock is std::chrono::steady_clock.
#pragma once

#include <utility>  // before asio (Boost 1.74 with C++20 coroutines)

#include <atomic>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <memory>

namespace iotboot::async {

struct TimerClock {
  using duration = std::chrono::steady_clock::duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<TimerClock>;
  static constexpr bool is_steady = true;

  static time_point now() noexcept {
    return time_point(std::chrono::steady_clock::now().time_since_epoch() +
                      duration(offset().load(std::memory_order_relaxed)));
  }

  // Tests: moves now() forward by d for every timer of the process, then wakes io's reactor so
  // that the timers due by then run. (Asio re-arms its wake-up only when a timer is scheduled,
  // so a short-lived timer that is already due is scheduled on io.)
  static void advance(boost::asio::io_context& io, duration d) {
    offset().fetch_add(d.count(), std::memory_order_relaxed);
    boost::asio::post(io, [&io] {
      auto wake = std::make_shared<boost::asio::basic_waitable_timer<TimerClock>>(io, time_point::min());
      wake->async_wait([wake](const boost::system::error_code&) {});
    });
  }

 private:
  static std::atomic<rep>& offset() noexcept {
    static std::atomic<rep> ticks{0};
    return ticks;
  }
};

using Timer = boost::asio::basic_waitable_timer<TimerClock>;

}  // namespace iotboot::async
