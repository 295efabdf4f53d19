// The UE simulator's load driver: N attaches of simulated UEs, C at a time, optionally paced
// to R per second, over S1-lite to an MME; a progress line on a terminal and a summary with
// failures by cause and latency percentiles, ending with
//   RESULT attached=<n> failed=<n> attaches_per_s=<x> p50_ms=<x> p99_ms=<x>
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "provisioning/subscriber_csv.hpp"
#include "ue/ue_config.hpp"

namespace iotboot::ue {

struct LoadOptions {
  std::size_t count = 1;
  std::size_t concurrency = 1;
  double rate = 0;            // attaches started per second; 0: as fast as answers come
  bool detach = false;        // detach after each attach
  bool reattach_with_guti = false;  // a UE's second and later attaches use its GUTI
  bool progress = false;      // a progress line on stderr
  std::string record_sqns;    // file of "imsi,sqn" for every SQN a USIM saw
};

struct LoadReport {
  std::size_t attached = 0;
  std::size_t failed = 0;
  std::map<std::string, std::size_t> failures;  // by cause
  std::size_t replays = 0;       // challenges with an SQN the USIM had already seen
  std::size_t identity_requests = 0;
  std::size_t resynchronisations = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;  // of successful attaches, sorted

  double percentile(double p) const;
  void print(std::ostream& out) const;  // summary and the RESULT line
};

// Runs the load on its own io_context; throws on a connection failure at start.
LoadReport run_load(const UeConfig& config, const std::vector<provisioning::SubscriberCredentials>& subscribers,
                    const LoadOptions& options);

// `iotboot ue -c FILE --subscribers FILE --count N --concurrency C [--rate R] ...`
int run_ue_command(const std::string& config_path, const std::string& subscribers_path, const LoadOptions& options);

}  // namespace iotboot::ue
