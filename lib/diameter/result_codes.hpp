// Result-Code and Experimental-Result-Code values used by iotboot.
#pragma once

#include <cstdint>

namespace iotboot::diameter::result {

// RFC 6733 §7.1
inline constexpr std::uint32_t kSuccess = 2001;
inline constexpr std::uint32_t kCommandUnsupported = 3001;
inline constexpr std::uint32_t kUnableToDeliver = 3002;
inline constexpr std::uint32_t kRealmNotServed = 3003;
inline constexpr std::uint32_t kTooBusy = 3004;
inline constexpr std::uint32_t kApplicationUnsupported = 3007;
inline constexpr std::uint32_t kInvalidHdrBits = 3008;
inline constexpr std::uint32_t kInvalidAvpBits = 3009;
inline constexpr std::uint32_t kUnknownPeer = 3010;
inline constexpr std::uint32_t kElectionLost = 4003;
inline constexpr std::uint32_t kAvpUnsupported = 5001;
inline constexpr std::uint32_t kInvalidAvpValue = 5004;
inline constexpr std::uint32_t kMissingAvp = 5005;
inline constexpr std::uint32_t kResourcesExceeded = 5006;
inline constexpr std::uint32_t kAvpOccursTooManyTimes = 5009;
inline constexpr std::uint32_t kNoCommonApplication = 5010;
inline constexpr std::uint32_t kUnsupportedVersion = 5011;
inline constexpr std::uint32_t kUnableToComply = 5012;
inline constexpr std::uint32_t kInvalidAvpLength = 5014;
inline constexpr std::uint32_t kInvalidMessageLength = 5015;

// TS 29.272 §7.4 (Experimental-Result, vendor 10415)
inline constexpr std::uint32_t kAuthenticationDataUnavailable = 4181;
inline constexpr std::uint32_t kErrorUserUnknown = 5001;

// iotboot's (Experimental-Result, vendor 32473; docs/diameter.md): why an MME has no Ks for a
// GUTI it holds (T6a CIA, solution #11).
inline constexpr std::uint32_t kIotNoKey = 5601;       // the UE does not bootstrap by pull
inline constexpr std::uint32_t kIotUeDetached = 5602;  // the UE detached: its Ks went with its security context
inline constexpr std::uint32_t kIotKeyExpired = 5603;  // the Ks outlived its lifetime

// RFC 6733 §3.2: answers with these are sent with the E bit set.
constexpr bool is_protocol_error(std::uint32_t code) noexcept { return code >= 3000 && code < 4000; }

}  // namespace iotboot::diameter::result
