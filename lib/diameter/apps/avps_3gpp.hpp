// 3GPP AVPs (vendor 10415) of S6a (TS 29.272), S6t (TS 29.336) and T6a (TS 29.128) that
// iotboot sends or reads. Flags per TS 29.272 Table 7.3.1/1 and TS 29.336 Table 8.4.1: M and V.
#pragma once

#include <array>

#include "diameter/avp_def.hpp"

namespace iotboot::diameter::avp {

inline constexpr auto kRatType = must<Enumerated>(1032, kVendor3gpp, "RAT-Type");
inline constexpr auto kUlrFlags = must<Unsigned32>(1405, kVendor3gpp, "ULR-Flags");
inline constexpr auto kVisitedPlmnId = must<OctetString>(1407, kVendor3gpp, "Visited-PLMN-Id");
inline constexpr auto kRequestedEutranAuthenticationInfo =
    must<Grouped>(1408, kVendor3gpp, "Requested-EUTRAN-Authentication-Info");
inline constexpr auto kRequestedUtranGeranAuthenticationInfo =
    must<Grouped>(1409, kVendor3gpp, "Requested-UTRAN-GERAN-Authentication-Info");
inline constexpr auto kNumberOfRequestedVectors = must<Unsigned32>(1410, kVendor3gpp, "Number-Of-Requested-Vectors");
inline constexpr auto kReSynchronizationInfo = must<OctetString>(1411, kVendor3gpp, "Re-Synchronization-Info");
inline constexpr auto kImmediateResponsePreferred = must<Unsigned32>(1412, kVendor3gpp, "Immediate-Response-Preferred");
inline constexpr auto kAuthenticationInfo = must<Grouped>(1413, kVendor3gpp, "Authentication-Info");
inline constexpr auto kEutranVector = must<Grouped>(1414, kVendor3gpp, "E-UTRAN-Vector");
inline constexpr auto kItemNumber = must<Unsigned32>(1419, kVendor3gpp, "Item-Number");
inline constexpr auto kRand = must<OctetString>(1447, kVendor3gpp, "RAND");
inline constexpr auto kXres = must<OctetString>(1448, kVendor3gpp, "XRES");
inline constexpr auto kAutn = must<OctetString>(1449, kVendor3gpp, "AUTN");
inline constexpr auto kKasme = must<OctetString>(1450, kVendor3gpp, "KASME");
inline constexpr auto kAirFlags = may<Unsigned32>(1679, kVendor3gpp, "AIR-Flags");
inline constexpr auto kFeatureListId = may<Unsigned32>(629, kVendor3gpp, "Feature-List-ID");
inline constexpr auto kFeatureList = may<Unsigned32>(630, kVendor3gpp, "Feature-List");
inline constexpr auto kSupportedFeatures = may<Grouped>(628, kVendor3gpp, "Supported-Features");
inline constexpr auto kUserIdentifier = must<Grouped>(3102, kVendor3gpp, "User-Identifier");
inline constexpr auto kScefId = must<DiameterIdentity>(3125, kVendor3gpp, "SCEF-ID");

// All of the above, for the applications to register.
inline constexpr auto k3gppAvps = std::to_array<AvpInfo>({
    kRatType.info,
    kUlrFlags.info,
    kVisitedPlmnId.info,
    kRequestedEutranAuthenticationInfo.info,
    kRequestedUtranGeranAuthenticationInfo.info,
    kNumberOfRequestedVectors.info,
    kReSynchronizationInfo.info,
    kImmediateResponsePreferred.info,
    kAuthenticationInfo.info,
    kEutranVector.info,
    kItemNumber.info,
    kRand.info,
    kXres.info,
    kAutn.info,
    kKasme.info,
    kAirFlags.info,
    kFeatureListId.info,
    kFeatureList.info,
    kSupportedFeatures.info,
    kUserIdentifier.info,
    kScefId.info,
});
}  // namespace iotboot::diameter::avp
