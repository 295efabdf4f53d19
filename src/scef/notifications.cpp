#include "scef/notifications.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::scef {

using namespace diameter;

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

namespace {

DiameterError store_failed() {
  DiameterError e;
  e.result_code = result::kUnableToComply;
  e.message = "key store unavailable";
  return e;
}

template <typename Ria>
void acknowledge(Reply& reply) {
  Ria ria;
  ria.origin = reply.success_origin();
  reply.send(ria);
}

}  // namespace

void serve_s6t(Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds default_lifetime) {
  node.serve_async<s6t::Rir>([store, default_lifetime](s6t::Rir rir, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
    const std::shared_ptr<BootstrapStore> keep = store;
    const std::int64_t now = unix_now();
    std::vector<KeySetRecord> records;
    for (const s6t::IotKeySet& k : rir.key_sets) {
      KeySetRecord r;
      r.imsi = std::string(k.user_name);
      r.rand = k.rand;
      r.ks = k.ks;
      r.expires_at = now + static_cast<std::int64_t>(k.lifetime_s.value_or(static_cast<std::uint32_t>(default_lifetime.count())));
      records.push_back(std::move(r));
    }
    const bool ok = co_await keep->async_commit(records, asio::use_awaitable);
    if (!ok) co_return reply.error(store_failed());
    for (const KeySetRecord& r : records) keep->registry().add(r);
    spdlog::debug("[scef] S6t: {} KeySet(s) for {} stored", records.size(), records.empty() ? "-" : records.front().imsi);
    acknowledge<s6t::Ria>(reply);
  });
}

void serve_t6a(Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds lifetime) {
  node.serve_async<t6a::Rir>([store, lifetime](t6a::Rir rir, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
    const std::shared_ptr<BootstrapStore> keep = store;
    AuthContextRecord c;
    c.imsi = std::string(rir.user_name);
    c.rand = rir.rand;
    c.success = rir.auth_result == avp::IotAuthResult::success;
    if (rir.guti) c.guti = *rir.guti;
    c.expires_at = unix_now() + static_cast<std::int64_t>(lifetime.count());
    const bool ok = co_await keep->async_commit(c, asio::use_awaitable);
    if (!ok) co_return reply.error(store_failed());
    keep->registry().add(c);
    spdlog::debug("[scef] T6a: {} authentication of {} stored", c.success ? "successful" : "failed", c.imsi);
    acknowledge<t6a::Ria>(reply);
  });
}

}  // namespace iotboot::scef
