#include "core/external_identifier.hpp"

#include "core/fqdn.hpp"

namespace iotboot {
namespace {

// RFC 3986's unreserved characters and the sub-delimiters that need no quoting in JSON, HTTP
// header values or a log line (no quote, comma, semicolon or parenthesis).
bool local_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  static constexpr std::string_view kOthers = "-._~!$&'*+=";
  return kOthers.find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> check_external_identifier(std::string_view id) {
  const std::size_t at = id.find('@');
  if (at == std::string_view::npos) return "no '@' between local identifier and domain";
  const std::string_view local = id.substr(0, at);
  if (local.empty()) return "empty local identifier";
  if (local.size() > kMaxLocalIdentifier) {
    return "local identifier longer than " + std::to_string(kMaxLocalIdentifier) + " characters";
  }
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (!local_char(local[i]))
      return "character not allowed in a local identifier at position " + std::to_string(i + 1);
  }
  if (auto why = check_fqdn(id.substr(at + 1))) return "domain identifier: " + *why;
  return std::nullopt;
}

}  // namespace iotboot
