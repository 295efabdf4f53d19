#include "as/upstream_client.hpp"

#include <utility>

#include <openssl/ssl.h>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <thread>
#include <variant>

#include "core/c_callback.hpp"
#include "net/tls.hpp"

namespace iotboot::as {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using Plain = beast::tcp_stream;
using Tls = beast::ssl_stream<beast::tcp_stream>;

// One connection to the backend and what is left over from its last read.
struct Connection {
  std::variant<std::unique_ptr<Plain>, std::unique_ptr<Tls>> stream;
  beast::flat_buffer buffer;
  beast::tcp_stream& tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(*s); }, stream);
  }
};

bool is_timeout(const boost::system::error_code& ec) { return ec == beast::error::timeout; }

}  // namespace

struct UpstreamClient::Impl {
  explicit Impl(const UpstreamConfig& c) : config(c) {
    if (config.url.tls) {
      tls.emplace(net::make_client_tls(config.certificate, config.private_key, config.ca));
    }
  }

  asio::io_context io{1};  // first: destroyed last, after what its handlers hold
  UpstreamConfig config;
  std::optional<asio::ssl::context> tls;
  std::vector<std::unique_ptr<Connection>> idle;  // io thread only

  asio::awaitable<std::unique_ptr<Connection>> open(UpstreamResponse& failed,
                                                    std::chrono::steady_clock::time_point deadline) {
    auto c = std::make_unique<Connection>();
    if (tls) {
      c->stream = std::make_unique<Tls>(io, *tls);
    } else {
      c->stream = std::make_unique<Plain>(io);
    }
    c->tcp().expires_at(deadline);
    boost::system::error_code ec;
    tcp::resolver resolver(io);
    const auto endpoints = co_await resolver.async_resolve(config.address, std::to_string(config.url.port),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_await c->tcp().async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      failed.failure = is_timeout(ec) ? UpstreamResponse::Failure::timeout : UpstreamResponse::Failure::unreachable;
      failed.why = "connect: " + ec.message();
      co_return nullptr;
    }
    c->tcp().socket().set_option(tcp::no_delay(true), ec);
    if (auto* s = std::get_if<std::unique_ptr<Tls>>(&c->stream)) {
      SSL_set_tlsext_host_name((*s)->native_handle(), config.url.host.c_str());
      (*s)->set_verify_callback([name = config.url.host](bool preverified, asio::ssl::verify_context& ctx) {
        return c_callback("[as] upstream certificate check", false,
                          [&] { return asio::ssl::host_name_verification(name)(preverified, ctx); });
      });
      co_await (*s)->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        failed.failure = is_timeout(ec) ? UpstreamResponse::Failure::timeout : UpstreamResponse::Failure::unreachable;
        failed.why = "TLS handshake: " + ec.message();
        co_return nullptr;
      }
    }
    co_return c;
  }

  // One request on `stream`; `answered` tells whether any of an answer came back.
  template <typename Stream>
  asio::awaitable<UpstreamResponse> exchange(Stream& stream, beast::flat_buffer& buffer,
                                             http::request<http::string_body>& req, bool& answered, bool& keep_alive) {
    UpstreamResponse out;
    boost::system::error_code ec;
    co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
    http::response_parser<http::string_body> parser;
    parser.body_limit(config.max_body);
    if (!ec) co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    answered = !ec || parser.got_some();
    if (ec) {
      if (is_timeout(ec)) {
        out.failure = UpstreamResponse::Failure::timeout;
      } else if (ec == http::error::body_limit) {
        out.failure = UpstreamResponse::Failure::too_large;
      } else {
        out.failure = answered ? UpstreamResponse::Failure::malformed : UpstreamResponse::Failure::unreachable;
      }
      out.why = ec.message();
      co_return out;
    }
    http::response<http::string_body> res = parser.release();
    out.status = static_cast<int>(res.result_int());
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    keep_alive = res.keep_alive();
    co_return out;
  }

  asio::awaitable<UpstreamResponse> forward(UpstreamRequest r) {
    http::request<http::string_body> req(http::string_to_verb(r.method), r.target, 11);
    req.set(http::field::host, config.url.host);
    req.set(http::field::user_agent, "iotboot-as");
    if (!r.content_type.empty()) req.set(http::field::content_type, r.content_type);
    if (!r.accept.empty()) req.set(http::field::accept, r.accept);
    for (const auto& [name, value] : r.headers) req.set(name, value);
    req.body() = std::move(r.body);
    req.keep_alive(true);
    req.prepare_payload();
    const auto deadline = std::chrono::steady_clock::now() + config.timeout;
    // A reused connection the backend has closed fails before any answer: once more on a new one.
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Connection> c;
      const bool reused = !idle.empty() && attempt == 0;
      if (reused) {
        c = std::move(idle.back());
        idle.pop_back();
      } else {
        UpstreamResponse failed;
        c = co_await open(failed, deadline);
        if (!c) co_return failed;
      }
      c->tcp().expires_at(deadline);
      bool answered = false, keep_alive = false;
      UpstreamResponse out =
          co_await std::visit([&](auto& s) { return exchange(*s, c->buffer, req, answered, keep_alive); }, c->stream);
      if (out.failure == UpstreamResponse::Failure::none) {
        if (keep_alive && idle.size() < kMaxIdle) {
          c->tcp().expires_never();
          idle.push_back(std::move(c));
        }
        co_return out;
      }
      if (!reused || answered || out.failure != UpstreamResponse::Failure::unreachable) co_return out;
    }
  }
  static constexpr std::size_t kMaxIdle = 64;
  std::thread thread;
};

UpstreamClient::UpstreamClient(const UpstreamConfig& config) : impl_(std::make_shared<Impl>(config)) {
  impl_->thread = std::thread([impl = impl_.get()] {
    auto work = asio::make_work_guard(impl->io);
    impl->io.run();
  });
}

UpstreamClient::~UpstreamClient() {
  impl_->io.stop();
  impl_->thread.join();
}

void UpstreamClient::send(UpstreamRequest request, std::function<void(UpstreamResponse)> done) {
  asio::co_spawn(impl_->io, impl_->forward(std::move(request)),
                 [done = std::move(done)](std::exception_ptr e, UpstreamResponse r) {
                   if (e) r = UpstreamResponse{UpstreamResponse::Failure::malformed, "internal error", 0, {}, {}};
                   done(std::move(r));
                 });
}

}  // namespace iotboot::as
