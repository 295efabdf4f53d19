#include "diameter/dictionary.hpp"

#include <algorithm>
#include <array>

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/base_avps.hpp"
#include "diameter/apps/iot_avps.hpp"

namespace iotboot::diameter {
namespace {

using namespace avp;

constexpr std::uint64_t key(std::uint32_t code, std::uint32_t vendor) { return (std::uint64_t{vendor} << 32) | code; }

constexpr auto kAll = std::to_array<AvpInfo>({
    // RFC 6733
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
    // 3GPP
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
    // iotboot
    kIotKeySet.info,
    kIotKs.info,
    kIotNotifyScef.info,
    kIotAuthResult.info,
    kIotGuti.info,
    kIotKeyLifetime.info,
});

constexpr auto kSorted = [] {
  auto a = kAll;
  std::sort(a.begin(), a.end(),
            [](const AvpInfo& x, const AvpInfo& y) { return key(x.code, x.vendor) < key(y.code, y.vendor); });
  return a;
}();

static_assert(std::adjacent_find(kSorted.begin(), kSorted.end(),
                                 [](const AvpInfo& x, const AvpInfo& y) {
                                   return key(x.code, x.vendor) == key(y.code, y.vendor);
                                 }) == kSorted.end(),
              "an AVP is defined twice");

}  // namespace

const AvpInfo* find_avp(std::uint32_t code, std::uint32_t vendor) noexcept {
  const std::uint64_t k = key(code, vendor);
  auto it = std::lower_bound(kSorted.begin(), kSorted.end(), k,
                             [](const AvpInfo& a, std::uint64_t v) { return key(a.code, a.vendor) < v; });
  return it != kSorted.end() && key(it->code, it->vendor) == k ? &*it : nullptr;
}

std::string_view application_name(std::uint32_t app_id) noexcept {
  switch (app_id) {
    case app::kBase: return "base";
    case app::kS6a: return "S6a";
    case app::kS6t: return "S6t";
    case app::kT6a: return "T6a";
    case app::kRelay: return "relay";
  }
  return "";
}

std::string_view command_name(std::uint32_t code, bool request) noexcept {
  switch (code) {
    case cmd::kCapabilitiesExchange: return request ? "CER" : "CEA";
    case cmd::kDeviceWatchdog: return request ? "DWR" : "DWA";
    case cmd::kDisconnectPeer: return request ? "DPR" : "DPA";
    case cmd::kAuthenticationInformation: return request ? "AIR" : "AIA";
    case cmd::kReportingInformation: return request ? "RIR" : "RIA";
  }
  return "";
}

std::string_view to_string(AvpType t) noexcept {
  switch (t) {
    case AvpType::octet_string: return "OctetString";
    case AvpType::integer32: return "Integer32";
    case AvpType::integer64: return "Integer64";
    case AvpType::unsigned32: return "Unsigned32";
    case AvpType::unsigned64: return "Unsigned64";
    case AvpType::float32: return "Float32";
    case AvpType::float64: return "Float64";
    case AvpType::grouped: return "Grouped";
    case AvpType::address: return "Address";
    case AvpType::time: return "Time";
    case AvpType::utf8_string: return "UTF8String";
    case AvpType::diameter_identity: return "DiameterIdentity";
    case AvpType::diameter_uri: return "DiameterURI";
    case AvpType::enumerated: return "Enumerated";
  }
  return "?";
}

}  // namespace iotboot::diameter
