#include "diameter/node/config.hpp"

#include <algorithm>
#include <charconv>

#include "diameter/dictionary.hpp"

namespace iotboot::diameter {
namespace {

std::optional<std::uint32_t> number(std::string_view s) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

bool PeerConfig::may_request(std::uint32_t application) const noexcept {
  return std::any_of(requests.begin(), requests.end(),
                     [&](const RequestPermission& p) { return p.application == application; });
}

bool PeerConfig::may_request(std::uint32_t application, std::uint32_t command) const noexcept {
  return std::any_of(requests.begin(), requests.end(), [&](const RequestPermission& p) {
    return p.application == application && (!p.command || *p.command == command);
  });
}

std::optional<RequestPermission> parse_request_permission(std::string_view text) {
  const auto colon = text.find(':');
  const auto app_name = text.substr(0, colon);
  auto app = application_by_name(app_name);
  if (!app) app = number(app_name);
  if (!app || *app == app::kBase || *app == app::kRelay) return std::nullopt;
  if (colon == std::string_view::npos) return RequestPermission(*app);
  const auto cmd_name = text.substr(colon + 1);
  auto cmd = command_by_name(cmd_name);
  if (!cmd) cmd = number(cmd_name);
  if (!cmd) return std::nullopt;
  return RequestPermission(*app, *cmd);
}

}  // namespace iotboot::diameter
