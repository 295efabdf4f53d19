// The AVPs, applications and commands this process knows: name, type and flag rules per AVP.
// The core knows the base protocol (RFC 6733) only; each application adds its own at start-up
// with register_application (the program does it at start-up), so this library never
// includes an application.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "diameter/avp_def.hpp"

namespace iotboot::diameter {

namespace app {
inline constexpr std::uint32_t kBase = 0;
inline constexpr std::uint32_t kRelay = 0xffffffff;
}  // namespace app

namespace cmd {
inline constexpr std::uint32_t kCapabilitiesExchange = 257;
inline constexpr std::uint32_t kDeviceWatchdog = 280;
inline constexpr std::uint32_t kDisconnectPeer = 282;
}  // namespace cmd

struct CommandInfo {
  std::uint32_t code;
  std::string_view request;  // "AIR"
  std::string_view answer;   // "AIA"
  friend bool operator==(const CommandInfo&, const CommandInfo&) = default;
};

// What an application brings: its id and name, the AVPs it defines or uses, its commands.
// AVPs and commands shared by two applications (User-Identifier, RIR) may appear in both, as
// long as their definitions agree.
struct ApplicationInfo {
  std::uint32_t id;
  std::string_view name;  // "S6a"
  std::uint32_t vendor;   // advertised in Vendor-Specific-Application-Id when not 0
  std::span<const AvpInfo> avps;
  std::span<const CommandInfo> commands;
};

// Adds an application; registering the same one again changes nothing. Throws
// std::logic_error when it contradicts what is known (an AVP or a command defined otherwise).
// Lookups never block and may run on other threads while an application is registered.
void register_application(const ApplicationInfo& app);

// nullptr for an AVP this process does not know.
const AvpInfo* find_avp(std::uint32_t code, std::uint32_t vendor) noexcept;

// "S6a", "S6t", ... or "" for an application that is not registered.
std::string_view application_name(std::uint32_t app_id) noexcept;
// The vendor of a vendor-specific application (10415 for S6a), else 0.
std::uint32_t application_vendor(std::uint32_t app_id) noexcept;
// "AIR"/"AIA", "CER"/"CEA", ... or "" for a command that is not registered.
std::string_view command_name(std::uint32_t code, bool request) noexcept;

// The id of a registered application or the code of a registered command by name, ignoring
// case ("s6a", "AIR"), or nullopt.
std::optional<std::uint32_t> application_by_name(std::string_view name) noexcept;
std::optional<std::uint32_t> command_by_name(std::string_view request_name) noexcept;

}  // namespace iotboot::diameter
