#include "net/s1lite.hpp"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstring>

namespace iotboot::net {
namespace {

std::uint32_t load32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

void store32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::atomic<std::uint64_t> next_connection_id{1};

}  // namespace

S1liteFramer::S1liteFramer(std::size_t max_frame)
    : LengthPrefixedFramer(
          4, [](const std::uint8_t* p) noexcept -> std::size_t { return std::size_t{4} + load32(p); }, 8,
          4 + max_frame) {}

S1liteFramer::Status S1liteFramer::next(std::uint32_t& stream, ByteView& pdu) noexcept {
  ByteView frame;
  const Status s = next(frame);
  if (s != Status::frame) return s;
  stream = load32(frame.data() + 4);
  pdu = frame.subspan(8);
  return s;
}

void append_s1lite_frame(std::vector<std::uint8_t>& out, std::uint32_t stream, ByteView pdu) {
  const std::size_t at = out.size();
  out.resize(at + 8 + pdu.size());
  store32(out.data() + at, static_cast<std::uint32_t>(4 + pdu.size()));
  store32(out.data() + at + 4, stream);
  if (!pdu.empty()) std::memcpy(out.data() + at + 8, pdu.data(), pdu.size());
}

S1liteConnection::S1liteConnection(tcp::socket socket, PduHandler on_pdu, ClosedHandler on_closed,
                                   std::size_t max_pending_output)
    : socket_(std::move(socket)),
      on_pdu_(std::move(on_pdu)),
      on_closed_(std::move(on_closed)),
      id_(next_connection_id++),
      max_pending_output_(max_pending_output) {
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
}

void S1liteConnection::start() {
  asio::co_spawn(
      socket_.get_executor(), [self = shared_from_this()] { return self->read_loop(); }, asio::detached);
}

void S1liteConnection::send(std::uint32_t stream, ByteView pdu) {
  if (!open_ || closing_) return;
  if (writer_.pending() + 8 + pdu.size() > max_pending_output_) {
    // The peer does not read: it is closed, after the caller's own processing (the closed
    // handler must not run inside the send that found it out).
    if (!closing_) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
    closing_ = true;
    return;
  }
  append_s1lite_frame(writer_.out(8 + pdu.size()), stream, pdu);
  if (!in_batch_) flush();
}

void S1liteConnection::signal(S1liteSignal s) {
  const std::uint8_t octet = static_cast<std::uint8_t>(s);
  send(kS1liteSignallingStream, ByteView(&octet, 1));
}

void S1liteConnection::close() {
  if (!open_) return;
  open_ = false;
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  if (on_closed_) on_closed_(*this);
}

void S1liteConnection::flush() {
  if (!open_) return;
  writer_.flush(socket_, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->close();
    self->flush();
  });
}

asio::awaitable<void> S1liteConnection::read_loop() {
  auto self = shared_from_this();
  while (open_) {
    MutableByteView buf = framer_.prepare(16384);
    boost::system::error_code ec;
    const std::size_t n = co_await socket_.async_read_some(asio::buffer(buf.data(), buf.size()),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    framer_.commit(n);
    in_batch_ = true;
    std::uint32_t stream = 0;
    ByteView pdu;
    S1liteFramer::Status s;
    while (open_ && (s = framer_.next(stream, pdu)) == S1liteFramer::Status::frame) {
      if (stream != kS1liteSignallingStream) {
        on_pdu_(*this, stream, pdu);
      } else if (pdu.size() == 1) {  // anything else there is ignored
        if (pdu[0] == static_cast<std::uint8_t>(S1liteSignal::overload_start)) peer_overloaded_ = true;
        if (pdu[0] == static_cast<std::uint8_t>(S1liteSignal::overload_stop)) peer_overloaded_ = false;
      }
    }
    in_batch_ = false;
    if (open_ && s == S1liteFramer::Status::bad_length) break;
    flush();
  }
  close();
}

struct S1liteServer::State {
  State(asio::io_context& io, S1liteLimits l)
      : acceptor(std::make_shared<tcp::acceptor>(io)),
        limits(l),
        admission(std::make_shared<Admission>(l.connections)) {}
  std::shared_ptr<tcp::acceptor> acceptor;
  S1liteLimits limits;
  std::shared_ptr<Admission> admission;
  S1liteConnection::PduHandler on_pdu;
  S1liteConnection::ClosedHandler on_closed;
  std::vector<std::weak_ptr<S1liteConnection>> connections;
};

S1liteServer::S1liteServer(asio::io_context& io, const std::string& address, std::uint16_t port,
                           S1liteConnection::PduHandler on_pdu, S1liteConnection::ClosedHandler on_closed,
                           S1liteLimits limits)
    : state_(std::make_shared<State>(io, limits)) {
  state_->on_pdu = std::move(on_pdu);
  state_->on_closed = std::move(on_closed);
  listen_on(*state_->acceptor, address, port);
}

S1liteServer::~S1liteServer() { stop(); }

void S1liteServer::start() {
  start_accepting(state_->acceptor, state_->admission, [s = state_](tcp::socket socket, Admission::Slot slot) {
    auto c =
        std::make_shared<S1liteConnection>(std::move(socket), s->on_pdu, s->on_closed, s->limits.max_pending_output);
    c->hold(std::move(slot));
    std::erase_if(s->connections, [](const auto& w) { return w.expired(); });
    s->connections.push_back(c);
    c->start();
  });
}

void S1liteServer::stop() {
  boost::system::error_code ec;
  state_->acceptor->close(ec);
  for (auto& w : state_->connections) {
    if (auto c = w.lock()) c->close();
  }
  state_->connections.clear();
}

std::uint16_t S1liteServer::port() const {
  boost::system::error_code ec;
  return state_->acceptor->local_endpoint(ec).port();
}

asio::awaitable<std::shared_ptr<S1liteConnection>> s1lite_connect(const std::string& address, std::uint16_t port,
                                                                  S1liteConnection::PduHandler on_pdu,
                                                                  S1liteConnection::ClosedHandler on_closed) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(tcp::endpoint(asio::ip::make_address(address), port), asio::use_awaitable);
  auto c = std::make_shared<S1liteConnection>(std::move(socket), std::move(on_pdu), std::move(on_closed));
  c->start();
  co_return c;
}

}  // namespace iotboot::net
