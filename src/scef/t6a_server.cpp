// T6a at the SCEF (seed step 10.1): the MME's authentication results, acknowledged once
// committed.
#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>

#include "core/log_event.hpp"
#include "diameter/apps/t6a.hpp"
#include "nas/identities.hpp"
#include "scef/notifications.hpp"
#include "scef/ria.hpp"
#include "scef/scef_metrics.hpp"

namespace iotboot::scef {

using namespace diameter;

void serve_t6a(Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds lifetime, UnixClock clock) {
  node.serve_async<t6a::Rir>(
      [store, lifetime, clock](t6a::Rir rir, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
        const std::shared_ptr<BootstrapStore> keep = store;
        AuthContextRecord c;
        c.imsi = std::string(rir.user_name);
        c.rand = rir.rand;
        c.success = rir.auth_result == avp::IotAuthResult::success;
        if (rir.guti) c.guti = *rir.guti;
        c.expires_at = clock() + static_cast<std::int64_t>(lifetime.count());
        const bool ok = co_await keep->async_commit(c, asio::use_awaitable);
        count_rir("t6a", ok);
        if (!ok) co_return reply.error(store_failed());
        std::string guti;  // empty on failure, or if its PLMN is not BCD
        if (rir.guti) {
          if (auto text = nas::Guti::from_binary(*rir.guti).text()) guti = text.value();
        }
        logs::event(spdlog::level::debug, "auth_result.stored",
                    {{"imsi", c.imsi}, {"guti", guti}, {"success", c.success}, {"session_id", rir.routing.session_id}},
                    "[scef] T6a: {} authentication of {} stored", c.success ? "successful" : "failed", c.imsi);
        acknowledge<t6a::Ria>(reply);
      });
}

}  // namespace iotboot::scef
