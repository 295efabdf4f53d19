#include "hss/s6t_client.hpp"

#include <spdlog/spdlog.h>

#include "diameter/apps/s6t.hpp"
#include "diameter/node/failure.hpp"

namespace iotboot::hss {

asio::awaitable<void> push_key_sets(diameter::NodeRef node, const HssConfig& config, std::string imsi,
                                    std::string scef_id, const std::vector<crypto::AuthVector>& vectors,
                                    std::atomic<std::uint64_t>& failures) {
  using namespace diameter;
  const std::string sid = node.new_session_id();
  s6t::Rir rir;  // its routing AVPs are views of `sid`, `config` and `scef_id`
  const std::string_view realm = config.scef_realm.empty() ? config.diameter.origin_realm : config.scef_realm;
  rir.routing = node.routing(sid, realm, scef_id.empty() ? std::nullopt : std::optional<std::string_view>(scef_id));
  rir.user_name = imsi;
  for (const crypto::AuthVector& v : vectors) {
    s6t::IotKeySet k;
    k.user_name = imsi;
    k.rand = v.rand;
    k.ks = v.ks;
    k.lifetime_s = config.key_lifetime_s;
    rir.key_sets.push_back(std::move(k));
  }
  if (auto problem = failure_of<s6t::Ria>(co_await node.request(rir, config.s6t_timeout))) {
    ++failures;
    spdlog::warn("[hss] S6t KeySets for {} to {}: {}", imsi, scef_id.empty() ? realm : scef_id, *problem);
  } else {
    spdlog::debug("[hss] S6t: {} KeySet(s) for {} acknowledged", rir.key_sets.size(), imsi);
  }
}

}  // namespace iotboot::hss
