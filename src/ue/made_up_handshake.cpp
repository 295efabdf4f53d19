#include "ue/made_up_handshake.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "crypto/random.hpp"
#include "ue/dtls_flight.hpp"

namespace iotboot::ue {
namespace {

using Clock = std::chrono::steady_clock;
using boost::asio::ip::udp;

// The next datagram from the AS that `wanted` accepts (or that is malformed, or alerts); nullopt
// with `ec` set once the socket fails or the deadline passes. The deadline's timer cancels a
// pending receive; one it fires between two receives cancels nothing, hence the check.
asio::awaitable<std::optional<dtls::ServerFlight>> receive(udp::socket& socket, Clock::time_point deadline,
                                                           bool (*wanted)(const dtls::ServerFlight&),
                                                           boost::system::error_code& ec) {
  std::array<std::uint8_t, 1500> datagram;
  for (;;) {
    if (Clock::now() >= deadline) {
      ec = asio::error::operation_aborted;
      co_return std::nullopt;
    }
    const std::size_t n =
        co_await socket.async_receive(asio::buffer(datagram), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::nullopt;
    dtls::ServerFlight f = dtls::read_server_flight(ByteView(datagram.data(), n));
    if (!f.error.empty() || f.alert || wanted(f)) co_return f;
  }
}

// One step: `record` sent, then the first answer `wanted` accepts; nullopt (with `ec` set) when
// the send fails or no answer comes by the deadline.
asio::awaitable<std::optional<dtls::ServerFlight>> step(udp::socket& socket, Clock::time_point deadline,
                                                        const std::vector<std::uint8_t>& record,
                                                        bool (*wanted)(const dtls::ServerFlight&),
                                                        boost::system::error_code& ec) {
  co_await socket.async_send(asio::buffer(record), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return std::nullopt;
  co_return co_await receive(socket, deadline, wanted, ec);
}

// What each step waits for (an alert or a malformed datagram ends any of them).
bool has_cookie(const dtls::ServerFlight& f) { return f.cookie.has_value(); }
bool has_done(const dtls::ServerFlight& f) { return f.server_hello_done; }
bool nothing_but_an_alert(const dtls::ServerFlight&) { return false; }

// Why no answer came: the deadline, or the socket (a send or a receive) failed.
std::string silence(std::string_view after, const boost::system::error_code& ec) {
  if (ec == asio::error::operation_aborted) return "no answer to the " + std::string(after);
  return "socket error at the " + std::string(after) + ": " + ec.message();
}

}  // namespace

asio::awaitable<UaResult> offer_made_up_identity(asio::io_context& io, const UaSettings& settings, const AsEndpoint& as,
                                                 std::string guti) {
  UaResult result;
  const auto started = Clock::now();
  boost::system::error_code ec, local_ec;
  const auto remote = asio::ip::make_address_v4(as.address, ec);
  const auto local = settings.source_address.empty() ? asio::ip::address_v4::any()
                                                     : asio::ip::make_address_v4(settings.source_address, local_ec);
  if (ec || local_ec) {
    result.failure = "not an IPv4 address";
    co_return result;
  }
  // Shared with the deadline's handler, which may run after this coroutine has returned.
  auto socket = std::make_shared<udp::socket>(io);
  socket->open(udp::v4(), ec);
  if (!ec) socket->bind(udp::endpoint(local, 0), ec);
  if (!ec) socket->connect(udp::endpoint(remote, as.port), ec);
  if (ec) {
    result.failure = "cannot open a UDP socket: " + ec.message();
    co_return result;
  }
  const Clock::time_point until = started + settings.timeout;
  asio::steady_timer deadline(io);
  deadline.expires_at(until);
  deadline.async_wait([socket](const boost::system::error_code& e) {
    boost::system::error_code ignored;
    if (!e) socket->cancel(ignored);
  });

  // Named, not temporaries inside co_await (GCC 12 mishandles those).
  Bytes<32> random;
  crypto::random_bytes(MutableByteView(random));
  const std::vector<std::uint8_t> hello = dtls::client_hello(random, ByteView(), 0, 0);
  std::optional<dtls::ServerFlight> f = co_await step(*socket, until, hello, has_cookie, ec);
  if (!f) {
    result.failure = silence("ClientHello", ec);
  } else if (f->cookie) {
    const std::vector<std::uint8_t> hello_again = dtls::client_hello(random, *f->cookie, 1, 1);
    f = co_await step(*socket, until, hello_again, has_done, ec);
    if (!f) {
      result.failure = silence("ClientHello with the cookie", ec);
    } else if (f->server_hello_done) {
      // Seed step 12's identity: the AS looks it up on this record.
      const std::vector<std::uint8_t> identity = dtls::client_key_exchange(guti, 2, 2);
      f = co_await step(*socket, until, identity, nothing_but_an_alert, ec);
      if (!f) result.failure = silence("identity", ec);
    }
  }
  if (f && !f->error.empty()) result.failure = "malformed answer: " + f->error;
  if (f && f->alert) {
    result.failure = dtls::alert_name(*f->alert);
    result.handshake_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  }
  deadline.cancel();
  socket->close(ec);
  co_return result;
}

}  // namespace iotboot::ue
