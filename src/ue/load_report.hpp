// What a load run measured: attaches, bootstraps (seed steps 12-16 with every configured AS),
// failures by cause, and latency per phase. Printed as a summary ending with one RESULT line:
//   with ASs:    RESULT attached=<n> bootstrapped=<n> failed=<n> bootstraps_per_s=<x> p50_ms=<x> p99_ms=<x>
//   attach only: RESULT attached=<n> failed=<n> attaches_per_s=<x> p50_ms=<x> p99_ms=<x>
//   made-up GUTIs: RESULT attached=0 bootstrapped=<n> failed=<n> ... refused=<n>
// where the percentiles are of one UE's whole run (attach, then every AS exchange).
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ue/bootstrap.hpp"
#include "ue/latencies.hpp"

namespace iotboot::ue {

// One UE's bootstrap as it happened, with keys masked (for `iotboot run`'s sequence diagram).
struct BootstrapTrace {
  std::string imsi, guti, rand, autn, res, ck, ik, kasme, ks;  // hex; keys masked
  double attach_ms = 0;
  std::vector<AsExchange> exchanges;
};

struct LoadReport {
  bool bootstrapping = false;  // ASs were configured
  std::size_t attached = 0;
  std::size_t bootstrapped = 0;
  std::size_t failed = 0;
  std::map<std::string, std::size_t> failures;  // by cause
  std::size_t replays = 0;                      // challenges with an SQN the USIM had already seen
  std::size_t identity_requests = 0;
  std::size_t resynchronisations = 0;
  // UEs that attached and bootstrapped again after a failure (LoadOptions::retries): when
  // (seconds since the start) and why, the first time; and every retry by cause.
  struct Retry {
    double at_s;
    std::string cause;
  };
  std::vector<Retry> retried;
  std::map<std::string, std::size_t> retries;
  std::size_t exchange_retries = 0;             // Ua exchanges tried again (next instance or afresh)
  std::size_t refused = 0;                      // --made-up-gutis: handshakes the ASs refused, as they should
  std::map<std::string, std::size_t> refusals;  // those by how they ended
  double seconds = 0;
  Latencies total;                              // per successful UE: attach, then every AS exchange
  Latencies attach;                             // attach request to Attach Accept
  Latencies handshake;                          // DTLS handshake, the AS's key fetch included (per AS)
  Latencies exchange;                           // Application Request to Response (per AS)
  std::vector<BootstrapTrace> traces;           // of LoadOptions::trace's UEs, in the order they bootstrapped
  std::vector<std::optional<nas::Guti>> gutis;  // each UE's at the end, by subscriber
  std::vector<bool> ok;                         // by subscriber: its last run ended as it should

  double percentile(double p) const { return total.percentile(p); }
  void print(std::ostream& out) const;  // summary and the RESULT line
};

}  // namespace iotboot::ue
