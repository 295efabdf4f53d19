#include "net/https_client.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <openssl/ssl.h>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "core/c_callback.hpp"

namespace iotboot::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

HttpsClient::HttpsClient(asio::ssl::context& tls, std::string address, std::uint16_t port, std::string server_name,
                         std::chrono::milliseconds timeout)
    : tls_(tls), address_(std::move(address)), port_(port), server_name_(std::move(server_name)), timeout_(timeout) {}

HttpsClient::~HttpsClient() { reset(); }

void HttpsClient::reset() {
  if (stream_) {
    boost::system::error_code ec;
    stream_->lowest_layer().close(ec);
    stream_.reset();
  }
  buffer_.clear();
}

bool HttpsClient::connect(std::string& why) {
  reset();
  stream_ = std::make_unique<asio::ssl::stream<tcp::socket>>(io_, tls_);
  boost::system::error_code ec;
  tcp::socket& sock = stream_->next_layer();
  sock.open(tcp::v4(), ec);
  // Blocking calls bounded by socket timeouts.
  timeval tv{static_cast<time_t>(timeout_.count() / 1000), static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
  setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(sock.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sock.set_option(tcp::no_delay(true), ec);
  sock.connect(tcp::endpoint(asio::ip::make_address(address_, ec), port_), ec);
  if (ec) {
    why = "connect: " + ec.message();
    return false;
  }
  SSL_set_tlsext_host_name(stream_->native_handle(), server_name_.c_str());
  // Called from OpenSSL's verify callback: nothing may escape it.
  stream_->set_verify_callback([name = server_name_](bool preverified, asio::ssl::verify_context& ctx) {
    return c_callback("[https] server certificate check", false,
                      [&] { return asio::ssl::host_name_verification(name)(preverified, ctx); });
  });
  stream_->handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    why = "TLS handshake: " + ec.message();
    return false;
  }
  return true;
}

Result<HttpReply> HttpsClient::post(const std::string& target, const std::string& json_body) {
  std::string why;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!stream_ && !connect(why)) return Error{why};
    http::request<http::string_body> req(http::verb::post, target, 11);
    req.set(http::field::host, server_name_);
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = json_body;
    req.prepare_payload();
    boost::system::error_code ec;
    http::write(*stream_, req, ec);
    if (!ec) {
      http::response<http::basic_string_body<char, std::char_traits<char>, WipingAllocator<char>>> res;
      res.body().reserve(512);  // on the heap from the start: no key text in an inline buffer
      http::read(*stream_, buffer_, res, ec);
      if (!ec) {
        HttpReply r{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
                    std::move(res.body()), std::string(res[http::field::retry_after])};
        // The raw answer (it may carry a key) stays in the read buffer once consumed: release it
        // (the allocator wipes it) unless more has arrived.
        if (buffer_.size() == 0) buffer_.shrink_to_fit();
        if (!res.keep_alive()) reset();
        return r;
      }
    }
    why = "HTTP exchange: " + ec.message();
    reset();  // a stale keep-alive connection: one retry on a new one
  }
  return Error{why};
}

}  // namespace iotboot::net
