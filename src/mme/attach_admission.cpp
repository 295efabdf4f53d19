#include "mme/attach_admission.hpp"

#include <algorithm>

namespace iotboot::mme {

namespace {
constexpr double kInitialLimit = 16;
constexpr std::size_t kWindowAttempts = 20, kMaxWindowAttempts = 4096;
constexpr std::chrono::milliseconds kWindowTime{100}, kLongestWindow{1000};
}  // namespace

AttachAdmission::AttachAdmission(std::size_t ceiling, std::chrono::milliseconds target)
    : ceiling_(std::max<std::size_t>(ceiling, 1)),
      target_(target),
      limit_(target.count() > 0 ? std::min(kInitialLimit, static_cast<double>(ceiling_))
                                : static_cast<double>(ceiling_)) {}

void AttachAdmission::started() noexcept {
  if (++in_progress_ >= limit()) reached_ = true;
}

void AttachAdmission::ended() {
  if (in_progress_ > 0) --in_progress_;
  check_drained();
}

void AttachAdmission::when_drained(std::function<void()> drained) {
  drained_ = std::move(drained);
  check_drained();
}

void AttachAdmission::check_drained() {
  if (!drained_ || in_progress_ > limit() / 2) return;
  auto f = std::move(drained_);
  drained_ = nullptr;
  f();
}

void AttachAdmission::completed(Clock::duration took, Clock::time_point now) {
  if (target_ == Clock::duration::zero()) return;
  if (window_.empty()) window_start_ = now;
  window_.push_back(took);
  const auto open = now - window_start_;
  if ((open >= kWindowTime && window_.size() >= kWindowAttempts) || open >= kLongestWindow ||
      window_.size() >= kMaxWindowAttempts) {
    close_window(now);
  }
}

void AttachAdmission::close_window(Clock::time_point now) {
  const auto p99 = window_.begin() + static_cast<std::ptrdiff_t>(window_.size() * 99 / 100);
  std::nth_element(window_.begin(), p99, window_.end());
  const double ceiling = static_cast<double>(ceiling_);
  if (*p99 > target_) {
    slow_start_ = false;
    const double cut = std::chrono::duration<double>(target_) / std::chrono::duration<double>(*p99);
    limit_ = std::max(1.0, limit_ * std::clamp(cut, 0.5, 0.95));
  } else if (reached_) {
    limit_ = std::min(ceiling, slow_start_ ? 2 * limit_ : limit_ + std::max(1.0, limit_ / 10));
  }
  reached_ = in_progress_ >= limit();
  window_.clear();
  window_start_ = now;
}

}  // namespace iotboot::mme
