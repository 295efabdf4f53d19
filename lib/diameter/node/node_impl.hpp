// Internals of Node shared by node.cpp, peer.cpp and connection.cpp.
#pragma once

#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <set>
#include <unordered_map>

#include "diameter/framer.hpp"
#include "diameter/node/node.hpp"
#include "diameter/node/pending.hpp"
#include "net/batched_writer.hpp"
#include "net/listener.hpp"

namespace iotboot::diameter {

using tcp = asio::ip::tcp;
using TlsStream = asio::ssl::stream<tcp::socket>;

struct Peer;

// One TCP connection to a peer, from accept/connect to close, plaintext or TLS from its first
// byte (RFC 6733 §13). It reads messages into its framer and writes through a BatchedWriter:
// one write per batch of answers and requests. Over TLS, what is queued before the handshake
// ends (our CER) waits for it, and the handshake counts against cer_timeout.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  enum class Role { initiator, responder };
  enum class State { wait_cer, wait_cea, open, closing, closed };

  // tls: the node's TLS context, or nullptr for plaintext.
  Connection(std::shared_ptr<Node::Impl> node, tcp::socket socket, Role role, Peer* peer,
             asio::ssl::context* tls = nullptr);
  ~Connection();

  void start();
  void close(std::string_view reason);

  // Appends one message to the output; the encoder gets the writer and this connection's
  // next Hop-by-Hop identifier.
  std::uint32_t next_hop_by_hop() noexcept { return next_hbh_++; }
  std::vector<std::uint8_t>& out() noexcept { return writer_.out(); }
  void flush();
  // Flushes now, or at the end of the read batch being handled (one write per batch).
  void request_flush();
  // Sends what is queued, then closes.
  void close_after_flush(std::string_view reason);
  // Keeps the listener's admission slot for the connection's life.
  void hold(net::Admission::Slot slot) { slot_.emplace(std::move(slot)); }

  Role role() const noexcept { return role_; }
  State state() const noexcept { return state_; }
  void set_state(State s) noexcept { state_ = s; }
  Peer* peer() const noexcept { return peer_; }
  void set_peer(Peer* p) noexcept { peer_ = p; }
  PendingRequests& pending() noexcept { return pending_; }
  Node::Impl& node() noexcept { return *node_; }
  std::string remote() const;
  // The remote end's IP address equals `address` (an IP literal).
  bool remote_is(const std::string& address) const;
  bool tls() const noexcept { return tls_ != nullptr; }
  // Over TLS, the peer's certificate names `host` as a DNS subjectAltName (whole name, no
  // wildcard); false over plaintext.
  bool certificate_names(std::string_view host) const;
  // The certificate's DNS names, printable, for a log line.
  std::string certificate_dns_names() const;
  std::string tls_version() const;

  Clock::time_point last_received;
  bool dwr_outstanding = false;
  Clock::time_point dwr_sent;

 private:
  asio::awaitable<void> read_loop();
  asio::awaitable<bool> handshake();
  void drain_tls();
  asio::awaitable<void> watchdog();
  void handle(ByteView message);
  tcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : socket_; }
  const tcp::socket& socket() const noexcept { return tls_ ? tls_->next_layer() : socket_; }

  std::shared_ptr<Node::Impl> node_;
  tcp::socket socket_;              // plaintext; moved into tls_ for TLS
  std::unique_ptr<TlsStream> tls_;  // TLS: the stream over the connection's socket
  struct X509Free {
    void operator()(X509* x) const noexcept;
  };
  std::unique_ptr<X509, X509Free> peer_certificate_;
  bool handshaking_ = false;  // writes wait until the TLS handshake is done
  Role role_;
  State state_;
  Peer* peer_;
  Framer framer_;
  net::BatchedWriter writer_;
  bool in_batch_ = false;
  std::string close_reason_;
  Clock::time_point created_;
  std::uint32_t next_hbh_;
  PendingRequests pending_;
  asio::steady_timer watchdog_timer_;
  std::optional<net::Admission::Slot> slot_;
};

// A configured peer: at most one open connection, plus one being set up by us.
struct Peer {
  Peer(asio::io_context& io, PeerConfig c) : config(std::move(c)), event(io), backoff_timer(io) {
    event.expires_at(Clock::time_point::max());
  }

  PeerConfig config;
  std::shared_ptr<Connection> open;         // I-Open or R-Open
  std::shared_ptr<Connection> connecting;   // ours, waiting for CEA
  std::vector<std::uint32_t> applications;  // from its CER/CEA
  std::chrono::milliseconds backoff{0};
  asio::steady_timer event;  // never expires; cancelled on every state change to wake waiters
  asio::steady_timer backoff_timer;

  bool is_open() const noexcept { return open != nullptr; }
  bool serves(std::uint32_t app) const noexcept;
  void notify() { event.cancel(); }
};

struct Node::Impl : std::enable_shared_from_this<Node::Impl> {
  Impl(asio::io_context& io, NodeConfig c);
  // Closes everything at once (Node's destructor).
  void shutdown_now();

  // Peer state machine (peer.cpp).
  void on_cer(Connection& c, const MessageView& m);
  void on_cea(Connection& c, const MessageView& m);
  void on_dpr(Connection& c, const MessageView& m);
  void on_closed(Connection& c);
  asio::awaitable<void> connect_loop(Peer& peer);
  void accepted(tcp::socket socket, net::Admission::Slot slot, bool over_tls);
  asio::awaitable<void> sweep_loop();
  void send_cer(Connection& c);
  void send_dwr(Connection& c);
  Peer* find_peer(std::string_view host);
  // An open peer for the request: the destination host if it is a peer, else the realm's open
  // peers in turn; never `avoid`.
  Connection* route(std::uint32_t app, std::optional<std::string_view> host, std::string_view realm,
                    const Connection* avoid = nullptr);
  std::vector<std::uint32_t> applications() const;
  // A CER's or CEA's Origin-Host against the connection's transport: a TLS peer over plaintext,
  // or a certificate that does not name it, is refused (logged; counted in peers_refused).
  bool transport_admits(Connection& c, const Peer& p, std::string_view origin_host);

  // Requests from peers (node.cpp).
  void dispatch_request(Connection& c, const MessageView& m);
  std::optional<DiameterError> authorise(const Peer& p, const MessageView& m) const;

  asio::io_context& io;
  NodeConfig config;
  LocalIdentity self;
  std::uint32_t origin_state_id;
  std::shared_ptr<tcp::acceptor> acceptor;
  std::shared_ptr<tcp::acceptor> tls_acceptor;
  std::unique_ptr<asio::ssl::context> tls;    // from config.tls, loaded once
  std::shared_ptr<net::Admission> admission;  // every accepted connection, from accept to close
  std::vector<std::unique_ptr<Peer>> peers;
  struct Handler {
    SyncHandler sync;
    AsyncHandler async;
  };
  std::unordered_map<std::uint64_t, Handler> handlers;
  std::set<std::uint32_t> client_applications;
  std::set<std::shared_ptr<Connection>> unattached;  // accepted, before CER
  std::uint32_t next_end_to_end;
  std::uint32_t session_high;
  std::uint32_t session_low = 0;
  // The next peer to try, per application: one counter for all would let one application's
  // turns steer another's (S6a and T6a alternating at an MME sent every AIR to one HSS).
  std::unordered_map<std::uint32_t, std::size_t> round_robin;
  asio::steady_timer sweeper;
  NodeStats stats;
  std::size_t in_flight = 0;  // asynchronous handlers running
  bool started = false;
  bool stopping = false;
};

inline std::uint64_t handler_key(std::uint32_t app, std::uint32_t cmd) { return (std::uint64_t{app} << 32) | cmd; }

}  // namespace iotboot::diameter
