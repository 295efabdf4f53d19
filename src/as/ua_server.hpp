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
// With `as.upstream` the AS is a gateway (docs/application-servers.md): every request a device
// makes in its session, any method and path, is forwarded to the HTTP backend by RFC 8075's
// mapping (coap_http_mapping.hpp) with the device's identity in headers, and the backend's
// answer goes back as the CoAP response. The HTTP exchange runs on the upstream client's
// thread; libcoap's asynchronous responses (coap_register_async) keep this thread free, and an
// eventfd wakes it when an answer is in. Bodies larger than a datagram travel block-wise
// (RFC 7959), reassembled by libcoap.
//
// A client address whose handshakes are refused too often is banned (source_ban.hpp): its
// datagrams are dropped by a filter on the endpoint's socket, so a flood of made-up identities
// from it stops costing DTLS work, and the UEs of other addresses keep their handshakes.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "as/as_config.hpp"
#include "as/as_metrics.hpp"
#include "as/key_source.hpp"
#include "as/source_ban.hpp"
#include "as/upstream_client.hpp"
#include "core/bytes.hpp"

struct coap_bin_const_t;
struct coap_session_t;
struct coap_pdu_t;
struct coap_resource_t;
struct coap_string_t;

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

  // Requests forwarded to the upstream backend and answered (gateway).
  std::uint64_t forwarded() const noexcept { return forwarded_.load(); }
  // Requests answered 5.03 because too many waited for the backend (upstream.max_pending*).
  std::uint64_t forwards_refused() const noexcept { return forwards_refused_.load(); }

  // For libcoap's callbacks.
  const coap_bin_const_t* lookup(ByteView identity, coap_session_t* session);
  void handle_app(coap_session_t* session, const coap_pdu_t* request, coap_pdu_t* response);
  void forward(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
               const coap_string_t* query, coap_pdu_t* response);
  void session_closed(coap_session_t* session);
  void handshake_started(coap_session_t* session);
  void handshake_done(coap_session_t* session, bool connected);
  struct Coap;

 private:
  void run();
  void deliver_upstream_answers();
  struct Forward;
  void answer(Forward& f, UpstreamResponse& a);
  void drop_stalled_handshakes();
  void count_refusal(coap_session_t* session, bool clients_doing);
  void banned(coap_session_t* session, std::string_view reason, const std::string& why);
  void apply_bans();
  struct Pending {
    std::chrono::steady_clock::time_point began, deadline;
    std::string guti;
    bool cached_key = false;  // the PSK came from the key cache
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
  // Each DTLS session's GUTI and device identity, from its PSK lookup until it closes.
  struct Peer {
    std::string guti;
    DeviceIdentity device;
  };
  std::unordered_map<coap_session_t*, Peer> peers_;
  // Gateway: requests waiting for the backend (libcoap thread), the answers the upstream
  // client's thread hands over, and the eventfd that wakes this thread for them.
  std::unordered_map<std::uint64_t, std::unique_ptr<Forward>> forwards_;
  std::uint64_t next_forward_ = 0;
  std::mutex answers_mutex_;
  std::vector<std::pair<std::uint64_t, UpstreamResponse>> answers_;
  int wake_fd_ = -1;
  std::atomic<std::uint64_t> forwarded_{0};
  std::atomic<std::uint64_t> forwards_refused_{0};
  std::unique_ptr<UpstreamClient> upstream_;  // after what its callbacks use
  std::thread thread_;
};

}  // namespace iotboot::as
