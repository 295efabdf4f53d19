#include "as/as.hpp"

#include <csignal>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "config/logging.hpp"

namespace iotboot::as {

ApplicationServer::ApplicationServer(AsConfig config)
    : config_(std::move(config)),
      keys_(std::make_unique<KeyClient>(config_)),
      ua_(std::make_unique<UaServer>(config_, *keys_)) {}

int run_as(const std::string& config_path) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // the worker threads inherit the mask
  ApplicationServer as(parse_as_config(doc));
  as.start();
  spdlog::info("[as {}] CoAP over DTLS-PSK on udp://{}:{}", as.config().id, as.config().coap_address, as.ua().port());
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("[as {}] stopping", as.config().id);
  as.stop();
  return 0;
}

}  // namespace iotboot::as
