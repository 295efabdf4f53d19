#include "net/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace iotboot::net {
namespace {

// Ports below this are not the kernel's to hand out; 10000 keeps clear of well-known services.
constexpr std::uint16_t kLowestPort = 10000;

// Whether port (0: any) binds on 127.0.0.1 now; the port bound, or 0.
std::uint16_t try_bind(int type, std::uint16_t port) {
  const int fd = socket(AF_INET, type, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  socklen_t len = sizeof a;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  close(fd);
  return ok ? ntohs(a.sin_port) : 0;
}

}  // namespace

std::uint16_t first_ephemeral_port() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  if (!(in >> low) || low > 65535) return 32768;  // Linux's default
  return static_cast<std::uint16_t>(low);
}

namespace {

std::uint16_t free_port_of(int type) {
  // Below the ephemeral range: between this check and the NF's bind, no connect() anywhere
  // on the machine can be given the port as its local end.
  const std::uint16_t limit = first_ephemeral_port();
  if (limit > kLowestPort + 1000) {
    thread_local std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<unsigned> pick(kLowestPort, limit - 1u);
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (const std::uint16_t p = try_bind(type, static_cast<std::uint16_t>(pick(random)))) return p;
    }
  }
  if (const std::uint16_t p = try_bind(type, 0)) return p;
  throw std::runtime_error("no free port on 127.0.0.1");
}

}  // namespace

std::uint16_t free_tcp_port() { return free_port_of(SOCK_STREAM); }
std::uint16_t free_udp_port() { return free_port_of(SOCK_DGRAM); }

}  // namespace iotboot::net
