#include "as/as.hpp"

#include <spdlog/spdlog.h>

#include "metrics/health.hpp"

namespace iotboot::as {

ApplicationServer::ApplicationServer(AsConfig config)
    : config_(std::move(config)),
      keys_(std::make_unique<KeyClient>(config_)),
      ua_(std::make_unique<UaServer>(config_, *keys_)) {
  // Its TLS material (the Key API client certificate) and the DTLS port were taken above, or it
  // would not exist: it is ready once it serves.
  readiness_ = metrics::process_health().add_readiness([serving = serving_, id = config_.id]() -> std::string {
    return serving->load() ? std::string() : "AS " + id + " not serving CoAP";
  });
}

void ApplicationServer::stop() {
  serving_->store(false);
  ua_->stop();
}

void ApplicationServer::start() {
  ua_->start();
  serving_->store(true);
  spdlog::info("[as {}] CoAP over DTLS-PSK on udp://{}:{}", config_.id, config_.coap_address, ua_->port());
}

std::string ApplicationServer::summary() const {
  const KeyClient::Stats k = keys_->stats();
  return "handshakes=" + std::to_string(ua_->handshakes()) +
         " failed_handshakes=" + std::to_string(ua_->failed_handshakes()) +
         " requests=" + std::to_string(ua_->requests()) +
         " refused_identities=" + std::to_string(ua_->refused_identities()) +
         " source_bans=" + std::to_string(ua_->source_bans()) +
         " key_api_calls=" + std::to_string(k.fetched + k.refused + k.failed) +
         " key_api_failovers=" + std::to_string(k.failovers) + " key_api_fetches_limited=" + std::to_string(k.limited) +
         " stale_keys_dropped=" + std::to_string(k.stale) + " forwarded=" + std::to_string(ua_->forwarded()) +
         " forwards_busy=" + std::to_string(ua_->forwards_refused());
}

}  // namespace iotboot::as
