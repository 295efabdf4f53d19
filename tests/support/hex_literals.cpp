#include "support/hex_literals.hpp"

#include <stdexcept>

namespace iotboot::test {

std::vector<std::uint8_t> hex_bytes(std::string_view text) {
  std::vector<std::uint8_t> out(text.size() / 2);
  if (parse_hex_exact(text, out)) throw std::invalid_argument("bad hex in test vector");
  return out;
}

}  // namespace iotboot::test
