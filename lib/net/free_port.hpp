// A port on 127.0.0.1 that was free a moment ago, for labs and tests that must know every port
// before they write their configurations (libcoap 4.3 cannot report an ephemeral UDP port).
// It is picked at random below the kernel's ephemeral range, so that no outgoing connection
// can take it before the NF that was given it binds it, and never twice by one process, so
// that two NFs of one lab are not given the same port before either binds it.
//
// Where from: IOTBOOT_PORT_RANGE ("LOW-HIGH", HIGH excluded) when set, so that processes run
// side by side can be given disjoint ranges (each test under ctest gets its own block:
// tests/support/ctest_port_block.cpp); else from kBlockPorts.high up to the ephemeral range.
#pragma once

#include <cstdint>

namespace iotboot::net {

struct PortRange {
  unsigned low = 0;
  unsigned high = 0;  // excluded: up to 65536
};

// Ports from 10000 (clear of well-known services) to 26000 are left to the blocks given by
// IOTBOOT_PORT_RANGE; from there up to the ephemeral range they are everyone else's.
inline constexpr PortRange kBlockPorts{10000, 26000};

std::uint16_t free_tcp_port();
std::uint16_t free_udp_port();

// The range free ports come from now; throws std::invalid_argument naming IOTBOOT_PORT_RANGE
// when that is set but not "LOW-HIGH" with 1024 <= LOW < HIGH <= 65536.
PortRange free_port_range();

// The first port of /proc/sys/net/ipv4/ip_local_port_range (32768 when unreadable).
std::uint16_t first_ephemeral_port();

}  // namespace iotboot::net
