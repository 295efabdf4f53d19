#include "support/impaired_udp_link.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <random>
#include <thread>
#include <vector>

namespace iotboot::test {

namespace asio = boost::asio;
using udp = asio::ip::udp;

struct ImpairedUdpLink::Relay {
  // One client's path to the server; `client` is where the server's replies go back to.
  struct Flow {
    Flow(asio::io_context& io, const udp::endpoint& from)
        : upstream(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), client(from) {}
    udp::socket upstream;
    const udp::endpoint client;
    std::vector<char> buffer = std::vector<char>(65536);
  };

  Relay(ImpairedUdpLink& owner, std::uint16_t server_port, const LinkImpairment& settings)
      : link(owner),
        impairment(settings),
        random(settings.seed),
        listener(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        server(asio::ip::make_address("127.0.0.1"), server_port),
        port(listener.local_endpoint().port()) {
    receive_from_clients();
    thread = std::thread([this] { io.run(); });
  }
  ~Relay() {
    io.stop();
    thread.join();
  }

  // Decides one datagram's fate: loses it at the loss rate, else sends it after its delay.
  template <typename Send>
  void pass(const char* data, std::size_t size, Send send) {
    if (std::uniform_int_distribution<int>(0, 99)(random) < impairment.loss_percent) {
      ++link.dropped_;
      return;
    }
    const auto spread = impairment.jitter.count();
    const auto delay =
        impairment.delay + std::chrono::milliseconds(std::uniform_int_distribution<long>(-spread, spread)(random));
    auto timer = std::make_shared<asio::steady_timer>(io, delay);
    timer->async_wait([this, timer, bytes = std::make_shared<std::vector<char>>(data, data + size),
                       send](const boost::system::error_code& ec) {
      if (ec) return;
      send(*bytes);
      ++link.forwarded_;
    });
  }

  void receive_from_clients() {
    listener.async_receive_from(asio::buffer(buffer), sender,
                                [this](const boost::system::error_code& ec, std::size_t n) {
                                  if (ec == asio::error::operation_aborted) return;
                                  if (!ec) {
                                    std::shared_ptr<Flow>& flow = flows[sender];
                                    if (!flow) {
                                      flow = std::make_shared<Flow>(io, sender);
                                      receive_from_server(flow);
                                    }
                                    pass(buffer.data(), n, [this, flow](const std::vector<char>& bytes) {
                                      boost::system::error_code ignored;
                                      flow->upstream.send_to(asio::buffer(bytes), server, 0, ignored);
                                    });
                                  }
                                  receive_from_clients();
                                });
  }

  void receive_from_server(const std::shared_ptr<Flow>& flow) {
    flow->upstream.async_receive(asio::buffer(flow->buffer),
                                 [this, flow](const boost::system::error_code& ec, std::size_t n) {
                                   if (ec == asio::error::operation_aborted) return;
                                   if (!ec) {
                                     pass(flow->buffer.data(), n, [this, flow](const std::vector<char>& bytes) {
                                       boost::system::error_code ignored;
                                       listener.send_to(asio::buffer(bytes), flow->client, 0, ignored);
                                     });
                                   }
                                   receive_from_server(flow);
                                 });
  }

  ImpairedUdpLink& link;
  const LinkImpairment impairment;
  std::mt19937 random;
  asio::io_context io;
  udp::socket listener;
  udp::endpoint server;
  const std::uint16_t port;
  udp::endpoint sender;
  std::vector<char> buffer = std::vector<char>(65536);
  std::map<udp::endpoint, std::shared_ptr<Flow>> flows;
  std::thread thread;
};

ImpairedUdpLink::ImpairedUdpLink(std::uint16_t server_port, const LinkImpairment& settings)
    : relay_(std::make_unique<Relay>(*this, server_port, settings)) {}

ImpairedUdpLink::~ImpairedUdpLink() = default;

std::uint16_t ImpairedUdpLink::port() const { return relay_->port; }

}  // namespace iotboot::test
