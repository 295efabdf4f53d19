#include "net/https_server.hpp"

#include <openssl/ssl.h>
#include <nlohmann/json.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <optional>

#include "core/secret.hpp"
#include "core/secret_text.hpp"
#include "net/tls.hpp"

namespace iotboot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct HttpsServer::State {
  State(asio::io_context& io, asio::ssl::context t, HttpsLimits l)
      : acceptor(std::make_shared<tcp::acceptor>(io)),
        tls(std::move(t)),
        limits(l),
        admission(std::make_shared<Admission>(l.connections)) {}
  std::shared_ptr<tcp::acceptor> acceptor;
  asio::ssl::context tls;
  HttpsLimits limits;
  std::shared_ptr<Admission> admission;
  Handler handler;
  bool stopping = false;
};

HttpResponse problem_response(http::status status, std::string_view cause, std::string_view title, std::string detail) {
  HttpResponse res(status, 11);
  res.set(http::field::content_type, "application/problem+json");
  res.set(http::field::cache_control, "no-store");
  res.body() = nlohmann::json{
      {"type", "urn:iotboot:problem:" + std::string(cause)},
      {"title", title},
      {"status", static_cast<int>(status)},
      {"detail", std::move(detail)},
      {"cause",
       cause}}.dump();
  return res;
}

namespace {

constexpr std::size_t kMaxBody = 4096;
constexpr std::size_t kMaxHeader = 8192;

// A request the parser refused: answered, then the connection closes (the stream cannot be
// trusted to be at a message boundary). nullopt when there is nothing to answer (the client
// went away, a deadline passed).
std::optional<HttpResponse> refusal(const boost::system::error_code& ec) {
  if (ec == http::error::body_limit) {
    return problem_response(http::status::payload_too_large, "REQUEST_TOO_LARGE", "Payload Too Large",
                            "the body is longer than " + std::to_string(kMaxBody) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return problem_response(http::status::request_header_fields_too_large, "HEADERS_TOO_LARGE",
                            "Request Header Fields Too Large",
                            "the header is longer than " + std::to_string(kMaxHeader) + " bytes");
  }
  const boost::system::error_code parse_error = http::error::bad_target;  // any of Beast's HTTP errors
  if (ec.category() == parse_error.category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    return problem_response(http::status::bad_request, "MALFORMED_REQUEST", "Bad Request", "not an HTTP/1.1 request");
  }
  return std::nullopt;
}

SecretText serialize(const HttpResponse& res) {
  SecretText wire = secret_text(256 + res.body().size());
  wire.append(res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(std::to_string(res.result_int())).append(" ");
  wire.append(res.reason().data(), res.reason().size()).append("\r\n");
  for (const auto& field : res.base()) {
    wire.append(field.name_string().data(), field.name_string().size()).append(": ");
    wire.append(field.value().data(), field.value().size()).append("\r\n");
  }
  wire.append("\r\n").append(res.body());
  return wire;
}

asio::awaitable<void> session(std::shared_ptr<HttpsServer::State> s, tcp::socket socket, Admission::Slot) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  asio::ssl::stream<tcp::socket> stream(std::move(socket), s->tls);
  // Each phase has its deadline: when it passes, the socket is closed under the pending
  // operation, which then fails and ends the session.
  asio::steady_timer deadline(stream.get_executor());
  auto arm = [&](std::chrono::milliseconds d) {
    deadline.expires_after(d);
    deadline.async_wait([&stream](boost::system::error_code e) {
      if (!e) {
        boost::system::error_code ignored;
        stream.next_layer().close(ignored);
      }
    });
  };
  arm(s->limits.handshake);
  co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  ClientIdentity who;
  if (X509* peer = SSL_get1_peer_certificate(stream.native_handle())) {
    who.presented = SSL_get_verify_result(stream.native_handle()) == X509_V_OK;
    if (who.presented) who.dns_names = dns_names(peer);
    X509_free(peer);
  }
  beast::flat_buffer buffer;
  while (!s->stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    parser.header_limit(kMaxHeader);
    arm(s->limits.idle);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    HttpResponse res;
    HttpRequest req;
    if (ec) {
      auto refused = refusal(ec);
      if (!refused) break;
      res = std::move(*refused);
      res.keep_alive(false);
    } else {
      req = parser.release();
      const unsigned version = req.version();
      const bool keep_alive = req.keep_alive();
      arm(s->limits.write);  // the handler's answer, then its writing, within one write deadline each
      res = co_await s->handler(std::move(req), who);
      res.version(version);
      res.keep_alive(keep_alive);
    }
    res.prepare_payload();
    arm(s->limits.write);
    // The answer may carry a key: it goes out from one wiped buffer (several buffers would be
    // copied together on the stack by the TLS stream), and its body is wiped once sent.
    const SecretText wire = serialize(res);
    secure_wipe(res.body().data(), res.body().size());
    co_await asio::async_write(stream, asio::buffer(wire.data(), wire.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  if (stream.next_layer().is_open()) {
    arm(s->limits.shutdown);
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  }
  deadline.cancel();
}

}  // namespace

HttpsServer::HttpsServer(asio::io_context& io, asio::ssl::context tls, const std::string& address, std::uint16_t port,
                         Handler handler, HttpsLimits limits)
    : state_(std::make_shared<State>(io, std::move(tls), limits)) {
  state_->handler = std::move(handler);
  listen_on(*state_->acceptor, address, port);
}

HttpsServer::~HttpsServer() { stop(); }

void HttpsServer::start() {
  start_accepting(state_->acceptor, state_->admission, [s = state_](tcp::socket socket, Admission::Slot slot) {
    asio::co_spawn(s->acceptor->get_executor(), session(s, std::move(socket), std::move(slot)), asio::detached);
  });
}

void HttpsServer::stop() {
  state_->stopping = true;
  boost::system::error_code ec;
  state_->acceptor->close(ec);
}

std::uint16_t HttpsServer::port() const {
  boost::system::error_code ec;
  return state_->acceptor->local_endpoint(ec).port();
}

std::size_t HttpsServer::connections() const { return state_->admission->open(); }
std::uint64_t HttpsServer::refused_connections() const { return state_->admission->refused(); }

}  // namespace iotboot::net
