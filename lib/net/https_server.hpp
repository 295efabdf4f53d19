// HTTP/1.1 over TLS with keep-alive, on Boost.Beast coroutines. The handler is a coroutine on
// the server's io thread (it must not block, and may await other I/O): it gets the request and
// the client's certificate identities, and owns both.
//
// Every wait of a connection has a deadline (handshake, each request, each answer, the TLS
// close), and connections are admitted within limits (in all, and per client address), so that
// clients that connect and say nothing, or never read, cannot starve the others.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/listener.hpp"

namespace iotboot::net {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct ClientIdentity {
  bool presented = false;              // a certificate was presented (and verified)
  std::vector<std::string> dns_names;  // its DNS subjectAltNames
};

// An application/problem+json answer (RFC 9457): {type: urn:iotboot:problem:<cause>, title,
// status, detail, cause}. The detail must not quote the request.
HttpResponse problem_response(http::status status, std::string_view cause, std::string_view title, std::string detail);

struct HttpsLimits {
  ConnectionLimits connections;
  std::chrono::milliseconds handshake{5000};  // from accept to the end of the TLS handshake
  std::chrono::milliseconds idle{30000};      // for each request to arrive, whole
  std::chrono::milliseconds write{5000};      // for each answer to be written
  std::chrono::milliseconds shutdown{1000};   // for the client's close_notify
};

class HttpsServer {
 public:
  using Handler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest, ClientIdentity)>;

  HttpsServer(boost::asio::io_context& io, boost::asio::ssl::context tls, const std::string& address,
              std::uint16_t port, Handler handler, HttpsLimits limits = {});
  ~HttpsServer();
  void start();
  void stop();
  std::uint16_t port() const;
  std::size_t connections() const;            // open now
  std::uint64_t refused_connections() const;  // over a limit

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace iotboot::net
