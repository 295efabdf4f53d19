// What the MME counts for Prometheus (docs/operations.md, "Metrics"): how each attach ended,
// with its EMM cause when rejected, and how long the accepted ones took.
#pragma once

#include <chrono>
#include <cstdint>

#include "metrics/registry.hpp"

namespace iotboot::mme {

class MmeCore;

struct AttachMetrics {
  // Attach Complete received: the attach took from `began` (its Attach Request) until now.
  static void accepted(std::chrono::steady_clock::time_point began);
  static void rejected(std::uint8_t emm_cause);  // Attach Reject (#22 congestion included)
  static void authentication_rejected();         // Authentication Reject
  static void aborted();                         // a timer ran out, or the UE went away
};

// The MME's gauges (UEs registered, attach attempts in progress), collected at scrape time on
// its io thread; the core must outlive the registration.
[[nodiscard]] metrics::Registration register_mme_gauges(const MmeCore& core);

}  // namespace iotboot::mme
