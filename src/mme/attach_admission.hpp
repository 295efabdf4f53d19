// How many attach attempts the MME admits at once (an attempt: from its Attach Request until
// Security Mode Complete or its end). Always at most mme.max_attach_attempts; with
// mme.attach_target_ms set, a limit below that follows how long attaches take (Attach Request
// to Attach Complete), so that under more load than the MME, HSS and SCEF can serve the attaches
// admitted still complete within the target. Only completed attaches are measured: a UE that
// never answers holds a place until T3460 gives up, but cannot shrink the limit.
//   - slow start: from 16, doubled after each window that reached the limit within target;
//   - a window whose 99th percentile passed the target cuts the limit by target/p99 (at most by
//     half); one within target that reached the limit raises it by a tenth (at least one).
// A window closes after 100 ms with 20 attempts ended, or after 1 s with one. Past the limit
// an Attach Request is rejected with #22 and its eNodeB told MME Overload Start (mme.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

namespace iotboot::mme {

class AttachAdmission {
 public:
  using Clock = std::chrono::steady_clock;
  AttachAdmission(std::size_t ceiling, std::chrono::milliseconds target);

  bool admits() const noexcept { return in_progress_ < limit(); }
  std::size_t limit() const noexcept { return static_cast<std::size_t>(limit_); }
  std::size_t in_progress() const noexcept { return in_progress_; }

  void refused() noexcept { reached_ = true; }  // an Attach Request found no place
  void started() noexcept;
  void ended();
  // Calls `drained` once, as soon as the attempts in progress are down to half the limit (at
  // once if they are): when the MME may tell its eNodeBs Overload Stop.
  void when_drained(std::function<void()> drained);
  void completed(Clock::duration took, Clock::time_point now);  // an attach, Request to Complete

 private:
  void close_window(Clock::time_point now);
  std::size_t ceiling_;
  Clock::duration target_;  // zero: the ceiling alone
  double limit_;
  bool slow_start_ = true;
  bool reached_ = false;
  std::size_t in_progress_ = 0;
  Clock::time_point window_start_{};
  std::vector<Clock::duration> window_;
  std::function<void()> drained_;
  void check_drained();
};

}  // namespace iotboot::mme
