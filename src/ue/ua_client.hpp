// Seed steps 12 and 16 at the UE: CoAP over DTLS 1.2 with PSK to an application server, the
// GUTI (canonical text) as PSK identity and Ks_AS as the key, then POST /app and the AS's
// 2.04 Changed. libcoap runs on the UE's io_context: Asio watches libcoap's epoll descriptor,
// so there is no extra thread and no blocking call.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"

namespace iotboot::ue {

namespace asio = boost::asio;

struct AsEndpoint {
  std::string address = "127.0.0.1";
  std::uint16_t port = 5684;
};

// An AS and the endpoints of its instances (each serving the same AS_ID).
struct ApplicationServerAddress {
  std::string id;  // AS_ID: the FQDN Ks_AS is derived for
  std::vector<AsEndpoint> endpoints;
};

struct UaResult {
  bool ok = false;
  std::string failure;      // why not, e.g. "DTLS handshake timeout" or "CoAP 4.04"
  double handshake_ms = 0;  // DTLS handshake, including the AS's key fetch
  double exchange_ms = 0;   // Application Request to Application Response
  std::string response;     // the AS's payload
};

struct UaSettings {
  // Bounds one exchange, handshake included: a wrong key shows as a handshake that never
  // completes (DTLS drops records that fail to decrypt), so this is how long it takes.
  std::chrono::milliseconds timeout{3000};
  // Exchanges with an AS (each instance in turn) before the UE gives up on it. libcoap fails a
  // handshake at its fifth retransmission timeout, counted over the whole handshake while
  // OpenSSL doubles the timer from 1 s each flight; a fresh handshake starts again at 1 s.
  unsigned attempts = 1;
  std::string source_address;  // the local IPv4 address of every DTLS session (empty: any)
};

class UaClient {
 public:
  UaClient(asio::io_context& io, UaSettings settings);
  ~UaClient();
  UaClient(const UaClient&) = delete;
  UaClient& operator=(const UaClient&) = delete;

  const UaSettings& settings() const;

  asio::awaitable<UaResult> exchange(const AsEndpoint& as, const std::string& guti, const Key256& ks_as,
                                     std::string_view payload);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace iotboot::ue
