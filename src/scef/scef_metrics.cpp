#include "scef/scef_metrics.hpp"

#include <algorithm>

namespace iotboot::scef {

namespace {

struct ScefFamilies {
  metrics::CounterFamily& rirs = metrics::process_registry().counter(
      "iotboot_scef_rirs_total", "S6t and T6a Reporting-Information-Requests answered, by interface and result code",
      {"interface", "result_code"});
  metrics::CounterFamily& key_api = metrics::process_registry().counter(
      "iotboot_scef_key_api_requests_total", "Key API requests answered, by HTTP status and AS identity",
      {"status", "as"});
  metrics::Histogram& key_api_seconds =
      metrics::process_registry()
          .histogram("iotboot_scef_key_api_duration_seconds",
                     "Key API latency at the SCEF, from the request read to its answer (store lookup included)", {},
                     metrics::seconds_buckets())
          .with(metrics::LabelValues{});
};

ScefFamilies& scef_families() {
  static ScefFamilies f;
  return f;
}

}  // namespace

void count_rir(std::string_view interface, bool stored) {
  scef_families().rirs.with({interface, stored ? std::string_view("2001") : std::string_view("5012")}).inc();
}

std::string as_label(const std::vector<std::string>& certificate_names, const std::vector<std::string>& allowed_as) {
  for (const std::string& name : certificate_names) {
    if (std::find(allowed_as.begin(), allowed_as.end(), name) != allowed_as.end()) return name;
  }
  return "unauthorised";
}

void count_key_api(unsigned status, const std::string& as, double seconds) {
  ScefFamilies& f = scef_families();
  f.key_api.with({std::to_string(status), as}).inc();
  f.key_api_seconds.observe(seconds);
}

metrics::Registration register_stored_counts(std::shared_ptr<const StoredCounts> counts) {
  return metrics::process_registry().collect_gauge(
      "iotboot_scef_stored", "Rows in the SCEF's key store by kind (key_sets, contexts), as of the last purge",
      {"kind"}, [counts](const metrics::Emit& emit) {
        emit({"key_sets"}, counts->key_sets.load(std::memory_order_relaxed));
        emit({"contexts"}, counts->contexts.load(std::memory_order_relaxed));
      });
}

}  // namespace iotboot::scef
