// The service manager's side of readiness and liveness (sd_notify(3)): READY=1 once the NF
// listens, WATCHDOG=1 from the NF's io loop at half of WATCHDOG_USEC, so that a stuck io loop
// is what systemd sees and restarts. Both are no-ops unless NOTIFY_SOCKET (and, for the
// watchdog, WATCHDOG_USEC) are set, i.e. outside systemd.
#pragma once

#include <utility>

#include <boost/asio/io_context.hpp>
#include <memory>

namespace iotboot::metrics {

void notify_ready();
void notify_stopping();

// Sends WATCHDOG=1 from `io` until destroyed (nothing when the watchdog is not enabled).
class Watchdog {
 public:
  explicit Watchdog(boost::asio::io_context& io);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace iotboot::metrics
