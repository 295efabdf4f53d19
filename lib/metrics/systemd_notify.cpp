#include "metrics/systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>

namespace iotboot::metrics {

void notify_ready() { sd_notify(0, "READY=1"); }
void notify_stopping() { sd_notify(0, "STOPPING=1"); }

struct Watchdog::State {
  explicit State(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  std::chrono::microseconds period{0};
  bool stopped = false;
};

namespace {

void pet(const std::shared_ptr<Watchdog::State>& s) {
  if (s->stopped) return;
  sd_notify(0, "WATCHDOG=1");
  s->timer.expires_after(s->period);
  s->timer.async_wait([weak = std::weak_ptr<Watchdog::State>(s)](boost::system::error_code ec) {
    if (auto state = weak.lock(); state && !ec) pet(state);
  });
}

}  // namespace

Watchdog::Watchdog(boost::asio::io_context& io) : state_(std::make_shared<State>(io)) {
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
  state_->period = std::chrono::microseconds(usec / 2);
  pet(state_);
}

Watchdog::~Watchdog() {
  state_->stopped = true;
  state_->timer.cancel();
}

}  // namespace iotboot::metrics
