#include "mme/mme_metrics.hpp"

#include <string>

#include "mme/mme.hpp"

namespace iotboot::mme {

namespace {

struct AttachFamilies {
  metrics::CounterFamily& attaches = metrics::process_registry().counter(
      "iotboot_mme_attaches_total",
      "Attach procedures ended, by outcome (accepted, rejected, authentication_rejected, aborted) and EMM cause",
      {"outcome", "emm_cause"});
  metrics::Counter& accepted = attaches.with({"accepted", "none"});
  metrics::Counter& authentication_rejected = attaches.with({"authentication_rejected", "none"});
  metrics::Counter& aborted = attaches.with({"aborted", "none"});
  metrics::Histogram& seconds = metrics::process_registry()
                                    .histogram("iotboot_mme_attach_duration_seconds",
                                               "Attach Request to Attach Complete at the MME, of accepted attaches", {},
                                               metrics::seconds_buckets())
                                    .with(metrics::LabelValues{});
};

AttachFamilies& attach_families() {
  static AttachFamilies f;
  return f;
}

}  // namespace

void AttachMetrics::accepted(std::chrono::steady_clock::time_point began) {
  AttachFamilies& f = attach_families();
  f.accepted.inc();
  f.seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
}

void AttachMetrics::rejected(std::uint8_t emm_cause) {
  attach_families().attaches.with({"rejected", std::to_string(emm_cause)}).inc();
}

void AttachMetrics::authentication_rejected() { attach_families().authentication_rejected.inc(); }
void AttachMetrics::aborted() { attach_families().aborted.inc(); }

metrics::Registration register_mme_gauges(const MmeCore& core) {
  return metrics::process_registry().collect_gauge("iotboot_mme_ues",
                                                   "UE contexts at the MME, by EMM state (registered, attaching)",
                                                   {"state"}, [&core](const metrics::Emit& emit) {
                                                     emit({"registered"}, static_cast<double>(core.registered_ues()));
                                                     emit({"attaching"}, static_cast<double>(core.attach_attempts()));
                                                   });
}

}  // namespace iotboot::mme
