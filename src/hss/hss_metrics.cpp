#include "hss/hss_metrics.hpp"

namespace iotboot::hss {

namespace {

struct AirFamilies {
  metrics::CounterFamily& answered = metrics::process_registry().counter(
      "iotboot_hss_s6a_airs_total", "S6a Authentication-Information-Requests answered, by result code",
      {"result_code"});
  metrics::Histogram& seconds =
      metrics::process_registry()
          .histogram("iotboot_hss_s6a_air_duration_seconds",
                     "S6a AIR service time at the HSS, from the request to its answer (store commit and S6t included)",
                     {}, metrics::seconds_buckets())
          .with(metrics::LabelValues{});
};

AirFamilies& air_families() {
  static AirFamilies f;
  return f;
}

}  // namespace

AirRecord::~AirRecord() {
  if (result_code_ == 0) return;
  AirFamilies& f = air_families();
  f.answered.with({std::to_string(result_code_)}).inc();
  f.seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - began_).count());
}

}  // namespace iotboot::hss
