// S6t at the SCEF (seed step 5.1): the HSS's KeySets, acknowledged once committed.
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>

#include "core/log_event.hpp"
#include "diameter/apps/s6t.hpp"
#include "scef/notifications.hpp"
#include "scef/ria.hpp"
#include "scef/scef_metrics.hpp"

namespace iotboot::scef {

using namespace diameter;

void serve_s6t(Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds default_lifetime,
               UnixClock clock) {
  node.serve_async<s6t::Rir>([store, default_lifetime, clock](s6t::Rir rir, ReceivedMessage,
                                                              Reply reply) -> asio::awaitable<void> {
    const std::shared_ptr<BootstrapStore> keep = store;
    const std::int64_t now = clock();
    std::vector<KeySetRecord> records;
    for (const s6t::IotKeySet& k : rir.key_sets) {
      KeySetRecord r;
      r.imsi = std::string(k.user_name);
      r.rand = k.rand;
      r.ks = k.ks;
      r.expires_at =
          now + static_cast<std::int64_t>(k.lifetime_s.value_or(static_cast<std::uint32_t>(default_lifetime.count())));
      records.push_back(std::move(r));
    }
    const bool ok = co_await keep->async_commit(records, asio::use_awaitable);
    count_rir("s6t", ok);
    if (!ok) co_return reply.error(store_failed());
    const std::string imsi = records.empty() ? "-" : records.front().imsi;
    logs::event(spdlog::level::debug, "keyset.stored",
                {{"imsi", imsi},
                 {"session_id", rir.routing.session_id},
                 {"peer", rir.routing.origin_host},
                 {"key_sets", records.size()}},
                "[scef] S6t: {} KeySet(s) for {} stored", records.size(), imsi);
    acknowledge<s6t::Ria>(reply);
  });
}

}  // namespace iotboot::scef
