// RFC 6733 base protocol AVPs (§4.5, §8.15) and the few NASREQ/RADIUS ones the base uses.
#pragma once

#include <array>

#include "diameter/avp_def.hpp"

namespace iotboot::diameter::avp {

inline constexpr auto kUserName = must<Utf8String>(1, 0, "User-Name");
inline constexpr auto kClass = must<OctetString>(25, 0, "Class");
inline constexpr auto kSessionTimeout = must<Unsigned32>(27, 0, "Session-Timeout");
inline constexpr auto kProxyState = must<OctetString>(33, 0, "Proxy-State");
inline constexpr auto kAcctSessionId = must<OctetString>(44, 0, "Acct-Session-Id");
inline constexpr auto kAcctMultiSessionId = must<Utf8String>(50, 0, "Acct-Multi-Session-Id");
inline constexpr auto kEventTimestamp = must<Time>(55, 0, "Event-Timestamp");
inline constexpr auto kAcctInterimInterval = must<Unsigned32>(85, 0, "Acct-Interim-Interval");
inline constexpr auto kHostIpAddress = must<Address>(257, 0, "Host-IP-Address");
inline constexpr auto kAuthApplicationId = must<Unsigned32>(258, 0, "Auth-Application-Id");
inline constexpr auto kAcctApplicationId = must<Unsigned32>(259, 0, "Acct-Application-Id");
inline constexpr auto kVendorSpecificApplicationId = must<Grouped>(260, 0, "Vendor-Specific-Application-Id");
inline constexpr auto kRedirectHostUsage = must<Enumerated>(261, 0, "Redirect-Host-Usage");
inline constexpr auto kRedirectMaxCacheTime = must<Unsigned32>(262, 0, "Redirect-Max-Cache-Time");
inline constexpr auto kSessionId = must<Utf8String>(263, 0, "Session-Id");
inline constexpr auto kOriginHost = must<DiameterIdentity>(264, 0, "Origin-Host");
inline constexpr auto kSupportedVendorId = must<Unsigned32>(265, 0, "Supported-Vendor-Id");
inline constexpr auto kVendorId = must<Unsigned32>(266, 0, "Vendor-Id");
inline constexpr auto kFirmwareRevision = must_not<Unsigned32>(267, 0, "Firmware-Revision");
inline constexpr auto kResultCode = must<Unsigned32>(268, 0, "Result-Code");
inline constexpr auto kProductName = must_not<Utf8String>(269, 0, "Product-Name");
inline constexpr auto kSessionBinding = must<Unsigned32>(270, 0, "Session-Binding");
inline constexpr auto kSessionServerFailover = must<Enumerated>(271, 0, "Session-Server-Failover");
inline constexpr auto kMultiRoundTimeOut = must<Unsigned32>(272, 0, "Multi-Round-Time-Out");
inline constexpr auto kDisconnectCause = must<Enumerated>(273, 0, "Disconnect-Cause");
inline constexpr auto kAuthRequestType = must<Enumerated>(274, 0, "Auth-Request-Type");
inline constexpr auto kAuthGracePeriod = must<Unsigned32>(276, 0, "Auth-Grace-Period");
inline constexpr auto kAuthSessionState = must<Enumerated>(277, 0, "Auth-Session-State");
inline constexpr auto kOriginStateId = must<Unsigned32>(278, 0, "Origin-State-Id");
inline constexpr auto kFailedAvp = must<Grouped>(279, 0, "Failed-AVP");
inline constexpr auto kProxyHost = must<DiameterIdentity>(280, 0, "Proxy-Host");
inline constexpr auto kErrorMessage = must_not<Utf8String>(281, 0, "Error-Message");
inline constexpr auto kRouteRecord = must<DiameterIdentity>(282, 0, "Route-Record");
inline constexpr auto kDestinationRealm = must<DiameterIdentity>(283, 0, "Destination-Realm");
inline constexpr auto kProxyInfo = must<Grouped>(284, 0, "Proxy-Info");
inline constexpr auto kReAuthRequestType = must<Enumerated>(285, 0, "Re-Auth-Request-Type");
inline constexpr auto kAuthorizationLifetime = must<Unsigned32>(291, 0, "Authorization-Lifetime");
inline constexpr auto kRedirectHost = must<DiameterUri>(292, 0, "Redirect-Host");
inline constexpr auto kDestinationHost = must<DiameterIdentity>(293, 0, "Destination-Host");
inline constexpr auto kErrorReportingHost = must_not<DiameterIdentity>(294, 0, "Error-Reporting-Host");
inline constexpr auto kTerminationCause = must<Enumerated>(295, 0, "Termination-Cause");
inline constexpr auto kOriginRealm = must<DiameterIdentity>(296, 0, "Origin-Realm");
inline constexpr auto kExperimentalResult = must<Grouped>(297, 0, "Experimental-Result");
inline constexpr auto kExperimentalResultCode = must<Unsigned32>(298, 0, "Experimental-Result-Code");
inline constexpr auto kInbandSecurityId = must<Unsigned32>(299, 0, "Inband-Security-Id");
inline constexpr auto kAccountingRecordType = must<Enumerated>(480, 0, "Accounting-Record-Type");
inline constexpr auto kAccountingRealtimeRequired = must<Enumerated>(483, 0, "Accounting-Realtime-Required");
inline constexpr auto kAccountingRecordNumber = must<Unsigned32>(485, 0, "Accounting-Record-Number");

// All of the above, for the dictionary.
inline constexpr auto kBaseAvps = std::to_array<AvpInfo>({
    kUserName.info,
    kClass.info,
    kSessionTimeout.info,
    kProxyState.info,
    kAcctSessionId.info,
    kAcctMultiSessionId.info,
    kEventTimestamp.info,
    kAcctInterimInterval.info,
    kHostIpAddress.info,
    kAuthApplicationId.info,
    kAcctApplicationId.info,
    kVendorSpecificApplicationId.info,
    kRedirectHostUsage.info,
    kRedirectMaxCacheTime.info,
    kSessionId.info,
    kOriginHost.info,
    kSupportedVendorId.info,
    kVendorId.info,
    kFirmwareRevision.info,
    kResultCode.info,
    kProductName.info,
    kSessionBinding.info,
    kSessionServerFailover.info,
    kMultiRoundTimeOut.info,
    kDisconnectCause.info,
    kAuthRequestType.info,
    kAuthGracePeriod.info,
    kAuthSessionState.info,
    kOriginStateId.info,
    kFailedAvp.info,
    kProxyHost.info,
    kErrorMessage.info,
    kRouteRecord.info,
    kDestinationRealm.info,
    kProxyInfo.info,
    kReAuthRequestType.info,
    kAuthorizationLifetime.info,
    kRedirectHost.info,
    kDestinationHost.info,
    kErrorReportingHost.info,
    kTerminationCause.info,
    kOriginRealm.info,
    kExperimentalResult.info,
    kExperimentalResultCode.info,
    kInbandSecurityId.info,
    kAccountingRecordType.info,
    kAccountingRealtimeRequired.info,
    kAccountingRecordNumber.info,
});

// Enumerated values.
inline constexpr std::uint32_t kNoStateMaintained = 1;  // Auth-Session-State
enum class DisconnectCause : std::uint32_t { rebooting = 0, busy = 1, do_not_want_to_talk_to_you = 2 };

}  // namespace iotboot::diameter::avp
