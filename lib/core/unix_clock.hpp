// Wall-clock time in whole seconds since the epoch, what key lifetimes and expiry are measured
// in. NFs take it as a parameter so that tests move time instead of waiting for it.
#pragma once

#include <atomic>
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>

namespace iotboot {

using UnixClock = std::function<std::int64_t()>;

inline UnixClock system_unix_clock() {
  return [] { return static_cast<std::int64_t>(std::time(nullptr)); };
}

// For tests: the system's time plus an offset the test advances (from any thread).
class OffsetUnixClock {
 public:
  UnixClock clock() const {
    return [offset = offset_] { return static_cast<std::int64_t>(std::time(nullptr)) + offset->load(); };
  }
  void advance(std::int64_t seconds) { *offset_ += seconds; }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> offset_ = std::make_shared<std::atomic<std::int64_t>>(0);
};

}  // namespace iotboot
