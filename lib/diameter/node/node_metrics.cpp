#include "diameter/node/node_metrics.hpp"

#include <functional>
#include <utility>

namespace iotboot::diameter {

metrics::Registration register_node_metrics(const Node& node, metrics::Registry& registry) {
  const std::string self = node.identity().origin_host;
  metrics::Registration peers =
      registry.collect_gauge("iotboot_diameter_peer_open",
                             "1 when the Diameter connection to a configured peer is open (CER/CEA done), else 0",
                             {"node", "peer"}, [&node, self](const metrics::Emit& emit) {
                               for (const PeerStatus& p : node.peers()) emit({self, p.host}, p.open ? 1 : 0);
                             });
  metrics::Registration pending = registry.collect_gauge(
      "iotboot_diameter_requests_pending", "Diameter requests this node is serving now (asynchronous handlers)",
      {"node"},
      [&node, self](const metrics::Emit& emit) { emit({self}, static_cast<double>(node.requests_in_flight())); });
  // One registration that undoes both.
  return metrics::Registration([p = std::make_shared<metrics::Registration>(std::move(peers)),
                                q = std::make_shared<metrics::Registration>(std::move(pending))] {
    p->reset();
    q->reset();
  });
}

std::string peer_readiness(const Node& node) {
  bool connects = false, one_open = false;
  std::string required_closed;
  for (const PeerConfig& p : node.config().peers) {
    if (!p.connect) continue;
    connects = true;
    const bool open = node.peer_open(p.host);
    one_open = one_open || open;
    if (p.required && !open) required_closed += (required_closed.empty() ? "" : ", ") + p.host;
  }
  if (!required_closed.empty())
    return "required Diameter peers of " + node.identity().origin_host + " not open: " + required_closed;
  return connects && !one_open ? "no Diameter peer of " + node.identity().origin_host + " open" : std::string();
}

}  // namespace iotboot::diameter
