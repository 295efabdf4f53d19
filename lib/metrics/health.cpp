#include "metrics/health.hpp"

namespace iotboot::metrics {

Registration Health::add_readiness(Check check) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_++;
  checks_.emplace(id, std::move(check));
  return Registration([this, id] {
    std::lock_guard undo_lock(mutex_);
    checks_.erase(id);
  });
}

std::string Health::not_ready() const {
  std::lock_guard lock(mutex_);
  std::string reasons;
  for (const auto& [id, check] : checks_) {
    const std::string why = check();
    if (why.empty()) continue;
    if (!reasons.empty()) reasons += "; ";
    reasons += why;
  }
  return reasons;
}

Registration register_ready_gauge(Health& health, Registry& registry) {
  return registry.collect_gauge("iotboot_ready", "1 when the process is ready (GET /readyz answers 200), else 0", {},
                                [&health](const Emit& emit) { emit({}, health.not_ready().empty() ? 1 : 0); });
}

Health& process_health() {
  static Health health;
  return health;
}

}  // namespace iotboot::metrics
