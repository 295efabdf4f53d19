#include "as/as_metrics.hpp"

namespace iotboot::as {

namespace {

metrics::CounterFamily& handshakes() {
  return metrics::process_registry().counter(
      "iotboot_as_dtls_handshakes_total",
      "DTLS-PSK handshakes at the AS, by result (completed, failed, timeout, no_key, refused_identity)",
      {"as", "result"});
}

}  // namespace

HandshakeMetrics::HandshakeMetrics(const std::string& as_id)
    : completed_(handshakes().with({as_id, "completed"})),
      failed_(handshakes().with({as_id, "failed"})),
      timed_out_(handshakes().with({as_id, "timeout"})),
      no_key_(handshakes().with({as_id, "no_key"})),
      refused_identity_(handshakes().with({as_id, "refused_identity"})),
      seconds_(metrics::process_registry()
                   .histogram("iotboot_as_dtls_handshake_duration_seconds",
                              "DTLS-PSK handshake at the AS, from the PSK lookup (Key API call included) to Finished",
                              {"as"}, metrics::seconds_buckets())
                   .with({as_id})) {}

void HandshakeMetrics::completed(double seconds) noexcept {
  completed_.inc();
  seconds_.observe(seconds);
}
void HandshakeMetrics::failed() noexcept { failed_.inc(); }
void HandshakeMetrics::timed_out() noexcept { timed_out_.inc(); }
void HandshakeMetrics::no_key() noexcept { no_key_.inc(); }
void HandshakeMetrics::refused_identity() noexcept { refused_identity_.inc(); }

}  // namespace iotboot::as
