#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "net/free_port.hpp"

namespace iotboot::test {

// A TCP port on 127.0.0.1 that was free a moment ago.
inline std::uint16_t free_port() { return net::free_tcp_port(); }
using net::free_udp_port;
// A fresh empty directory under the system's temporary directory.
std::filesystem::path temp_dir(const std::string& name);

}  // namespace iotboot::test
