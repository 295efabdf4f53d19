// The application ids and command codes of the 3GPP interfaces iotboot speaks.
#pragma once

#include <cstdint>

namespace iotboot::diameter {

namespace app {
inline constexpr std::uint32_t kS6a = 16777251;  // TS 29.272
inline constexpr std::uint32_t kS6t = 16777345;  // TS 29.336
inline constexpr std::uint32_t kT6a = 16777346;  // TS 29.128
}  // namespace app

namespace cmd {
inline constexpr std::uint32_t kAuthenticationInformation = 318;     // S6a AIR/AIA
inline constexpr std::uint32_t kReportingInformation = 8388719;      // S6t and T6a RIR/RIA
inline constexpr std::uint32_t kConfigurationInformation = 8388718;  // T6a CIR/CIA
}  // namespace cmd

}  // namespace iotboot::diameter
