#include "store/pg_text.hpp"

namespace iotboot::store {

std::string pg_text_array(std::span<const std::string> items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string pg_copy_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

void append_copy_bytea(std::string& line, ByteView bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  line += "\\\\x";
  for (std::uint8_t b : bytes) {
    line += kHex[b >> 4];
    line += kHex[b & 15];
  }
}

}  // namespace iotboot::store
