#include "core/hex.hpp"

#include <algorithm>

namespace iotboot {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(ByteView bytes) {
  std::string s(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return s;
}

std::string masked_hex(ByteView bytes) {
  std::string s = to_hex(bytes.first(std::min<std::size_t>(bytes.size(), 2)));
  s += "\u2026";
  return s;
}

std::optional<std::string> parse_hex_exact(std::string_view text, MutableByteView out) {
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  const std::size_t want = out.size() * 2;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (nibble(text[i]) < 0) return "not a hex digit at position " + std::to_string(i + 1);
  }
  if (text.size() % 2 != 0) return "odd number of hex digits (" + std::to_string(text.size()) + ")";
  if (text.size() != want) {
    return "expected " + std::to_string(want) + " hex digits (" + std::to_string(out.size()) + " bytes), got " +
           std::to_string(text.size());
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>((nibble(text[2 * i]) << 4) | nibble(text[2 * i + 1]));
  }
  return std::nullopt;
}

}  // namespace iotboot
