// A Diameter node (RFC 6733): listens and connects over TCP, runs the peer state machine
// (CER/CEA, election, DWR/DWA, DPR/DPA, reconnection with backoff), routes requests to peers
// and answers to their requests, and dispatches incoming requests to handlers.
//
// One Node is driven by one single-threaded io_context (several nodes may share one, or each
// have its own); every call must be made from that io_context's thread. There is no global
// state: several nodes live in one process.
#pragma once

#include <utility>  // before asio/awaitable.hpp (Boost 1.74 with C++20 coroutines)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "diameter/answer.hpp"
#include "diameter/base/fields.hpp"
#include "diameter/message.hpp"
#include "diameter/node/config.hpp"

namespace iotboot::diameter {

namespace asio = boost::asio;

// A whole received message in its own buffer (moving it keeps views into it valid), wiped when
// it goes: it may hold keys.
class ReceivedMessage {
 public:
  ReceivedMessage() = default;
  explicit ReceivedMessage(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}
  ReceivedMessage(const ReceivedMessage&) = default;
  ReceivedMessage(ReceivedMessage&&) noexcept = default;
  ReceivedMessage& operator=(const ReceivedMessage& o) {
    if (this != &o) {
      secure_wipe(bytes_.data(), bytes_.size());
      bytes_ = o.bytes_;
    }
    return *this;
  }
  ReceivedMessage& operator=(ReceivedMessage&& o) noexcept {
    if (this != &o) {
      secure_wipe(bytes_.data(), bytes_.size());
      bytes_ = std::move(o.bytes_);
    }
    return *this;
  }
  ~ReceivedMessage() { secure_wipe(bytes_.data(), bytes_.size()); }
  MessageView view() const noexcept { return MessageView(ByteView(bytes_)); }
  ByteView bytes() const noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

enum class RequestError {
  no_route,   // no open peer for the destination (DIAMETER_UNABLE_TO_DELIVER)
  timeout,    // no answer within request_timeout
  peer_down,  // the connection closed before the answer came
  stopped,    // the node is shutting down
};
std::string_view to_string(RequestError e) noexcept;

using RequestResult = Result<ReceivedMessage, RequestError>;

class Connection;

// Sends the answer to one request. It refers to the request message, which must outlive it.
class Reply {
 public:
  Reply(std::weak_ptr<Connection> connection, MessageView request, const LocalIdentity& self) noexcept
      : connection_(std::move(connection)), request_(request), self_(&self) {}

  const MessageView& request() const noexcept { return request_; }
  const LocalIdentity& self() const noexcept { return *self_; }

  // Encodes the answer with the request's Hop-by-Hop and End-to-End identifiers. A no-op when
  // the connection is gone.
  template <typename Answer>
  void send(const Answer& answer) {
    send_with([&](Writer& w) { answer.encode(w, request_.header().hop_by_hop, request_.header().end_to_end); });
  }
  void error(const DiameterError& e);
  // The routing AVPs of an answer to this request: Session-Id, our Origin-Host/Realm, 2001.
  AnswerOrigin success_origin() const;

 private:
  void send_with(const std::function<void(Writer&)>& encode);
  std::weak_ptr<Connection> connection_;
  MessageView request_;
  const LocalIdentity* self_;
};

// Counters since start, for operators and tests.
struct NodeStats {
  std::uint64_t requests_sent = 0;
  std::uint64_t answers_received = 0;
  std::uint64_t requests_received = 0;
  std::uint64_t error_answers_sent = 0;     // answers this node built from a DiameterError
  std::uint64_t requests_refused = 0;       // not authorised for the peer that sent them
  std::uint64_t peers_refused = 0;          // CERs refused: unknown host or realm, not from its pinned address, a TLS
                                            // peer over plaintext, a certificate not naming the Origin-Host
  std::uint64_t tls_handshakes_failed = 0;  // untrusted or missing certificate, no common version, ...
  std::uint64_t dwr_sent = 0;
  std::uint64_t dwa_received = 0;
  std::uint64_t dwr_received = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t failovers = 0;      // requests sent again, T flag set, after their peer went down
  std::uint64_t too_busy = 0;       // answered 3004: max_pending_requests were being served
  std::uint64_t elections_won = 0;  // RFC 6733 §5.6.4, both ends connected at once
  std::uint64_t elections_lost = 0;
};

struct PeerStatus {
  std::string host;
  bool open = false;
  std::vector<std::uint32_t> applications;  // what the peer advertised in CER/CEA
  std::string tls_version;                  // "TLSv1.3", "TLSv1.2"; empty over plaintext or when not open
};

class Node;

// A weak handle on a node, for code the node may not outlive (a handler that itself sends
// requests, a timer): requests through it fail with `stopped` once the node is gone.
class NodeRef {
 public:
  NodeRef() = default;
  template <typename Req>
  asio::awaitable<RequestResult> request(const Req& req,
                                         std::optional<std::chrono::milliseconds> timeout = std::nullopt) const;
  std::string new_session_id() const;
  RequestRouting routing(std::string_view session_id, std::string_view destination_realm,
                         std::optional<std::string_view> destination_host = std::nullopt) const;
  std::string origin_host() const;

 private:
  friend class Node;
  std::weak_ptr<void> impl_;
};

class Node {
 public:
  using SyncHandler = std::function<void(const MessageView& request, Reply& reply)>;
  using AsyncHandler = std::function<asio::awaitable<void>(ReceivedMessage request, Reply reply)>;

  Node(asio::io_context& io, NodeConfig config);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Handlers for (application, command); the application is advertised in CER/CEA.
  void on(std::uint32_t application, std::uint32_t command, SyncHandler handler);
  void on_async(std::uint32_t application, std::uint32_t command, AsyncHandler handler);
  // Typed forms: the request is decoded first, and a decoding error is answered for the handler.
  template <typename Req, typename Fn>  // Fn(const Req&, Reply&)
  void serve(Fn fn);
  template <typename Req, typename Fn>  // Fn(Req, ReceivedMessage, Reply) -> awaitable<void>
  void serve_async(Fn fn);
  // An application this node only sends requests of; advertised too.
  void use_application(std::uint32_t application);

  // Listens (if configured) and starts connecting to the peers marked connect.
  void start();
  // Sends DPR to every open peer, waits briefly for DPA, closes everything. Pending requests
  // fail with `stopped`.
  asio::awaitable<void> stop();

  // Sends a request and waits for its answer (or an error). Routing: Destination-Host if it
  // names an open peer, else an open peer of Destination-Realm that serves the application.
  // timeout: this request's own bound instead of request_timeout.
  template <typename Req>
  asio::awaitable<RequestResult> request(const Req& req,
                                         std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  using Encoder = std::function<void(Writer&, std::uint32_t, std::uint32_t)>;
  // `impl` may be null (the node is gone): the result is `stopped`.
  static asio::awaitable<RequestResult> send_request(std::shared_ptr<void> impl, std::uint32_t application,
                                                     std::optional<std::string_view> destination_host,
                                                     std::string_view destination_realm, Encoder encode,
                                                     std::optional<std::chrono::milliseconds> timeout);
  NodeRef ref() const;

  // RFC 6733 §8.8: "<Origin-Host>;<high 32 bits>;<low 32 bits>", unique for this node's life.
  std::string new_session_id();
  // Session-Id, Origin-Host, Origin-Realm and Destination-Realm of a request from this node
  // (the session id string must outlive the routing).
  RequestRouting routing(std::string_view session_id, std::string_view destination_realm,
                         std::optional<std::string_view> destination_host = std::nullopt) const;

  const LocalIdentity& identity() const noexcept;
  const NodeConfig& config() const noexcept;
  std::uint16_t local_port() const;      // the plaintext listening port (after start())
  std::uint16_t local_tls_port() const;  // the TLS listening port (after start())
  std::vector<PeerStatus> peers() const;
  const NodeStats& stats() const noexcept;
  // Requests being served now by asynchronous handlers (bounded by max_pending_requests).
  std::size_t requests_in_flight() const noexcept;
  bool peer_open(std::string_view host) const;
  // Waits until the peer is open or the timeout passes; true if open.
  asio::awaitable<bool> wait_open(std::string_view host, std::chrono::milliseconds timeout);

  struct Impl;

 private:
  // Shared with every coroutine the node spawns, so that destroying the Node while its
  // io_context still runs is safe: the coroutines finish against a closed Impl.
  std::shared_ptr<Impl> impl_;
};

template <typename Req, typename Fn>
void Node::serve(Fn fn) {
  on(Req::kApplicationId, Req::kCommand, [fn = std::move(fn)](const MessageView& request, Reply& reply) {
    auto decoded = Req::decode(request);
    if (!decoded) return reply.error(decoded.error());
    fn(decoded.value(), reply);
  });
}

template <typename Req, typename Fn>
void Node::serve_async(Fn fn) {
  on_async(Req::kApplicationId, Req::kCommand,
           [fn = std::move(fn)](ReceivedMessage request, Reply reply) -> asio::awaitable<void> {
             auto decoded = Req::decode(request.view());
             if (!decoded) {
               reply.error(decoded.error());
               co_return;
             }
             co_await fn(std::move(decoded.value()), std::move(request), std::move(reply));
           });
}

template <typename Req>
asio::awaitable<RequestResult> Node::request(const Req& req, std::optional<std::chrono::milliseconds> timeout) {
  return send_request(
      impl_, Req::kApplicationId, req.routing.destination_host, req.routing.destination_realm,
      [&req](Writer& w, std::uint32_t hbh, std::uint32_t e2e) { req.encode(w, hbh, e2e); }, timeout);
}

template <typename Req>
asio::awaitable<RequestResult> NodeRef::request(const Req& req,
                                                std::optional<std::chrono::milliseconds> timeout) const {
  return Node::send_request(
      impl_.lock(), Req::kApplicationId, req.routing.destination_host, req.routing.destination_realm,
      [&req](Writer& w, std::uint32_t hbh, std::uint32_t e2e) { req.encode(w, hbh, e2e); }, timeout);
}

}  // namespace iotboot::diameter
