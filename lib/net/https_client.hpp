// A blocking HTTPS/1.1 client with one keep-alive connection, for threads that may block (the
// AS's DTLS thread fetching keys, tests). Reconnects when the connection is gone; every
// operation is bounded by the timeout.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/secret_text.hpp"

namespace iotboot::net {

// The body may carry a key (a Key API answer): it and every buffer it passed through wipe
// themselves.
struct HttpReply {
  int status = 0;
  std::string content_type;
  SecretText body;
  std::string retry_after;  // seconds, with 503 and 429
};

class HttpsClient {
 public:
  // server_name: checked against the server certificate (and sent as SNI).
  HttpsClient(boost::asio::ssl::context& tls, std::string address, std::uint16_t port, std::string server_name,
              std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  ~HttpsClient();

  Result<HttpReply> post(const std::string& target, const std::string& json_body);

 private:
  bool connect(std::string& why);
  void reset();

  boost::asio::io_context io_;
  boost::asio::ssl::context& tls_;
  std::string address_;
  std::uint16_t port_;
  std::string server_name_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> stream_;
  boost::beast::basic_flat_buffer<WipingAllocator<char>> buffer_;
};

}  // namespace iotboot::net
