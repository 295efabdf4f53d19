// The AVPs, applications and commands this node knows: name, type and flag rules per AVP.
// Built once from the constexpr definitions in apps/*_avps.hpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "diameter/avp_def.hpp"

namespace iotboot::diameter {

namespace app {
inline constexpr std::uint32_t kBase = 0;
inline constexpr std::uint32_t kS6a = 16777251;  // TS 29.272
inline constexpr std::uint32_t kS6t = 16777345;  // TS 29.336
inline constexpr std::uint32_t kT6a = 16777346;  // TS 29.128
inline constexpr std::uint32_t kRelay = 0xffffffff;
}  // namespace app

namespace cmd {
inline constexpr std::uint32_t kCapabilitiesExchange = 257;
inline constexpr std::uint32_t kDeviceWatchdog = 280;
inline constexpr std::uint32_t kDisconnectPeer = 282;
inline constexpr std::uint32_t kAuthenticationInformation = 318;  // S6a AIR/AIA
inline constexpr std::uint32_t kReportingInformation = 8388719;   // S6t and T6a RIR/RIA
}  // namespace cmd

// nullptr for an AVP this node does not know.
const AvpInfo* find_avp(std::uint32_t code, std::uint32_t vendor) noexcept;

// "S6a", "S6t", ... or "" for an unknown application.
std::string_view application_name(std::uint32_t app_id) noexcept;
// "AIR"/"AIA", "CER"/"CEA", ... or "" for an unknown command.
std::string_view command_name(std::uint32_t code, bool request) noexcept;

}  // namespace iotboot::diameter
