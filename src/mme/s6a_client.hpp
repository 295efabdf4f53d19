// S6a at the MME (seed step 3): AIR for an IMSI, the AIA's vectors or the EMM cause to reject
// the attach with (TS 29.272 Annex A).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diameter/node/node.hpp"
#include "mme/ue_context.hpp"

namespace iotboot::mme {

struct VectorsOutcome {
  std::vector<Vector> vectors;
  std::optional<std::uint8_t> reject_cause;  // set on failure
  std::optional<std::string> scef_id;        // IoT-Notify-SCEF (bootstrapping subscribers); "": any of the realm
  std::optional<std::string> scef_realm;
};

// Where the MME gets vectors for an IMSI (count of them, or after a re-synchronisation):
// S6a to the HSS, or a fake in unit tests of the EMM state machine.
using VectorSource =
    std::function<asio::awaitable<VectorsOutcome>(std::string imsi, unsigned count, std::optional<Bytes<30>> resync)>;

asio::awaitable<VectorsOutcome> request_vectors(diameter::Node& node, std::string imsi, Bytes<3> visited_plmn,
                                                unsigned count, std::optional<Bytes<30>> resync, std::string hss_realm);

}  // namespace iotboot::mme
