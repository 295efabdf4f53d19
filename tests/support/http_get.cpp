#include "support/http_get.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <cstdio>

namespace iotboot::test {

HttpAnswer http_request(const std::string& method, std::uint16_t port, const std::string& target,
                        const std::string& host) {
  namespace http = boost::beast::http;
  using tcp = boost::asio::ip::tcp;
  boost::asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(boost::asio::ip::make_address(host), port), ec);
  if (ec) return {};
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, host);
  req.keep_alive(false);
  http::write(socket, req, ec);
  if (ec) return {};
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(method == "HEAD");
  http::read(socket, buffer, parser, ec);
  if (ec) return {};
  const auto& res = parser.get();
  return {static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type]),
          std::string(res[http::field::allow])};
}

std::string url_encode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace iotboot::test
