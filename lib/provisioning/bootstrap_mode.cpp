#include "provisioning/bootstrap_mode.hpp"

#include <array>

namespace iotboot::provisioning {
namespace {

constexpr std::array<std::string_view, 4> kNames = {"off", "push", "pull", "default"};

}  // namespace

std::string_view to_string(BootstrapMode m) noexcept {
  const auto i = static_cast<std::size_t>(m);
  return i < kNames.size() ? kNames[i] : "?";
}

std::optional<BootstrapMode> parse_bootstrap_mode(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (text == kNames[i]) return static_cast<BootstrapMode>(i);
  }
  return std::nullopt;
}

std::optional<BootstrapMode> bootstrap_mode_from(std::int64_t stored) noexcept {
  if (stored < 0 || stored >= static_cast<std::int64_t>(kNames.size())) return std::nullopt;
  return static_cast<BootstrapMode>(stored);
}

}  // namespace iotboot::provisioning
