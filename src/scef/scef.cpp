#include "scef/scef.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "config/key_encryption.hpp"
#include "core/log_event.hpp"
#include "diameter/node/node_metrics.hpp"
#include "metrics/health.hpp"
#include "net/tls.hpp"
#include "scef/key_api.hpp"
#include "scef/notifications.hpp"

namespace iotboot::scef {

namespace {

std::shared_ptr<BootstrapStore> open_bootstrap_store(const ScefConfig& c) {
  const auto kek = config::nf_key_ring(c.key_encryption, "scef");
  return std::make_shared<BootstrapStore>(open_key_store(c.store, c.durability, kek),
                                          open_key_store(c.store, c.durability, kek));
}

// Counts the stored rows for the gauge, then purges expired KeySets and authentication contexts,
// every interval until running is false. Everything it uses is its own (the rule of
// docs/development.md): the Scef may be gone when the timer fires.
asio::awaitable<void> purge_loop(std::shared_ptr<BootstrapStore> store, UnixClock clock, std::chrono::seconds interval,
                                 std::shared_ptr<const bool> running, std::shared_ptr<StoredCounts> stored) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  while (*running) {
    const KeyStore::Counts counts = co_await store->async_count(asio::use_awaitable);
    stored->key_sets.store(static_cast<double>(counts.key_sets), std::memory_order_relaxed);
    stored->contexts.store(static_cast<double>(counts.contexts), std::memory_order_relaxed);
    t.expires_after(interval);
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!*running) break;
    const std::int64_t now = clock();
    const std::size_t gone = co_await store->async_purge(now, asio::use_awaitable);
    if (gone > 0) spdlog::debug("[scef] purged {} expired KeySets and contexts", gone);
  }
}

// The pseudonyms' secrets from their files (KekError when a file is refused); none configured:
// nullptr, and a warning, since ASs then see no deviceId without an External-Identifier.
std::shared_ptr<const DeviceIdSecrets> device_id_secrets(const KeyApiConfig& c) {
  if (c.device_id_secret_file.empty()) {
    spdlog::warn(
        "[scef] key_api.device_id_secret_file is not set: application servers get a deviceId only for "
        "subscribers with an External-Identifier");
    return nullptr;
  }
  auto s = std::make_shared<DeviceIdSecrets>();
  s->current = crypto::read_key_file(c.device_id_secret_file, "device-ID secret file");
  if (!c.previous_device_id_secret_file.empty()) {
    s->previous = crypto::read_key_file(c.previous_device_id_secret_file, "device-ID secret file");
  }
  return s;
}

}  // namespace

Scef::Scef(asio::io_context& io, ScefConfig config, UnixClock clock)
    : io_(io),
      config_(std::move(config)),
      clock_(std::move(clock)),
      store_(open_bootstrap_store(config_)),
      node_(std::make_unique<diameter::Node>(io, config_.diameter)) {
  serve_s6t(*node_, store_, config_.key_lifetime, clock_);
  serve_t6a(*node_, store_, config_.key_lifetime, clock_);
  if (config_.api.enabled) {
    auto api = std::make_shared<KeyApi>();
    api->store = store_;
    for (const MmeRoute& m : config_.mmes) api->mmes.add(m);
    api->node = node_->ref();
    api->fetch_timeout = config_.ks_fetch_timeout;
    api->policy = KeyApiPolicy{config_.api.allowed_as};
    api->clock = clock_;
    api->device_ids = device_id_secrets(config_.api);
    if (config_.api.requests_per_s > 0) {
      api->rate_limit = std::make_shared<RateLimit>(config_.api.requests_per_s, config_.api.burst);
    }
    api_ = std::make_unique<net::HttpsServer>(
        io, net::make_server_tls(config_.api.certificate, config_.api.private_key, config_.api.ca), config_.api.address,
        config_.api.port,
        [api = std::shared_ptr<const KeyApi>(std::move(api)), counts = api_counts_](
            net::HttpRequest req, net::ClientIdentity who) -> asio::awaitable<net::HttpResponse> {
          const auto began = std::chrono::steady_clock::now();
          const std::string from = who.dns_names.empty() ? "-" : who.dns_names.front();
          const std::string as = as_label(who.dns_names, api->policy.allowed_as);
          net::HttpResponse res = co_await answer_key_request(api, std::move(req), std::move(who));
          ++counts->requests;
          counts->keys += res.result_int() == 200;
          const unsigned status = res.result_int();
          count_key_api(status, as, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
          logs::event(spdlog::level::debug, status == 200 ? "key_api.served" : "key_api.refused",
                      {{"as_id", from}, {"status", status}}, "[scef] Key API request from {}: {}", from, status);
          co_return res;
        },
        config_.api.limits);
  }
  stored_gauge_ = register_stored_counts(stored_);
  node_metrics_ = diameter::register_node_metrics(*node_);
  // Ready: the key store took the last commit (the Key API's TLS material was loaded above, or
  // the SCEF would not exist). The SCEF connects to no peer in push mode; in pull mode to MMEs.
  readiness_ = metrics::process_health().add_readiness([store = store_, node = node_.get()]() -> std::string {
    if (!store->store_reachable()) return "SCEF key store unavailable";
    return diameter::peer_readiness(*node);
  });
}

Scef::~Scef() { *running_ = false; }

void Scef::start() {
  node_->start();
  if (api_) {
    api_->start();
    spdlog::info("[scef] Key API on https://{}:{}{}", config_.api.address, api_->port(), kKeyApiPath);
  }
  asio::co_spawn(io_, purge_loop(store_, clock_, config_.purge_interval, running_, stored_), asio::detached);
}

asio::awaitable<void> Scef::stop() {
  *running_ = false;
  if (api_) api_->stop();
  co_await node_->stop();
}

std::string Scef::summary() const {
  return "rirs=" + std::to_string(node_->stats().requests_received) +
         " key_api_requests=" + std::to_string(api_counts_->requests) +
         " key_api_keys=" + std::to_string(api_counts_->keys);
}

}  // namespace iotboot::scef
