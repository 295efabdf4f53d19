// EMM cause values (TS 24.301 §9.9.3.9) iotboot sends or acts on.
#pragma once

#include <cstdint>
#include <string_view>

namespace iotboot::nas::cause {

inline constexpr std::uint8_t kIllegalUe = 3;
inline constexpr std::uint8_t kIllegalMe = 6;
inline constexpr std::uint8_t kEpsServicesNotAllowed = 7;
inline constexpr std::uint8_t kEpsAndNonEpsServicesNotAllowed = 8;
inline constexpr std::uint8_t kUeIdentityCannotBeDerived = 9;
inline constexpr std::uint8_t kPlmnNotAllowed = 11;
inline constexpr std::uint8_t kNetworkFailure = 17;
inline constexpr std::uint8_t kMacFailure = 20;
inline constexpr std::uint8_t kSynchFailure = 21;
inline constexpr std::uint8_t kCongestion = 22;
inline constexpr std::uint8_t kUeSecurityCapabilitiesMismatch = 23;
inline constexpr std::uint8_t kSecurityModeRejected = 24;
inline constexpr std::uint8_t kNonEpsAuthenticationUnacceptable = 26;
inline constexpr std::uint8_t kSemanticallyIncorrect = 95;
inline constexpr std::uint8_t kInvalidMandatoryInformation = 96;
inline constexpr std::uint8_t kMessageTypeNonExistent = 97;
inline constexpr std::uint8_t kMessageTypeNotCompatible = 98;
inline constexpr std::uint8_t kIeNonExistent = 99;
inline constexpr std::uint8_t kConditionalIeError = 100;
inline constexpr std::uint8_t kMessageNotCompatible = 101;
inline constexpr std::uint8_t kProtocolErrorUnspecified = 111;

std::string_view name(std::uint8_t cause) noexcept;

}  // namespace iotboot::nas::cause
