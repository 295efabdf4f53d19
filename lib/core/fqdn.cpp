#include "core/fqdn.hpp"

namespace iotboot {
namespace {

bool is_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> check_fqdn(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name.size() > 253) return "longer than 253 characters (" + std::to_string(name.size()) + ")";
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '.') {
      if (!is_alnum(name[i]) && name[i] != '-') {
        return "character not allowed in a host name at position " + std::to_string(i + 1);
      }
      continue;
    }
    const std::size_t len = i - label_start;
    if (len == 0) return "empty label at position " + std::to_string(i + 1);
    if (len > 63) return "label longer than 63 characters at position " + std::to_string(label_start + 1);
    if (name[label_start] == '-' || name[i - 1] == '-') {
      return "label starts or ends with '-' at position " + std::to_string(label_start + 1);
    }
    label_start = i + 1;
  }
  return std::nullopt;
}

}  // namespace iotboot
