#include "net/free_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

namespace iotboot::net {
namespace {

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

// The ports this process handed out: not free for it any more, bound yet or not.
struct HandedOut {
  std::mutex mutex;
  std::unordered_set<std::uint16_t> ports;
};
HandedOut& handed_out() {
  static HandedOut h;
  return h;
}

bool parse_bound(std::string_view text, unsigned& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::uint16_t first_ephemeral_port() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  if (!(in >> low) || low > 65535) return 32768;  // Linux's default
  return static_cast<std::uint16_t>(low);
}

PortRange free_port_range() {
  if (const char* set = std::getenv("IOTBOOT_PORT_RANGE")) {
    const std::string_view text(set);
    const auto dash = text.find('-');
    unsigned low = 0, high = 0;
    if (dash == std::string_view::npos || !parse_bound(text.substr(0, dash), low) ||
        !parse_bound(text.substr(dash + 1), high) || low < 1024 || low >= high || high > 65536) {
      throw std::invalid_argument("IOTBOOT_PORT_RANGE: expected LOW-HIGH with 1024 <= LOW < HIGH <= 65536");
    }
    return {low, high};
  }
  // Below the ephemeral range: between this pick and the NF's bind, no connect() anywhere on
  // the machine can be given the port as its local end.
  const std::uint16_t ephemeral = first_ephemeral_port();
  if (ephemeral > kBlockPorts.high + 1000) return {kBlockPorts.high, ephemeral};
  return {kBlockPorts.low, ephemeral};  // a machine with a wide ephemeral range: share it all
}

namespace {

std::uint16_t free_port_of(int type) {
  const PortRange range = free_port_range();
  HandedOut& h = handed_out();
  const std::lock_guard lock(h.mutex);
  if (range.high > range.low) {
    thread_local std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<unsigned> pick(range.low, range.high - 1u);
    for (int attempt = 0; attempt < 100; ++attempt) {
      const auto p = static_cast<std::uint16_t>(pick(random));
      if (h.ports.contains(p) || try_bind(type, p) == 0) continue;
      h.ports.insert(p);
      return p;
    }
  }
  if (const std::uint16_t p = try_bind(type, 0)) return p;
  throw std::runtime_error("no free port on 127.0.0.1");
}

}  // namespace

std::uint16_t free_tcp_port() { return free_port_of(SOCK_STREAM); }
std::uint16_t free_udp_port() { return free_port_of(SOCK_DGRAM); }

}  // namespace iotboot::net
