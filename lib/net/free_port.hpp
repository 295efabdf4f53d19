// A port on 127.0.0.1 that was free a moment ago, for labs and tests that must know every port
// before they write their configurations (libcoap 4.3 cannot report an ephemeral UDP port).
#pragma once

#include <cstdint>

namespace iotboot::net {

std::uint16_t free_tcp_port();
std::uint16_t free_udp_port();

}  // namespace iotboot::net
