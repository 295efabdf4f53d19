// A Diameter node's gauges and readiness: which configured peers are open (a peer's label is
// its configured Origin-Host, never a name a connecting peer chose, so the series are bounded
// by the configuration), and the requests it is serving.
#pragma once

#include <string>

#include "diameter/node/node.hpp"
#include "metrics/registry.hpp"

namespace iotboot::diameter {

// Collected at scrape time on the node's io thread (where /metrics is served): the node must
// outlive the registration.
[[nodiscard]] metrics::Registration register_node_metrics(const Node& node,
                                                          metrics::Registry& registry = metrics::process_registry());

// Empty when the node can send: it has no peer to connect to, or one of them is open, and every
// peer configured `required` is open; else why.
std::string peer_readiness(const Node& node);

}  // namespace iotboot::diameter
