// The application server: its Key API client and its Ua server (CoAP over DTLS-PSK).
#pragma once

#include <atomic>
#include <memory>

#include "as/as_config.hpp"
#include "as/key_client.hpp"
#include "as/ua_server.hpp"
#include "metrics/registry.hpp"

namespace iotboot::as {

class ApplicationServer {
 public:
  explicit ApplicationServer(AsConfig config);
  void start();
  void stop();
  const AsConfig& config() const noexcept { return config_; }
  KeyClient& keys() noexcept { return *keys_; }
  UaServer& ua() noexcept { return *ua_; }
  // What it did, as `key=value ...` (printed when its process stops).
  std::string summary() const;

 private:
  AsConfig config_;
  std::unique_ptr<KeyClient> keys_;
  std::unique_ptr<UaServer> ua_;
  std::shared_ptr<std::atomic<bool>> serving_ = std::make_shared<std::atomic<bool>>(false);
  metrics::Registration readiness_;
};

}  // namespace iotboot::as
