#include "net/source_filter.hpp"

#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace iotboot::net {

std::string drop_sources(int fd, std::span<const std::uint32_t> sources) {
  if (sources.size() > kMaxSources) return "more than " + std::to_string(kMaxSources) + " sources";
  if (sources.empty()) {
    const int unused = 0;  // the kernel wants an int's length even here
    if (setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof unused) != 0 && errno != ENOENT) {
      return std::strerror(errno);
    }
    return "";
  }
  std::vector<sock_filter> program;
  program.reserve(2 * sources.size() + 2);
  // A: the IPv4 source address (offset 12 of the network header; BPF loads in host order).
  program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(SKF_NET_OFF) + 12));
  for (const std::uint32_t source : sources) {
    program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, source, 0, 1));  // equal: next, else skip it
    program.push_back(BPF_STMT(BPF_RET | BPF_K, 0));                       // drop
  }
  program.push_back(BPF_STMT(BPF_RET | BPF_K, 0xffffffffU));  // keep the whole datagram
  const sock_fprog fprog{static_cast<unsigned short>(program.size()), program.data()};
  if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) != 0) return std::strerror(errno);
  return "";
}

int bound_udp_socket(std::uint16_t port) {
  for (int fd = 3; fd < 1024; ++fd) {
    int type = 0;
    socklen_t len = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_DGRAM) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof(addr);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0 || addr.ss_family != AF_INET) continue;
    if (ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port) == port) return fd;
  }
  return -1;
}

}  // namespace iotboot::net
