// Readiness of the process (/readyz): checks the NFs register, each saying in a few words why
// it is not ready ("S6a peer hss.iotboot.test not open"), or nothing when it is. Checks are
// called on the thread that serves /readyz (the NF's io thread): they read state, never block.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "metrics/registry.hpp"

namespace iotboot::metrics {

class Health {
 public:
  using Check = std::function<std::string()>;  // empty: ready

  [[nodiscard]] Registration add_readiness(Check check);
  // Empty when every check passes (or none is registered); else the reasons, joined by "; ".
  std::string not_ready() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, Check> checks_;
  std::uint64_t next_ = 0;
};

Health& process_health();

// iotboot_ready: 1 when /readyz answers 200, else 0 (for alerts; the reason is on /readyz).
[[nodiscard]] Registration register_ready_gauge(Health& health = process_health(),
                                                Registry& registry = process_registry());

}  // namespace iotboot::metrics
