#include "hss/hss.hpp"

#include <spdlog/spdlog.h>

#include "config/key_encryption.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/node/node_metrics.hpp"
#include "hss/s6a_handler.hpp"
#include "metrics/health.hpp"

namespace iotboot::hss {

Hss::Hss(asio::io_context& io, HssConfig config)
    : config_(std::move(config)),
      auth_(std::make_shared<AuthService>(
          open_subscriber_store(config_.store, config_.durability, config::nf_key_ring(config_.key_encryption, "hss")),
          config_.store_batch)),
      node_(std::make_unique<diameter::Node>(io, config_.diameter)) {
  if (!config_.scef_realm.empty()) node_->use_application(diameter::app::kS6t);
  serve_s6a(*node_, auth_, config_);
  node_metrics_ = diameter::register_node_metrics(*node_);
  // Ready: the subscriber store took the last transaction, and the SCEF (push mode) is reachable.
  readiness_ = metrics::process_health().add_readiness([auth = auth_, node = node_.get()]() -> std::string {
    if (!auth->store_reachable()) return "HSS subscriber store unavailable";
    return diameter::peer_readiness(*node);
  });
}

Hss::~Hss() = default;

void Hss::start() { node_->start(); }

asio::awaitable<void> Hss::stop() {
  const std::shared_ptr<AuthService> auth = auth_;
  co_await node_->stop();
  const AuthService::Stats s = auth->stats();
  spdlog::info("[hss] AIRs {}, store transactions {} ({:.1f} AIRs per commit)", s.requests, s.transactions,
               s.transactions ? static_cast<double>(s.requests) / static_cast<double>(s.transactions) : 0.0);
}

std::string Hss::summary() const {
  const diameter::NodeStats& n = node_->stats();
  const AuthService::Stats s = auth_->stats();
  return "airs=" + std::to_string(s.requests) + " store_commits=" + std::to_string(s.transactions) +
         " s6t_rirs=" + std::to_string(n.requests_sent) + " s6t_failovers=" + std::to_string(n.failovers);
}

}  // namespace iotboot::hss
