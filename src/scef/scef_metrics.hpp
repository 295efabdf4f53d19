// What the SCEF counts for Prometheus (docs/operations.md, "Metrics"): the S6t and T6a RIRs it
// stored or could not, and the Key API's answers by status and AS identity, with their latency.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/registry.hpp"

namespace iotboot::scef {

// interface: "s6t" or "t6a"; stored: the RIA says 2001, else 5012 (the store failed).
void count_rir(std::string_view interface, bool stored);

// The AS label of a Key API request: the identity in its verified client certificate when it is
// one of the configured allowed_as, else "unauthorised". Never a name the client merely sent, so
// the series stay bounded by the configuration.
std::string as_label(const std::vector<std::string>& certificate_names, const std::vector<std::string>& allowed_as);

// One Key API request answered with `status` for `as`, `seconds` after it was read.
void count_key_api(unsigned status, const std::string& as, double seconds);

// Rows the key store holds (live or expired, not yet purged), as the purge loop last counted
// them; shown by the gauge for as long as the registration lives.
struct StoredCounts {
  std::atomic<double> key_sets{0}, contexts{0};
};
[[nodiscard]] metrics::Registration register_stored_counts(std::shared_ptr<const StoredCounts> counts);

}  // namespace iotboot::scef
