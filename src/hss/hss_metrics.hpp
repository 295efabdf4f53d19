// What the HSS counts for Prometheus (docs/operations.md, "Metrics").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "metrics/registry.hpp"

namespace iotboot::hss {

// One S6a AIR from arrival to its answer: counted by the answer's Result-Code (2001, or the
// Experimental-Result-Code: 5001, 4181; 5012 when the store failed) and timed, when it goes.
class AirRecord {
 public:
  AirRecord() = default;
  AirRecord(const AirRecord&) = delete;
  AirRecord& operator=(const AirRecord&) = delete;
  ~AirRecord();
  void answered(std::uint32_t result_code) noexcept { result_code_ = result_code; }

 private:
  std::chrono::steady_clock::time_point began_ = std::chrono::steady_clock::now();
  std::uint32_t result_code_ = 0;  // 0: no answer (the node stopped first)
};

}  // namespace iotboot::hss
