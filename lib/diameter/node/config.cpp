#include "diameter/node/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "diameter/dictionary.hpp"

namespace iotboot::diameter {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::uint32_t> number(std::string_view s) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> application_by_name(std::string_view s) {
  for (std::uint32_t app : {app::kS6a, app::kS6t, app::kT6a}) {
    if (lower(application_name(app)) == lower(s)) return app;
  }
  return number(s);
}

std::optional<std::uint32_t> command_by_name(std::string_view s) {
  for (std::uint32_t cmd : {cmd::kAuthenticationInformation, cmd::kReportingInformation}) {
    if (lower(command_name(cmd, true)) == lower(s)) return cmd;
  }
  return number(s);
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
  const auto app = application_by_name(text.substr(0, colon));
  if (!app || *app == app::kBase || *app == app::kRelay) return std::nullopt;
  if (colon == std::string_view::npos) return RequestPermission(*app);
  const auto cmd = command_by_name(text.substr(colon + 1));
  if (!cmd) return std::nullopt;
  return RequestPermission(*app, *cmd);
}

}  // namespace iotboot::diameter
