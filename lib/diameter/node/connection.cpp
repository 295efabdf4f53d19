#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "core/log_event.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node_impl.hpp"
#include "diameter/result_codes.hpp"
#include "diameter/validate.hpp"
#include "net/tls.hpp"

namespace iotboot::diameter {

Connection::Connection(std::shared_ptr<Node::Impl> node, tcp::socket socket, Role role, Peer* peer,
                       asio::ssl::context* tls)
    : last_received(Clock::now()),
      node_(std::move(node)),
      socket_(std::move(socket)),
      role_(role),
      state_(role == Role::initiator ? State::wait_cea : State::wait_cer),
      peer_(peer),
      framer_(node_->config.max_message_size),
      writer_(node_->config.max_message_size),
      created_(Clock::now()),
      next_hbh_(std::random_device{}()),
      watchdog_timer_(node_->io) {
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
  if (tls != nullptr) {
    tls_ = std::make_unique<TlsStream>(std::move(socket_), *tls);
    handshaking_ = true;
  }
}

Connection::~Connection() = default;

void Connection::X509Free::operator()(X509* x) const noexcept { X509_free(x); }

bool Connection::certificate_names(std::string_view host) const {
  return net::names_host(peer_certificate_.get(), host);
}

std::string Connection::certificate_dns_names() const {
  return net::printable_names(net::dns_names(peer_certificate_.get()));
}

std::string Connection::tls_version() const { return tls_ ? SSL_get_version(tls_->native_handle()) : ""; }

std::string Connection::remote() const {
  boost::system::error_code ec;
  const auto ep = socket().remote_endpoint(ec);
  return ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

bool Connection::remote_is(const std::string& address) const {
  boost::system::error_code ec;
  const auto ep = socket().remote_endpoint(ec);
  if (ec) return false;
  const auto want = asio::ip::make_address(address, ec);
  if (ec) return false;
  auto got = ep.address();
  if (got.is_v6() && got.to_v6().is_v4_mapped()) got = asio::ip::make_address_v4(asio::ip::v4_mapped, got.to_v6());
  return got == want;
}

void Connection::start() {
  auto self = shared_from_this();
  asio::co_spawn(
      node_->io, [self]() { return self->read_loop(); }, asio::detached);
  asio::co_spawn(
      node_->io, [self]() { return self->watchdog(); }, asio::detached);
}

void Connection::close(std::string_view reason) {
  if (state_ == State::closed) return;
  state_ = State::closed;
  const std::string from = remote();
  if (peer_) {
    logs::event(spdlog::level::info, "peer.closed",
                {{"peer", peer_->config.host}, {"remote", from}, {"reason", reason}},
                "[{}] connection {} {} closed: {}", node_->self.origin_host, from, peer_->config.host, reason);
  } else {
    logs::event(spdlog::level::info, "connection.closed", {{"remote", from}, {"reason", reason}},
                "[{}] connection {} (no CER yet) closed: {}", node_->self.origin_host, from, reason);
  }
  boost::system::error_code ec;
  socket().shutdown(tcp::socket::shutdown_both, ec);
  socket().close(ec);
  watchdog_timer_.cancel();
  pending_.fail_all(node_->stopping ? RequestError::stopped : RequestError::peer_down);
  node_->on_closed(*this);
}

void Connection::close_after_flush(std::string_view reason) {
  if (state_ == State::closed) return;
  state_ = State::closing;
  close_reason_ = reason;
  if (writer_.idle()) return close(reason);
  flush();
}

void Connection::request_flush() {
  if (!in_batch_) flush();
}

void Connection::flush() {
  if (state_ != State::closed && writer_.pending() > node_->config.max_pending_output) {
    // The peer does not read what it is sent. Closed from the io loop, not inside the caller
    // that appended (its handler must not see the connection vanish under it).
    writer_.discard();
    asio::post(node_->io,
               [self = shared_from_this()] { self->close("the peer does not read: output over max_pending_output"); });
    return;
  }
  if (state_ == State::closed || handshaking_) return;
  auto written = [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->close("write failed: " + ec.message());
    if (self->state_ == State::closing && self->writer_.idle()) return self->close(self->close_reason_);
    self->flush();
  };
  if (tls_) {
    writer_.flush(*tls_, std::move(written));
  } else {
    writer_.flush(socket_, std::move(written));
  }
}

// RFC 6733 §13: TLS from the first byte. Our end is verified by the peer, the peer's certificate
// against the CA (OpenSSL, during the handshake); when we connected, it must also name the peer
// we meant to reach before our CER goes out. The name in the CER or CEA is checked when it comes
// (Node::Impl::transport_admits).
asio::awaitable<bool> Connection::handshake() {
  const bool client = role_ == Role::initiator;
  if (client && peer_ != nullptr) SSL_set_tlsext_host_name(tls_->native_handle(), peer_->config.host.c_str());
  boost::system::error_code ec;
  co_await tls_->async_handshake(client ? asio::ssl::stream_base::client : asio::ssl::stream_base::server,
                                 asio::redirect_error(asio::use_awaitable, ec));
  handshaking_ = false;
  if (state_ == State::closed) co_return false;
  if (ec) {
    ++node_->stats.tls_handshakes_failed;
    close("TLS handshake failed: " + ec.message());
    co_return false;
  }
  peer_certificate_.reset(SSL_get1_peer_certificate(tls_->native_handle()));
  if (client && peer_ != nullptr && !certificate_names(peer_->config.host)) {
    ++node_->stats.peers_refused;
    spdlog::warn("[{}] peer {} at {} refused: its certificate names {}, not {}", node_->self.origin_host,
                 peer_->config.host, remote(), certificate_dns_names(), peer_->config.host);
    close("certificate does not name the peer");
    co_return false;
  }
  flush();
  co_return true;
}

// One TLS read hands over one record, while one TCP read takes everything that has arrived: a
// peer that sent one request per record would get one answer per write, and the batching that
// carries our throughput would be lost (TLS ran at a tenth of TCP's rate). So the records that
// the last read already brought in are deciphered too, without waiting: SSL_read on the stream's
// memory BIO never blocks; it stops when no whole record is left (the rest comes with the next
// read), bounded so that one connection does not hold the loop.
void Connection::drain_tls() {
  SSL* ssl = tls_->native_handle();
  for (std::size_t drained = 0; drained < (256u << 10);) {
    MutableByteView buf = framer_.prepare(16384);
    const int n = SSL_read(ssl, buf.data(), static_cast<int>(buf.size()));
    if (n <= 0) break;
    framer_.commit(static_cast<std::size_t>(n));
    drained += static_cast<std::size_t>(n);
  }
  ERR_clear_error();  // WANT_READ (or an error the next asynchronous read reports)
}

asio::awaitable<void> Connection::read_loop() {
  auto self = shared_from_this();
  if (tls_ && !co_await handshake()) co_return;
  while (state_ != State::closed) {
    MutableByteView buf = framer_.prepare(16384);
    boost::system::error_code ec;
    const auto into = asio::buffer(buf.data(), buf.size());
    const std::size_t n = tls_ ? co_await tls_->async_read_some(into, asio::redirect_error(asio::use_awaitable, ec))
                               : co_await socket_.async_read_some(into, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      close(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "closed by the peer"
                                                                               : "read failed: " + ec.message());
      co_return;
    }
    framer_.commit(n);
    if (tls_) drain_tls();
    last_received = Clock::now();
    in_batch_ = true;
    ByteView message;
    Framer::Status status;
    while ((status = framer_.next(message)) == Framer::Status::frame && state_ != State::closed) handle(message);
    in_batch_ = false;
    if (status == Framer::Status::bad_length) {
      close("message length out of bounds");
      co_return;
    }
    flush();
  }
}

void Connection::handle(ByteView bytes) {
  const MessageView m(bytes);
  const Header& h = m.header();
  if (h.version != kVersion || (h.is_request() && h.application == app::kBase)) {
    // Base protocol requests are validated here; application requests in dispatch_request.
    if (auto err = validate(m)) {
      if (!h.is_request()) return close("malformed base protocol answer");
      Writer w(writer_.out());
      write_error_answer(w, m, node_->self, *err);
      ++node_->stats.error_answers_sent;
      // A peer that cannot frame or exchange capabilities properly is not kept.
      if (h.version != kVersion || state_ != State::open || h.command == cmd::kCapabilitiesExchange) {
        close_after_flush(err->message);
      }
      return;
    }
  }
  if (h.application == app::kBase) {
    switch (h.command) {
      case cmd::kCapabilitiesExchange: return h.is_request() ? node_->on_cer(*this, m) : node_->on_cea(*this, m);
      case cmd::kDeviceWatchdog:
        if (state_ != State::open) return close("DWR/DWA before capabilities exchange");
        if (h.is_request()) {
          ++node_->stats.dwr_received;
          base::Dwa dwa;
          dwa.result_code = result::kSuccess;
          dwa.origin_host = node_->self.origin_host;
          dwa.origin_realm = node_->self.origin_realm;
          dwa.origin_state_id = node_->origin_state_id;
          Writer w(writer_.out());
          dwa.encode(w, h.hop_by_hop, h.end_to_end);
        } else {
          ++node_->stats.dwa_received;
          dwr_outstanding = false;
          pending_.complete(h.hop_by_hop, m);
        }
        return;
      case cmd::kDisconnectPeer:
        if (h.is_request()) return node_->on_dpr(*this, m);
        return close("DPA received");
    }
  }
  if (state_ != State::open) return close("application message before capabilities exchange");
  if (h.is_request()) {
    ++node_->stats.requests_received;
    return node_->dispatch_request(*this, m);
  }
  ++node_->stats.answers_received;
  if (!pending_.complete(h.hop_by_hop, m)) {
    spdlog::debug("[{}] answer with unknown Hop-by-Hop {:#x} dropped", node_->self.origin_host, h.hop_by_hop);
  }
}

asio::awaitable<void> Connection::watchdog() {
  auto self = shared_from_this();
  const auto tw = node_->config.watchdog_interval;
  // A tenth of Tw: a silent peer is closed within 2 Tw and a tenth (RFC 3539 asks for 2 Tw).
  const auto tick = std::min<Clock::duration>(tw, node_->config.cer_timeout) / 10;
  while (state_ != State::closed) {
    watchdog_timer_.expires_after(tick);
    boost::system::error_code ec;
    co_await watchdog_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (state_ == State::closed) co_return;
    const auto now = Clock::now();
    if (state_ == State::wait_cer || state_ == State::wait_cea) {
      if (now - created_ >= node_->config.cer_timeout) close("no capabilities exchange in time");
      continue;
    }
    if (state_ != State::open) continue;
    if (dwr_outstanding && last_received > dwr_sent) dwr_outstanding = false;  // any traffic proves it alive
    if (dwr_outstanding) {
      if (now - dwr_sent >= tw) {
        close("watchdog: no answer to DWR");
        co_return;
      }
    } else if (now - last_received >= tw) {
      node_->send_dwr(*this);
      dwr_outstanding = true;
      dwr_sent = now;
      flush();
    }
  }
}

}  // namespace iotboot::diameter
