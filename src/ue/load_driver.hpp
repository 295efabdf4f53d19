// The UE simulator's load driver: N attaches of simulated UEs, C at a time, optionally paced
// to R per second, over S1-lite to an MME, each attach followed by the bootstrap with every
// configured AS (seed steps 12-16); a progress line on a terminal and a summary (load_report.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nas/identities.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "ue/load_report.hpp"
#include "ue/ue_config.hpp"

namespace iotboot::ue {

struct LoadOptions {
  std::size_t count = 1;
  std::size_t concurrency = 1;
  double rate = 0;                  // attaches started per second; 0: as fast as answers come
  bool detach = false;              // detach after each attach
  bool reattach_with_guti = false;  // a UE's second and later attaches use its GUTI
  bool progress = false;            // a progress line on stderr
  unsigned retries = 0;             // attach-and-bootstrap attempts after a failed one, per UE
  std::string record_sqns;          // file of "imsi,sqn" for every SQN a USIM saw
  std::string key_log;              // lab key log (key_log.hpp): every key of every bootstrapped UE
  std::vector<std::string> trace;   // IMSIs whose bootstrap the report keeps as a trace
  // The GUTI each UE kept from an earlier run (by subscriber; LoadReport::gutis), as a device
  // keeps it across a power cycle.
  std::vector<std::optional<nas::Guti>> gutis;
  // No attach: DTLS handshakes with the ASs under made-up GUTIs, up to the identity (a flood to withstand).
  bool made_up_gutis = false;
};

// Runs the load on its own io_context; throws on a connection failure at start.
LoadReport run_load(const UeConfig& config, const std::vector<provisioning::SubscriberCredentials>& subscribers,
                    const LoadOptions& options);

// `iotboot ue -c FILE --subscribers FILE --count N --concurrency C [--rate R] ...`
// (subscribers_path is not read with options.made_up_gutis)
int run_ue_command(const std::string& config_path, const std::string& subscribers_path, const LoadOptions& options);

}  // namespace iotboot::ue
