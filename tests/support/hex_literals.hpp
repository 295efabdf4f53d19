// Test vectors are written as hex text, as the specifications print them.
#pragma once

#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/hex.hpp"
#include "core/secret.hpp"

namespace iotboot::test {

// Any even number of digits; spaces may separate fields, as message layouts are printed.
std::vector<std::uint8_t> hex_bytes(std::string_view hex);

template <std::size_t N>
Bytes<N> hex(std::string_view text) {
  Bytes<N> b;
  if (parse_hex_exact(text, b)) throw std::invalid_argument("bad hex in test vector");
  return b;
}

template <std::size_t N>
Secret<N> key(std::string_view text) {
  return Secret<N>(std::span<const std::uint8_t, N>(hex<N>(text)));
}

}  // namespace iotboot::test
