#include "metrics/text_format.hpp"

#include <charconv>
#include <cmath>

namespace iotboot::metrics {

namespace {

// `\` and newline escaped; `"` too inside a label value's quotes.
std::string escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_help(std::string_view text) { return escape(text, false); }
std::string escape_label_value(std::string_view value) { return escape(value, true); }

std::string label_set(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra) {
  if (names.empty() && extra.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    out += escape_label_value(values[i]);
    out += '"';
  }
  if (!extra.empty()) {
    if (out.size() > 1) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Plain decimals (0.0001, not 1e-04) for what a person reads: bucket bounds, sums, counts;
  // the shortest form for what would not fit.
  const double magnitude = std::fabs(v);
  const bool plain = v == 0 || (magnitude >= 1e-9 && magnitude < 1e15);
  const auto r = plain ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                       : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace iotboot::metrics
