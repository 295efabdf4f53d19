#include "as/as.hpp"

#include <spdlog/spdlog.h>

namespace iotboot::as {

ApplicationServer::ApplicationServer(AsConfig config)
    : config_(std::move(config)),
      keys_(std::make_unique<KeyClient>(config_)),
      ua_(std::make_unique<UaServer>(config_, *keys_)) {}

void ApplicationServer::start() {
  ua_->start();
  spdlog::info("[as {}] CoAP over DTLS-PSK on udp://{}:{}", config_.id, config_.coap_address, ua_->port());
}

}  // namespace iotboot::as
