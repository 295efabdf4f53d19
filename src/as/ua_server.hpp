// Ua at the AS (seed steps 12 and 16): CoAP over DTLS 1.2 with PSK (libcoap, OpenSSL flavour).
// The PSK identity is the UE's GUTI (canonical text); the PSK is Ks_AS, fetched from the SCEF on
// first sight of a GUTI. The identity is whatever bytes a client sent: anything but a canonical
// GUTI text is refused before the SCEF is asked, and is never written to a log. POST /app is answered 2.04 Changed with
// a payload naming the GUTI and echoing what was received. libcoap runs on its own thread: its key callback is
// synchronous and blocks on the Key API (libcoap 4.3 cannot suspend a handshake).
//
// A wrong key is silent in DTLS 1.2 (a record that fails to decrypt is dropped, no alert), so
// a handshake that has its PSK but is not finished within handshake_timeout is dropped here
// and counted: neither side waits out libcoap's 60 s retransmission budget.
//
// A client address whose handshakes are refused too often is banned (source_ban.hpp): its
// datagrams are dropped by a filter on the endpoint's socket, so a flood of made-up identities
// from it stops costing DTLS work, and the UEs of other addresses keep their handshakes.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "as/as_config.hpp"
#include "as/as_metrics.hpp"
#include "as/key_source.hpp"
#include "as/source_ban.hpp"
#include "core/bytes.hpp"

struct coap_bin_const_t;
struct coap_session_t;
struct coap_pdu_t;

namespace iotboot::as {

class UaServer {
 public:
  UaServer(const AsConfig& config, KeySource& keys);
  ~UaServer();
  void start();
  void stop();
  std::uint16_t port() const noexcept { return port_; }
  std::uint64_t requests() const noexcept { return requests_.load(); }
  std::uint64_t handshakes() const noexcept { return handshakes_.load(); }
  std::uint64_t failed_handshakes() const noexcept { return failed_handshakes_.load(); }
  // Handshakes refused at the PSK identity: not a GUTI, unknown, or over the fetch limit.
  std::uint64_t refused_identities() const noexcept { return refused_identities_.load(); }
  std::uint64_t source_bans() const noexcept { return source_bans_.load(); }

  // For libcoap's callbacks.
  const coap_bin_const_t* lookup(ByteView identity, coap_session_t* session);
  void handle_app(coap_session_t* session, const coap_pdu_t* request, coap_pdu_t* response);
  void handshake_started(coap_session_t* session);
  void handshake_done(coap_session_t* session, bool connected);
  struct Coap;

 private:
  void run();
  void drop_stalled_handshakes();
  void count_refusal(coap_session_t* session, bool clients_doing);
  void banned(coap_session_t* session, std::string_view reason, const std::string& why);
  void apply_bans();
  struct Pending {
    std::chrono::steady_clock::time_point began, deadline;
    std::string guti;
  };
  const AsConfig& config_;
  KeySource& keys_;
  std::unique_ptr<Coap> coap_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> handshakes_{0};
  std::atomic<std::uint64_t> failed_handshakes_{0};
  std::atomic<std::uint64_t> refused_identities_{0};
  std::atomic<std::uint64_t> source_bans_{0};
  SourceBan ban_;
  int endpoint_fd_ = -1;  // libcoap's socket, where the ban's filter goes
  HandshakeMetrics metrics_;
  std::unordered_map<coap_session_t*, Pending> pending_;
  bool session_cache_off_ = false;  // handshakes with a PSK, not finished
  std::thread thread_;
};

}  // namespace iotboot::as
