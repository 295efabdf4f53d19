// A Diameter peer played by hand over a blocking socket: it sends whatever bytes a test gives
// it and reads what comes back, to feed a node malformed or hostile input.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "diameter/base/peer_messages.hpp"
#include "diameter/message.hpp"

namespace iotboot::test {

namespace asio = boost::asio;

class RawPeer {
 public:
  // source: the local address to connect from (any of 127/8 on loopback), or empty.
  explicit RawPeer(std::uint16_t port, const std::string& source = "") : socket_(io_) {
    if (!source.empty()) {
      socket_.open(asio::ip::tcp::v4());
      socket_.bind(asio::ip::tcp::endpoint(asio::ip::make_address(source), 0));
    }
    socket_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    const timeval tv{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  void send(const std::vector<std::uint8_t>& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  // False when the node closed the connection (the write failed).
  bool try_send(const std::vector<std::uint8_t>& bytes) {
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes), ec);
    return !ec;
  }
  int native_handle() { return socket_.native_handle(); }

  // The next whole message, or nullopt when the node closed the connection (or 5 s passed).
  std::optional<std::vector<std::uint8_t>> receive() {
    std::vector<std::uint8_t> header(20);
    boost::system::error_code ec;
    asio::read(socket_, asio::buffer(header), ec);
    if (ec) return std::nullopt;
    const std::uint32_t length = diameter::load_u24(header.data() + 1);
    if (length < 20) return std::nullopt;
    header.resize(length);
    asio::read(socket_, asio::buffer(header.data() + 20, length - 20), ec);
    if (ec) return std::nullopt;
    return header;
  }

  // True when the node closed the connection (EOF) before sending anything else.
  bool closed_by_node() {
    std::uint8_t b;
    boost::system::error_code ec;
    socket_.read_some(asio::buffer(&b, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  // CER as `host`, offering `applications` (3GPP ones); returns the CEA's Result-Code (0 if none came).
  std::uint32_t exchange_capabilities(std::string_view host, std::string_view realm,
                                      std::vector<std::uint32_t> applications = {16777251}) {
    diameter::base::Cer cer;
    cer.origin_host = host;
    cer.origin_realm = realm;
    cer.host_ip_addresses.push_back({});
    cer.product_name = "raw";
    for (std::uint32_t app : applications) cer.vendor_specific_application_ids.push_back({10415, app, std::nullopt});
    std::vector<std::uint8_t> bytes;
    diameter::Writer w(bytes);
    cer.encode(w, 1, 1);
    send(bytes);
    auto cea = receive();
    if (!cea) return 0;
    auto decoded = diameter::base::Cea::decode(diameter::MessageView(*cea));
    return decoded.ok() && decoded->result_code ? *decoded->result_code : 0;
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
};

}  // namespace iotboot::test
