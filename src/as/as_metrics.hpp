// What the AS counts for Prometheus (docs/operations.md, "Metrics"): how each DTLS handshake
// ended and how long the completed ones took, labelled with the AS's own configured identity.
#pragma once

#include <string>

#include "metrics/registry.hpp"

namespace iotboot::as {

class HandshakeMetrics {
 public:
  explicit HandshakeMetrics(const std::string& as_id);
  // From the PSK lookup (the SCEF's key in hand) to the Finished.
  void completed(double seconds) noexcept;
  void failed() noexcept;            // an alert, or the client went away
  void timed_out() noexcept;         // not finished within handshake_timeout (a wrong key, silent in DTLS)
  void no_key() noexcept;            // the SCEF gave no Ks_AS for the GUTI
  void refused_identity() noexcept;  // the PSK identity is not a canonical GUTI

 private:
  metrics::Counter &completed_, &failed_, &timed_out_, &no_key_, &refused_identity_;
  metrics::Histogram& seconds_;
};

}  // namespace iotboot::as
