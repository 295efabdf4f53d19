#include "core/imsi.hpp"

namespace iotboot {

std::optional<std::string> check_imsi(std::string_view imsi) {
  if (imsi.size() < 6 || imsi.size() > 15) return "expected 6 to 15 digits, got " + std::to_string(imsi.size());
  for (std::size_t i = 0; i < imsi.size(); ++i) {
    if (imsi[i] < '0' || imsi[i] > '9') return "not a decimal digit at position " + std::to_string(i + 1);
  }
  return std::nullopt;
}

}  // namespace iotboot
