// One way to run a network function as a process (`iotboot hss|mme|scef|as -c FILE`): read its
// YAML configuration, set up logging, build it on one io_context, start it with its operations
// listener (`metrics:`: /metrics, /healthz, /readyz), tell systemd it is ready and keep its
// watchdog fed from that io_context, and on SIGINT or SIGTERM stop it gracefully: its Diameter
// peers are told (DPR), its coroutines finish, then the io_context ends.
#pragma once

#include <utility>

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "config/logging.hpp"
#include "config/yaml.hpp"
#include "metrics/build_info.hpp"
#include "metrics/endpoint_config.hpp"
#include "metrics/health.hpp"
#include "metrics/systemd_notify.hpp"

namespace iotboot::cli {

namespace asio = boost::asio;

// An NF is built from (io_context, Config) or, when it runs threads of its own (the AS), from
// its Config alone; its stop() is a coroutine or, for such an NF, a call that joins them.
template <typename Nf>
asio::awaitable<void> stop_nf(Nf& nf) {
  if constexpr (std::is_void_v<decltype(nf.stop())>) {
    nf.stop();
    co_return;
  } else {
    co_await nf.stop();
  }
}

template <typename Nf, typename Config>
Nf make_nf(asio::io_context& io, Config config) {
  if constexpr (std::is_constructible_v<Nf, asio::io_context&, Config>) {
    return Nf(io, std::move(config));
  } else {
    return Nf(std::move(config));
  }
}

template <typename Nf, typename Parse>
int run_nf(std::string_view name, const std::string& config_path, Parse parse) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc, std::string(name));
  const std::optional<metrics::EndpointConfig> metrics_config = metrics::parse_endpoint_config(doc);
  // Threads the NF starts inherit a mask without SIGINT and SIGTERM: the signals reach this
  // thread, the one that runs the io_context, and nothing else is interrupted by them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  asio::io_context io(1);
  auto nf = make_nf<Nf>(io, parse(doc));
  const metrics::Registration build_info = metrics::register_build_info(std::string(name));
  const metrics::Registration ready = metrics::register_ready_gauge();
  std::unique_ptr<metrics::Endpoint> endpoint;
  if (metrics_config) endpoint = std::make_unique<metrics::Endpoint>(io, *metrics_config);
  nf.start();
  if (endpoint) endpoint->start();
  metrics::notify_ready();  // listening: its listeners were bound by now
  metrics::Watchdog watchdog(io);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  signals.async_wait([&](auto, int) {
    spdlog::info("[{}] stopping", name);
    metrics::notify_stopping();
    if (endpoint) endpoint->stop();
    asio::co_spawn(io, stop_nf(nf), [&](std::exception_ptr) { io.stop(); });
  });
  io.run();
  // One line of what it did, for whoever started it (`make run-cluster`'s table, benchmarks).
  config::print_summary(name, nf.summary());
  return 0;
}

}  // namespace iotboot::cli
