#include "support/hex_literals.hpp"

#include <stdexcept>
#include <string>

namespace iotboot::test {

std::vector<std::uint8_t> hex_bytes(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits.push_back(c);
  }
  std::vector<std::uint8_t> out(digits.size() / 2);
  if (parse_hex_exact(digits, out)) throw std::invalid_argument("bad hex in test vector");
  return out;
}

}  // namespace iotboot::test
