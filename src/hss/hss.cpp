#include "hss/hss.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "config/logging.hpp"
#include "diameter/dictionary.hpp"
#include "hss/s6a_handler.hpp"
#include "hss/sqlite_subscriber_store.hpp"

namespace iotboot::hss {

Hss::Hss(asio::io_context& io, HssConfig config)
    : config_(std::move(config)),
      auth_(std::make_shared<AuthService>(std::make_unique<SqliteSubscriberStore>(config_.db, config_.durability),
                                          config_.store_batch)),
      node_(std::make_unique<diameter::Node>(io, config_.diameter)) {
  if (!config_.scef_id.empty()) node_->use_application(diameter::app::kS6t);
  serve_s6a(*node_, auth_, config_);
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

int run_hss(const std::string& config_path) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc);
  asio::io_context io(1);
  Hss hss(io, parse_hss_config(doc));
  hss.start();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) {
    spdlog::info("[hss] stopping");
    asio::co_spawn(io, hss.stop(), [&](std::exception_ptr) { io.stop(); });
  });
  io.run();
  return 0;
}

}  // namespace iotboot::hss
