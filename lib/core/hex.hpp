// Hex text <-> bytes. Errors never quote the input: it may be a key.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/secret.hpp"

namespace iotboot {

// Lower-case hex of the bytes.
std::string to_hex(ByteView bytes);

// For the `keys` calculator, whose job is to print keys; nothing else calls this on a Secret.
template <std::size_t N>
std::string reveal_hex(const Secret<N>& s) {
  return to_hex(ByteView(s.data(), N));
}

// Appends the key's hex to `out` in place (no temporary copy): for a buffer that is wiped after
// use, such as the Key API's answer body.
template <typename String, std::size_t N>
void append_revealed_hex(String& out, const Secret<N>& s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < N; ++i) {
    out.push_back(kDigits[s[i] >> 4]);
    out.push_back(kDigits[s[i] & 0x0f]);
  }
}

// The first four hex digits and an ellipsis ("b40b…"): enough to compare two ends by eye.
std::string masked_hex(ByteView bytes);
template <std::size_t N>
std::string masked_hex(const Secret<N>& s) {
  return masked_hex(ByteView(s.data(), N));
}

// Parses text as exactly out.size() bytes of hex (either case). Returns the reason on failure,
// e.g. "expected 32 hex digits (16 bytes), got 30"; the reason never contains the input.
// out is left zeroed on failure.
std::optional<std::string> parse_hex_exact(std::string_view text, MutableByteView out);

}  // namespace iotboot
