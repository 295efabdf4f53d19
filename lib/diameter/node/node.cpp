#include "diameter/node/node.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <ctime>
#include <random>
#include <stdexcept>

#include <openssl/ssl.h>

#include "diameter/base/avps.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node_impl.hpp"
#include "diameter/result_codes.hpp"
#include "diameter/validate.hpp"
#include "net/tls.hpp"

namespace iotboot::diameter {

std::string_view to_string(RequestError e) noexcept {
  switch (e) {
    case RequestError::no_route: return "no route to the destination";
    case RequestError::timeout: return "no answer in time";
    case RequestError::peer_down: return "connection to the peer lost";
    case RequestError::stopped: return "node stopping";
  }
  return "?";
}

// --- Reply ---

void Reply::send_with(const std::function<void(Writer&)>& encode) {
  auto c = connection_.lock();
  if (!c || c->state() != Connection::State::open) return;
  Writer w(c->out());
  encode(w);
  c->request_flush();
}

void Reply::error(const DiameterError& e) {
  auto c = connection_.lock();
  if (!c || c->state() != Connection::State::open) return;
  ++c->node().stats.error_answers_sent;
  Writer w(c->out());
  write_error_answer(w, request_, *self_, e);
  c->request_flush();
}

AnswerOrigin Reply::success_origin() const {
  AnswerOrigin o;
  o.session_id = request_.session_id().value_or(std::string_view{});
  o.result_code = result::kSuccess;
  o.origin_host = self_->origin_host;
  o.origin_realm = self_->origin_realm;
  return o;
}

// --- Impl ---

Node::Impl::Impl(asio::io_context& io_context, NodeConfig c)
    : io(io_context),
      config(std::move(c)),
      self{config.origin_host, config.origin_realm},
      origin_state_id(static_cast<std::uint32_t>(std::time(nullptr))),
      acceptor(std::make_shared<tcp::acceptor>(io_context)),
      tls_acceptor(std::make_shared<tcp::acceptor>(io_context)),
      admission(std::make_shared<net::Admission>(config.connections)),
      next_end_to_end(static_cast<std::uint32_t>(std::time(nullptr) & 0xfff) << 20 |
                      (std::random_device{}() & 0xfffff)),
      session_high(static_cast<std::uint32_t>(std::time(nullptr))),
      sweeper(io_context) {
  bool needs_tls = config.listen_tls_port.has_value();
  for (const PeerConfig& p : config.peers) {
    needs_tls |= p.transport == Transport::tls;
    peers.push_back(std::make_unique<Peer>(io, p));
  }
  if (needs_tls && !config.tls) throw std::invalid_argument("diameter: TLS is used but no tls material is configured");
  if (config.tls) {
    const TlsConfig& t = *config.tls;
    tls = std::make_unique<asio::ssl::context>(
        net::make_peer_tls(t.certificate, t.private_key, t.ca, t.allow_tls13 ? TLS1_3_VERSION : TLS1_2_VERSION));
  }
}

Peer* Node::Impl::find_peer(std::string_view host) {
  for (auto& p : peers) {
    if (p->config.host == host) return p.get();
  }
  return nullptr;
}

std::vector<std::uint32_t> Node::Impl::applications() const {
  std::set<std::uint32_t> apps = client_applications;
  for (const auto& [key, handler] : handlers) apps.insert(static_cast<std::uint32_t>(key >> 32));
  return {apps.begin(), apps.end()};
}

Connection* Node::Impl::route(std::uint32_t app, std::optional<std::string_view> host, std::string_view realm,
                              const Connection* avoid) {
  // A named host is that host and no other: it may hold what no other peer has (an MME's
  // UE contexts). A request any peer of the realm may serve names none.
  if (host) {
    Peer* p = find_peer(*host);
    return p != nullptr && p->is_open() && p->serves(app) && p->open.get() != avoid ? p->open.get() : nullptr;
  }
  const std::size_t n = peers.size();
  std::size_t& next = round_robin[app];
  for (std::size_t i = 0; i < n; ++i) {
    Peer& p = *peers[(next + i) % n];
    if (p.is_open() && p.config.realm == realm && p.serves(app) && p.open.get() != avoid) {
      next = (next + i + 1) % n;
      return p.open.get();
    }
  }
  return nullptr;
}

// Who may send what: a request must carry the identity its peer gave in CER/CEA, be of an
// application the peer advertised there, and be allowed for that peer by its `requests`.
std::optional<DiameterError> Node::Impl::authorise(const Peer& p, const MessageView& m) const {
  const Header& h = m.header();
  const std::optional<AvpView> host = m.find(avp::kOriginHost.code());
  const std::optional<AvpView> realm = m.find(avp::kOriginRealm.code());
  if (!host) return DiameterError::missing(avp::kOriginHost.info);
  if (!realm) return DiameterError::missing(avp::kOriginRealm.info);
  if (as_identity(*host) != std::string_view(p.config.host)) {
    return DiameterError::with_avp(result::kUnknownPeer, host->wire, "Origin-Host is not the identity of this peer");
  }
  if (as_identity(*realm) != std::string_view(p.config.realm)) {
    return DiameterError::with_avp(result::kUnknownPeer, realm->wire, "Origin-Realm is not the realm of this peer");
  }
  DiameterError e;
  if (!p.serves(h.application)) {
    e.result_code = result::kApplicationUnsupported;
    e.message = "application not advertised by this peer in its capabilities exchange";
  } else if (!p.config.may_request(h.application)) {
    e.result_code = result::kApplicationUnsupported;
    e.message = "application not authorised for this peer";
  } else if (!p.config.may_request(h.application, h.command)) {
    e.result_code = result::kCommandUnsupported;
    e.message = "command not authorised for this peer";
  } else {
    return std::nullopt;
  }
  return e;
}

void Node::Impl::dispatch_request(Connection& c, const MessageView& m) {
  const Header& h = m.header();
  Writer w(c.out());
  if (auto err = validate(m)) {
    ++stats.error_answers_sent;
    return write_error_answer(w, m, self, *err);
  }
  if (auto refused = authorise(*c.peer(), m)) {
    ++stats.requests_refused;
    ++stats.error_answers_sent;
    spdlog::warn(
        "[{}] {} {} from peer {} ({}) refused with {}: {}", self.origin_host,
        application_name(h.application).empty() ? std::to_string(h.application) : application_name(h.application),
        command_name(h.command, true).empty() ? std::to_string(h.command) : command_name(h.command, true),
        c.peer()->config.host, c.remote(), refused->result_code, refused->message);
    return write_error_answer(w, m, self, *refused);
  }
  auto it = handlers.find(handler_key(h.application, h.command));
  if (it == handlers.end()) {
    bool app_served = false;
    for (const auto& [key, handler] : handlers) app_served |= static_cast<std::uint32_t>(key >> 32) == h.application;
    DiameterError e;
    e.result_code = app_served ? result::kCommandUnsupported : result::kApplicationUnsupported;
    e.message = app_served ? "command not supported" : "application not supported";
    ++stats.error_answers_sent;
    return write_error_answer(w, m, self, e);
  }
  if (!h.is_proxiable()) {
    DiameterError e;
    e.result_code = result::kInvalidHdrBits;
    e.message = "P bit clear on a proxiable command";
    ++stats.error_answers_sent;
    return write_error_answer(w, m, self, e);
  }
  if (it->second.sync) {
    Reply reply(c.weak_from_this(), m, self);
    it->second.sync(m, reply);
    return;
  }
  if (in_flight >= config.max_pending_requests) {
    DiameterError e;
    e.result_code = result::kTooBusy;
    e.message = "too many requests in progress";
    ++stats.too_busy;
    ++stats.error_answers_sent;
    return write_error_answer(w, m, self, e);
  }
  ++in_flight;
  ReceivedMessage owned(m.bytes());
  Reply reply(c.weak_from_this(), owned.view(), self);
  // The function object lives in co_spawn's frame until the handler's coroutine ends.
  asio::co_spawn(
      io,
      [keep = shared_from_this(), handler = &it->second.async, owned = std::move(owned),
       reply = std::move(reply)]() mutable { return (*handler)(std::move(owned), std::move(reply)); },
      [keep = shared_from_this(), host = self.origin_host](std::exception_ptr e) {
        --keep->in_flight;
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::error("[{}] request handler failed: {}", host, ex.what());
        }
      });
}

asio::awaitable<void> Node::Impl::sweep_loop() {
  const auto tick = std::clamp<std::chrono::milliseconds>(config.request_timeout / 10, std::chrono::milliseconds(5),
                                                          std::chrono::milliseconds(50));
  while (!stopping) {
    sweeper.expires_after(tick);
    boost::system::error_code ec;
    co_await sweeper.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    const auto now = Clock::now();
    for (auto& p : peers) {
      if (p->open) p->open->pending().expire(now);
    }
  }
}

// --- Node ---

void Node::Impl::shutdown_now() {
  stopping = true;
  boost::system::error_code ec;
  acceptor->close(ec);
  tls_acceptor->close(ec);
  sweeper.cancel();
  for (auto& p : peers) {
    p->backoff_timer.cancel();
    if (p->open) p->open->close("node destroyed");
    if (p->connecting) p->connecting->close("node destroyed");
    p->notify();
  }
  auto waiting = unattached;
  for (auto& c : waiting) c->close("node destroyed");
}

Node::Node(asio::io_context& io, NodeConfig config) : impl_(std::make_shared<Impl>(io, std::move(config))) {}

Node::~Node() { impl_->shutdown_now(); }

void Node::on(std::uint32_t application, std::uint32_t command, SyncHandler handler) {
  impl_->handlers[handler_key(application, command)] = Impl::Handler{std::move(handler), nullptr};
}

void Node::on_async(std::uint32_t application, std::uint32_t command, AsyncHandler handler) {
  impl_->handlers[handler_key(application, command)] = Impl::Handler{nullptr, std::move(handler)};
}

void Node::use_application(std::uint32_t application) { impl_->client_applications.insert(application); }

void Node::start() {
  Impl& n = *impl_;
  if (n.started) return;
  n.started = true;
  if (n.config.listen) {
    net::listen_on(*n.acceptor, n.config.listen_address, n.config.listen_port);
    net::start_accepting(n.acceptor, n.admission, [self = impl_](tcp::socket socket, net::Admission::Slot slot) {
      self->accepted(std::move(socket), std::move(slot), false);
    });
    spdlog::info("[{}] listening on {}:{}", n.self.origin_host, n.config.listen_address, local_port());
  }
  if (n.config.listen_tls_port) {
    net::listen_on(*n.tls_acceptor, n.config.listen_address, *n.config.listen_tls_port);
    net::start_accepting(n.tls_acceptor, n.admission, [self = impl_](tcp::socket socket, net::Admission::Slot slot) {
      self->accepted(std::move(socket), std::move(slot), true);
    });
    spdlog::info("[{}] listening on {}:{} (TLS)", n.self.origin_host, n.config.listen_address, local_tls_port());
  }
  for (auto& p : n.peers) {
    if (p->config.connect) {
      asio::co_spawn(
          n.io, [self = impl_, peer = p.get()]() { return self->connect_loop(*peer); }, asio::detached);
    }
  }
  asio::co_spawn(
      n.io, [self = impl_]() { return self->sweep_loop(); }, asio::detached);
}

asio::awaitable<void> Node::stop() {
  const std::shared_ptr<Impl> keep = impl_;
  Impl& n = *keep;
  if (n.stopping) co_return;
  n.stopping = true;
  boost::system::error_code ec;
  n.acceptor->close(ec);
  n.tls_acceptor->close(ec);
  n.sweeper.cancel();
  std::vector<std::shared_ptr<Connection>> open;
  for (auto& p : n.peers) {
    p->backoff_timer.cancel();
    if (p->connecting) p->connecting->close("node stopping");
    if (p->open) open.push_back(p->open);
  }
  for (auto& c : open) {
    base::Dpr dpr;
    dpr.origin_host = n.self.origin_host;
    dpr.origin_realm = n.self.origin_realm;
    dpr.disconnect_cause = avp::DisconnectCause::rebooting;
    Writer w(c->out());
    dpr.encode(w, c->next_hop_by_hop(), n.next_end_to_end++);
    c->flush();
  }
  // Wait briefly for the DPAs (a connection closes when its DPA arrives).
  asio::steady_timer wait(n.io);
  const auto deadline = Clock::now() + std::chrono::milliseconds(1000);
  for (;;) {
    bool any_open = false;
    for (auto& c : open) any_open |= c->state() != Connection::State::closed;
    if (!any_open || Clock::now() >= deadline) break;
    wait.expires_after(std::chrono::milliseconds(5));
    co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  for (auto& c : open) c->close("node stopped");
  auto unattached = n.unattached;
  for (auto& c : unattached) c->close("node stopped");
  for (auto& p : n.peers) p->notify();
}

namespace {

// Identifier, encoding and registration happen together in the initiation, so that requests
// enter the pending window in identifier order. (A plain function: GCC 12 mishandles lambda
// temporaries inside co_await expressions.)
struct SendAndWait {
  std::shared_ptr<Connection> conn;
  const std::function<void(Writer&, std::uint32_t, std::uint32_t)>* encode;
  std::uint32_t end_to_end;
  bool retransmission;  // RFC 6733 §5.5.4: the T flag, and the first attempt's End-to-End
  Clock::time_point deadline;

  template <typename Handler>
  void operator()(Handler handler) const {
    auto waiter = std::make_unique<async::CompletionFor<RequestResult, Handler>>(std::move(handler));
    if (conn->state() != Connection::State::open) return waiter->complete(RequestError::peer_down);
    const std::uint32_t hbh = conn->next_hop_by_hop();
    const std::size_t start = conn->out().size();
    {
      Writer w(conn->out());
      (*encode)(w, hbh, end_to_end);
    }
    if (retransmission) conn->out()[start + 4] |= kFlagRetransmit;
    conn->pending().add(hbh, std::move(waiter), deadline);
    conn->request_flush();
  }
};

asio::awaitable<RequestResult> send_and_wait(std::shared_ptr<Connection> conn,
                                             const std::function<void(Writer&, std::uint32_t, std::uint32_t)>& encode,
                                             std::uint32_t end_to_end, bool retransmission,
                                             Clock::time_point deadline) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(RequestResult)>(
      SendAndWait{std::move(conn), &encode, end_to_end, retransmission, deadline}, asio::use_awaitable);
}

}  // namespace

asio::awaitable<RequestResult> Node::send_request(std::shared_ptr<void> impl, std::uint32_t application,
                                                  std::optional<std::string_view> destination_host,
                                                  std::string_view destination_realm, Encoder encode,
                                                  std::optional<std::chrono::milliseconds> timeout) {
  const std::shared_ptr<Impl> keep = std::static_pointer_cast<Impl>(impl);
  if (!keep || keep->stopping) co_return RequestError::stopped;
  Impl& n = *keep;
  Connection* c = n.route(application, destination_host, destination_realm);
  if (c == nullptr) co_return RequestError::no_route;
  const Clock::time_point deadline = Clock::now() + timeout.value_or(n.config.request_timeout);
  ++n.stats.requests_sent;
  const std::uint32_t end_to_end = n.next_end_to_end++;
  std::shared_ptr<Connection> first = c->shared_from_this();
  RequestResult result = co_await send_and_wait(first, encode, end_to_end, false, deadline);
  // Its peer went down before answering: the request goes once more, to another open peer of
  // the destination realm, with the T flag and the same End-to-End Identifier (RFC 6733
  // §5.5.4), within the same deadline. Not for a request to a named host: no other peer is it.
  if (!result && result.error() == RequestError::peer_down && !keep->stopping && Clock::now() < deadline &&
      !destination_host) {
    if (Connection* alt = n.route(application, std::nullopt, destination_realm, first.get())) {
      ++n.stats.failovers;
      result = co_await send_and_wait(alt->shared_from_this(), encode, end_to_end, true, deadline);
    }
  }
  if (!result && result.error() == RequestError::timeout) ++n.stats.timeouts;
  co_return result;
}

NodeRef Node::ref() const {
  NodeRef r;
  r.impl_ = std::static_pointer_cast<void>(impl_);
  return r;
}

namespace {

std::string session_id_of(Node::Impl& n) {
  return n.self.origin_host + ";" + std::to_string(n.session_high) + ";" + std::to_string(++n.session_low);
}

}  // namespace

std::string NodeRef::new_session_id() const {
  auto n = std::static_pointer_cast<Node::Impl>(impl_.lock());
  return n ? session_id_of(*n) : std::string();
}

std::string NodeRef::origin_host() const {
  auto n = std::static_pointer_cast<Node::Impl>(impl_.lock());
  return n ? n->self.origin_host : std::string();
}

RequestRouting NodeRef::routing(std::string_view session_id, std::string_view destination_realm,
                                std::optional<std::string_view> destination_host) const {
  RequestRouting r;
  auto n = std::static_pointer_cast<Node::Impl>(impl_.lock());
  r.session_id = session_id;
  if (n) {
    r.origin_host = n->self.origin_host;
    r.origin_realm = n->self.origin_realm;
  }
  r.destination_realm = destination_realm;
  r.destination_host = destination_host;
  return r;
}

std::string Node::new_session_id() { return session_id_of(*impl_); }

RequestRouting Node::routing(std::string_view session_id, std::string_view destination_realm,
                             std::optional<std::string_view> destination_host) const {
  RequestRouting r;
  r.session_id = session_id;
  r.origin_host = impl_->self.origin_host;
  r.origin_realm = impl_->self.origin_realm;
  r.destination_realm = destination_realm;
  r.destination_host = destination_host;
  return r;
}

const LocalIdentity& Node::identity() const noexcept { return impl_->self; }
const NodeConfig& Node::config() const noexcept { return impl_->config; }

namespace {

std::uint16_t port_of(const tcp::acceptor& acceptor) {
  boost::system::error_code ec;
  const auto ep = acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

}  // namespace

std::uint16_t Node::local_port() const { return port_of(*impl_->acceptor); }

std::uint16_t Node::local_tls_port() const { return port_of(*impl_->tls_acceptor); }

std::vector<PeerStatus> Node::peers() const {
  std::vector<PeerStatus> out;
  for (const auto& p : impl_->peers)
    out.push_back({p->config.host, p->is_open(), p->applications, p->open ? p->open->tls_version() : std::string()});
  return out;
}

const NodeStats& Node::stats() const noexcept { return impl_->stats; }
std::size_t Node::requests_in_flight() const noexcept { return impl_->in_flight; }

bool Node::peer_open(std::string_view host) const {
  Peer* p = impl_->find_peer(host);
  return p != nullptr && p->is_open();
}

asio::awaitable<bool> Node::wait_open(std::string_view host, std::chrono::milliseconds timeout) {
  const std::string h(host);
  const auto deadline = Clock::now() + timeout;
  asio::steady_timer t(impl_->io);
  boost::system::error_code ec;
  while (!peer_open(h)) {
    if (Clock::now() >= deadline) co_return false;
    t.expires_after(std::chrono::milliseconds(5));
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return true;
}

}  // namespace iotboot::diameter
