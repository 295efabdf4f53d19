// The kernel filter on real UDP sockets: datagrams from a listed source never reach the
// socket, the others do, and removing the list lets everything through again.
#include "net/source_filter.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace iotboot::net {
namespace {

struct Udp {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  explicit Udp(const char* address, std::uint16_t port = 0) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, address, &a.sin_addr);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << address;
  }
  ~Udp() { close(fd); }
  std::uint16_t port() const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
  }
  void send_to(const Udp& to, const std::string& text) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(to.port());
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    ASSERT_EQ(sendto(fd, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a),
              static_cast<ssize_t>(text.size()));
  }
  // Every datagram waiting (loopback delivers within sendto).
  std::vector<std::string> received() const {
    std::vector<std::string> out;
    char buf[64];
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0;)
      out.emplace_back(buf, static_cast<std::size_t>(n));
    return out;
  }
};

TEST(SourceFilter, DropsTheListedSourcesOnlyUntilTheListIsEmptied) {
  Udp server("127.0.0.1"), flooder("127.0.0.2"), device("127.0.0.3");
  const std::uint32_t flooder_ipv4 = 0x7f000002;
  ASSERT_EQ(drop_sources(server.fd, std::vector<std::uint32_t>{0x7f000009, flooder_ipv4}), "");
  flooder.send_to(server, "flood");
  device.send_to(server, "hello");
  EXPECT_EQ(server.received(), std::vector<std::string>{"hello"});

  ASSERT_EQ(drop_sources(server.fd, {}), "");
  flooder.send_to(server, "flood");
  EXPECT_EQ(server.received(), std::vector<std::string>{"flood"});
  EXPECT_EQ(drop_sources(server.fd, {}), "");  // removing no filter is no error
}

TEST(SourceFilter, FindsTheSocketBoundToAPortAndRefusesAnOverlongList) {
  Udp server("127.0.0.1");
  EXPECT_EQ(bound_udp_socket(server.port()), server.fd);
  EXPECT_NE(drop_sources(server.fd, std::vector<std::uint32_t>(kMaxSources + 1, 1)), "");
  EXPECT_EQ(drop_sources(server.fd, std::vector<std::uint32_t>(kMaxSources, 1)), "");  // the kernel takes the largest
}

}  // namespace
}  // namespace iotboot::net
