// Drops, in the kernel, every datagram that reaches a socket from one of a list of IPv4
// sources: a classic BPF socket filter (SO_ATTACH_FILTER, no privilege needed), replaced as a
// whole each time the list changes. The program compares the IPv4 source address with each
// entry in turn: two instructions per entry, so at most kMaxSources entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace iotboot::net {

inline constexpr std::size_t kMaxSources = 2000;  // BPF_MAXINSNS is 4096

// Replaces fd's filter by one dropping `sources` (host byte order); an empty list removes it.
// Returns an error text, or "" when done.
std::string drop_sources(int fd, std::span<const std::uint32_t> sources);

// The UDP socket bound to `port` in this process (libcoap does not expose its endpoint's), or -1.
int bound_udp_socket(std::uint16_t port);

}  // namespace iotboot::net
