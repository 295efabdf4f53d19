#include "ue/load_report.hpp"

#include <algorithm>
#include <iomanip>

namespace iotboot::ue {

namespace {

void phase(std::ostream& out, const char* name, const Latencies& l) {
  out << "  " << std::left << std::setw(32) << name << std::right << std::setprecision(2) << "p50 " << std::setw(7)
      << l.percentile(0.50) << "  p95 " << std::setw(7) << l.percentile(0.95) << "  p99 " << std::setw(7)
      << l.percentile(0.99) << "\n";
}

}  // namespace

void LoadReport::print(std::ostream& out) const {
  const double done = static_cast<double>(bootstrapping ? bootstrapped : attached);
  const double rate = seconds > 0 ? done / seconds : 0;
  out << std::fixed << std::setprecision(1);
  out << "attached " << attached;
  if (bootstrapping) out << ", bootstrapped " << bootstrapped;
  out << ", failed " << failed << " in " << seconds << " s (" << rate
      << (bootstrapping ? " bootstraps/s)\n" : " attaches/s)\n");
  for (const auto& [why, n] : failures) out << "  failed: " << why << ": " << n << "\n";
  if (identity_requests) out << "  identity requests: " << identity_requests << "\n";
  if (resynchronisations) out << "  resynchronisations: " << resynchronisations << "\n";
  if (replays) out << "  replayed challenges: " << replays << "\n";
  if (!retried.empty()) out << "  UEs that tried again: " << retried.size() << "\n";
  for (const auto& [why, n] : retries) out << "  tried again after: " << why << ": " << n << "\n";
  if (exchange_retries) out << "  exchanges tried again: " << exchange_retries << "\n";
  if (refused) out << "  handshakes with made-up identities refused: " << refused << "\n";
  for (const auto& [why, n] : refusals) out << "    " << why << ": " << n << "\n";
  out << "latency ms:\n";
  phase(out, "attach", attach);
  if (bootstrapping) {
    phase(out, "DTLS handshake (per AS)", handshake);
    phase(out, "application exchange (per AS)", exchange);
    phase(out, "whole bootstrap", total);
  }
  out << "RESULT attached=" << attached;
  if (bootstrapping) out << " bootstrapped=" << bootstrapped;
  out << " failed=" << failed << std::setprecision(0) << (bootstrapping ? " bootstraps_per_s=" : " attaches_per_s=")
      << rate << std::setprecision(2) << " p50_ms=" << percentile(0.50) << " p99_ms=" << percentile(0.99);
  if (refused) out << " refused=" << refused;
  out << "\n";
}

}  // namespace iotboot::ue
