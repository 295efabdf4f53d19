// S6a at the MME (seed step 3): AIR for an IMSI, the AIA's vectors or the EMM cause to reject
// the attach with (TS 29.272 Annex A).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diameter/node/node.hpp"
#include "mme/ue_context.hpp"

namespace iotboot::mme {

struct VectorsOutcome {
  std::vector<Vector> vectors;
  std::optional<std::uint8_t> reject_cause;  // set on failure
  std::optional<std::string> scef_id;        // IoT-Notify-SCEF (bootstrapping subscribers)
  std::optional<std::string> scef_realm;
};

asio::awaitable<VectorsOutcome> request_vectors(diameter::Node& node, std::string imsi, Bytes<3> visited_plmn,
                                                unsigned count, std::optional<Bytes<30>> resync,
                                                std::string hss_realm);

}  // namespace iotboot::mme
