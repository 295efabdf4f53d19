#include "metrics/endpoint.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

#include "metrics/text_format.hpp"
#include "net/listener.hpp"

namespace iotboot::metrics {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Endpoint::State {
  State(asio::io_context& io, Registry& r, Health& h)
      : acceptor(std::make_shared<tcp::acceptor>(io)),
        admission(std::make_shared<net::Admission>(net::ConnectionLimits{16, 8})),
        registry(r),
        health(h) {}
  std::shared_ptr<tcp::acceptor> acceptor;
  std::shared_ptr<net::Admission> admission;
  Registry& registry;
  Health& health;
  bool stopping = false;
};

namespace {

constexpr std::chrono::seconds kRequestDeadline{10};  // for each request to arrive, and its answer to go

Response text_response(http::status status, std::string_view content_type, std::string body) {
  Response res(status, 11);
  res.set(http::field::content_type, std::string(content_type));
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  return res;
}

Response answer(const Request& req, Endpoint::State& s) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/metrics" && path != "/healthz" && path != "/readyz") {
    return text_response(http::status::not_found, "text/plain", "not found: /metrics, /healthz, /readyz\n");
  }
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    Response res = text_response(http::status::method_not_allowed, "text/plain", "method not allowed: GET, HEAD\n");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (path == "/metrics") return text_response(http::status::ok, kTextContentType, s.registry.text());
  if (path == "/healthz") return text_response(http::status::ok, "text/plain", "ok\n");
  const std::string why = s.health.not_ready();
  if (!why.empty()) return text_response(http::status::service_unavailable, "text/plain", "not ready: " + why + "\n");
  return text_response(http::status::ok, "text/plain", "ready\n");
}

asio::awaitable<void> serve(std::shared_ptr<Endpoint::State> s, tcp::socket socket, net::Admission::Slot) {
  boost::system::error_code ec;
  asio::steady_timer deadline(socket.get_executor());
  boost::beast::flat_buffer buffer;
  while (!s->stopping) {
    // When the deadline passes, the socket closes under the pending read or write, which fails.
    deadline.expires_after(kRequestDeadline);
    deadline.async_wait([&socket](boost::system::error_code e) {
      if (!e) socket.close(e);
    });
    http::request_parser<http::string_body> parser;
    parser.body_limit(1024);
    parser.header_limit(8192);
    co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const Request req = parser.release();
    Response res = answer(req, *s);
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    if (req.method() == http::verb::head) res.body().clear();  // Content-Length stays that of GET
    co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  deadline.cancel();
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

}  // namespace

Endpoint::Endpoint(asio::io_context& io, const EndpointConfig& config, Registry& registry, Health& health)
    : state_(std::make_shared<State>(io, registry, health)) {
  net::listen_on(*state_->acceptor, config.address, config.port);
}

Endpoint::~Endpoint() { stop(); }

void Endpoint::start() {
  net::start_accepting(
      state_->acceptor, state_->admission, [s = state_](tcp::socket socket, net::Admission::Slot slot) {
        asio::co_spawn(s->acceptor->get_executor(), serve(s, std::move(socket), std::move(slot)), asio::detached);
      });
}

void Endpoint::stop() {
  state_->stopping = true;
  boost::system::error_code ec;
  state_->acceptor->close(ec);
}

std::uint16_t Endpoint::port() const {
  boost::system::error_code ec;
  return state_->acceptor->local_endpoint(ec).port();
}

}  // namespace iotboot::metrics
