// A port on 127.0.0.1 that was free a moment ago, for labs and tests that must know every port
// before they write their configurations (libcoap 4.3 cannot report an ephemeral UDP port).
// It is picked at random below the kernel's ephemeral range, so that no outgoing connection
// can take it before the NF that was given it binds it.
#pragma once

#include <cstdint>

namespace iotboot::net {

std::uint16_t free_tcp_port();
std::uint16_t free_udp_port();

// The first port of /proc/sys/net/ipv4/ip_local_port_range (32768 when unreadable).
std::uint16_t first_ephemeral_port();

}  // namespace iotboot::net
