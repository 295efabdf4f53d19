#include "nas/emm_cause.hpp"

namespace iotboot::nas::cause {

std::string_view name(std::uint8_t c) noexcept {
  switch (c) {
    case kIllegalUe: return "illegal UE";
    case kIllegalMe: return "illegal ME";
    case kEpsServicesNotAllowed: return "EPS services not allowed";
    case kEpsAndNonEpsServicesNotAllowed: return "EPS services and non-EPS services not allowed";
    case kUeIdentityCannotBeDerived: return "UE identity cannot be derived by the network";
    case kPlmnNotAllowed: return "PLMN not allowed";
    case kNetworkFailure: return "network failure";
    case kMacFailure: return "MAC failure";
    case kSynchFailure: return "synch failure";
    case kCongestion: return "congestion";
    case kUeSecurityCapabilitiesMismatch: return "UE security capabilities mismatch";
    case kSecurityModeRejected: return "security mode rejected, unspecified";
    case kNonEpsAuthenticationUnacceptable: return "non-EPS authentication unacceptable";
    case kSemanticallyIncorrect: return "semantically incorrect message";
    case kInvalidMandatoryInformation: return "invalid mandatory information";
    case kMessageTypeNonExistent: return "message type non-existent or not implemented";
    case kMessageTypeNotCompatible: return "message type not compatible with the protocol state";
    case kIeNonExistent: return "information element non-existent or not implemented";
    case kConditionalIeError: return "conditional IE error";
    case kMessageNotCompatible: return "message not compatible with the protocol state";
    case kProtocolErrorUnspecified: return "protocol error, unspecified";
  }
  return "unknown cause";
}

}  // namespace iotboot::nas::cause
