// HTTP/1.1 over TLS with keep-alive, on Boost.Beast coroutines. The handler is synchronous (it
// must not block): it gets the request and the client's certificate identities.
#pragma once

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace iotboot::net {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct ClientIdentity {
  bool presented = false;              // a certificate was presented (and verified)
  std::vector<std::string> dns_names;  // its DNS subjectAltNames
};

class HttpsServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&, const ClientIdentity&)>;

  HttpsServer(boost::asio::io_context& io, boost::asio::ssl::context tls, const std::string& address,
              std::uint16_t port, Handler handler);
  ~HttpsServer();
  void start();
  void stop();
  std::uint16_t port() const;

  struct State;

 private:
  boost::asio::io_context& io_;
  std::shared_ptr<State> state_;
};

}  // namespace iotboot::net
