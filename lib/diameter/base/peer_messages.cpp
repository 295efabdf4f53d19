#include "diameter/base/peer_messages.hpp"

#include <algorithm>
#include <cstring>

#include "diameter/result_codes.hpp"

namespace iotboot::diameter::base {
namespace {

// Vendor-Specific-Application-Id ::= { Vendor-Id } [ Auth-Application-Id ] [ Acct-Application-Id ]
constexpr std::array<Rule<VendorSpecificApplicationId>, 3> kVendorSpecific = {{
    {&avp::kVendorId.info, Occurs::one,
     [](const AvpView& a, VendorSpecificApplicationId& v) { return get(a, avp::kVendorId, v.vendor_id); }},
    {&avp::kAuthApplicationId.info, Occurs::optional,
     [](const AvpView& a, VendorSpecificApplicationId& v) {
       return get(a, avp::kAuthApplicationId, v.auth_application_id);
     }},
    {&avp::kAcctApplicationId.info, Occurs::optional,
     [](const AvpView& a, VendorSpecificApplicationId& v) {
       return get(a, avp::kAcctApplicationId, v.acct_application_id);
     }},
}};

MaybeError get_vendor_specific(const AvpView& group, VendorSpecificApplicationId& out) {
  if (auto err = decode_group(group, avp::kVendorSpecificApplicationId.info, kVendorSpecific, out)) return err;
  if (!out.auth_application_id && !out.acct_application_id) return DiameterError::missing(avp::kAuthApplicationId.info);
  return std::nullopt;
}

// { Result-Code } (answers) { Origin-Host } { Origin-Realm } [ Error-Message ]: the AVPs every
// base message carries.
template <typename M>
constexpr std::array<Rule<M>, 4> origin() {
  return {{
      {&avp::kResultCode.info, M::kIsRequest ? Occurs::optional : Occurs::one,
       [](const AvpView& a, M& r) { return get(a, avp::kResultCode, r.result_code); }},
      {&avp::kOriginHost.info, Occurs::one,
       [](const AvpView& a, M& r) { return get(a, avp::kOriginHost, r.origin_host); }},
      {&avp::kOriginRealm.info, Occurs::one,
       [](const AvpView& a, M& r) { return get(a, avp::kOriginRealm, r.origin_realm); }},
      {&avp::kErrorMessage.info, Occurs::optional,
       [](const AvpView& a, M& r) { return get(a, avp::kErrorMessage, r.error_message); }},
  }};
}

// CER/CEA (RFC 6733 §5.3.1-2).
template <typename M>
constexpr auto capabilities() {
  return join(origin<M>(), std::
                               array<Rule<M>, 10>{
                                   {
                                       {&avp::kHostIpAddress.info, Occurs::at_least_one,
                                        [](const AvpView& a, M& r) -> MaybeError {
                                          auto v = as_address(a);
                                          if (!v || (v->family != 1 && v->family != 2)) {
                                            return DiameterError::invalid_value(a.wire, "Host-IP-Address");
                                          }
                                          IpAddress& ip = r.host_ip_addresses.emplace_back();
                                          ip.family = v->family;
                                          std::memcpy(ip.bytes.data(), v->address.data(), v->address.size());
                                          return std::nullopt;
                                        }},
                                       {&avp::kVendorId.info, Occurs::one,
                                        [](const AvpView& a, M& r) { return get(a, avp::kVendorId, r.vendor_id); }},
                                       {&avp::kProductName.info, Occurs::one,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kProductName, r.product_name);
                                        }},
                                       {&avp::kOriginStateId.info, Occurs::optional,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kOriginStateId, r.origin_state_id);
                                        }},
                                       {&avp::kSupportedVendorId.info, Occurs::any,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kSupportedVendorId, r.supported_vendor_ids.emplace_back());
                                        }},
                                       {&avp::kAuthApplicationId.info, Occurs::any,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kAuthApplicationId, r.auth_application_ids.emplace_back());
                                        }},
                                       {&avp::kAcctApplicationId.info, Occurs::any,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kAcctApplicationId, r.acct_application_ids.emplace_back());
                                        }},
                                       {&avp::kVendorSpecificApplicationId.info, Occurs::any,
                                        [](const AvpView& a, M& r) {
                                          return get_vendor_specific(a,
                                                                     r.vendor_specific_application_ids.emplace_back());
                                        }},
                                       {&avp::kFirmwareRevision.info, Occurs::optional,
                                        [](const AvpView& a, M& r) {
                                          return get(a, avp::kFirmwareRevision, r.firmware_revision);
                                        }},
                                       {&avp::kFailedAvp.info, Occurs::optional,
                                        [](const AvpView& a, M& r) -> MaybeError {
                                          r.failed_avp.assign(a.data.begin(), a.data.end());
                                          return std::nullopt;
                                        }},
                                   }});
}

// The header (with the E bit on an answer that carries a protocol error) and the AVPs every base
// message starts with.
template <typename M>
std::size_t begin_with_origin(Writer& w, const M& r, std::uint32_t hop_by_hop, std::uint32_t end_to_end) {
  std::uint8_t flags = M::kFlags;
  if (!M::kIsRequest && r.result_code && result::is_protocol_error(*r.result_code)) flags |= kFlagError;
  const std::size_t m = w.begin_message(flags, M::kCommand, M::kApplicationId, hop_by_hop, end_to_end);
  if (r.result_code) w.put(avp::kResultCode, *r.result_code);
  w.put(avp::kOriginHost, r.origin_host);
  w.put(avp::kOriginRealm, r.origin_realm);
  return m;
}

}  // namespace

template <bool Request>
std::vector<std::uint32_t> CapabilitiesExchange<Request>::applications() const {
  std::vector<std::uint32_t> apps = auth_application_ids;
  apps.insert(apps.end(), acct_application_ids.begin(), acct_application_ids.end());
  for (const auto& v : vendor_specific_application_ids) {
    if (v.auth_application_id) apps.push_back(*v.auth_application_id);
    if (v.acct_application_id) apps.push_back(*v.acct_application_id);
  }
  return apps;
}

template <bool Request>
void CapabilitiesExchange<Request>::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin_with_origin(w, *this, hop_by_hop, end_to_end);
  for (const IpAddress& ip : host_ip_addresses) w.put(avp::kHostIpAddress, ip.family, ip.view());
  w.put(avp::kVendorId, vendor_id);
  w.put(avp::kProductName, product_name);
  if (origin_state_id) w.put(avp::kOriginStateId, *origin_state_id);
  if (error_message) w.put(avp::kErrorMessage, *error_message);
  if (!failed_avp.empty()) {
    const std::size_t g = w.begin_group(avp::kFailedAvp);
    w.put_raw(failed_avp);
    w.end_group(g);
  }
  for (std::uint32_t v : supported_vendor_ids) w.put(avp::kSupportedVendorId, v);
  for (std::uint32_t a : auth_application_ids) w.put(avp::kAuthApplicationId, a);
  for (std::uint32_t a : acct_application_ids) w.put(avp::kAcctApplicationId, a);
  for (const auto& v : vendor_specific_application_ids) {
    const std::size_t g = w.begin_group(avp::kVendorSpecificApplicationId);
    w.put(avp::kVendorId, v.vendor_id);
    if (v.auth_application_id) w.put(avp::kAuthApplicationId, *v.auth_application_id);
    if (v.acct_application_id) w.put(avp::kAcctApplicationId, *v.acct_application_id);
    w.end_group(g);
  }
  if (firmware_revision) w.put(avp::kFirmwareRevision, *firmware_revision);
  w.end_message(m);
}

template <bool Request>
Result<CapabilitiesExchange<Request>, DiameterError> CapabilitiesExchange<Request>::decode(const MessageView& m) {
  static constexpr auto kGrammar = capabilities<CapabilitiesExchange>();
  CapabilitiesExchange r;
  if (auto err = decode_message(m, kGrammar, r)) return *err;
  return r;
}

template <bool Request>
void DeviceWatchdog<Request>::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin_with_origin(w, *this, hop_by_hop, end_to_end);
  if (error_message) w.put(avp::kErrorMessage, *error_message);
  if (origin_state_id) w.put(avp::kOriginStateId, *origin_state_id);
  w.end_message(m);
}

template <bool Request>
Result<DeviceWatchdog<Request>, DiameterError> DeviceWatchdog<Request>::decode(const MessageView& m) {
  static constexpr auto kGrammar =
      join(origin<DeviceWatchdog>(),
           std::array<Rule<DeviceWatchdog>, 1>{{
               {&avp::kOriginStateId.info, Occurs::optional,
                [](const AvpView& a, DeviceWatchdog& r) { return get(a, avp::kOriginStateId, r.origin_state_id); }},
           }});
  DeviceWatchdog r;
  if (auto err = decode_message(m, kGrammar, r)) return *err;
  return r;
}

template <bool Request>
void DisconnectPeer<Request>::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin_with_origin(w, *this, hop_by_hop, end_to_end);
  if (disconnect_cause) w.put(avp::kDisconnectCause, static_cast<std::uint32_t>(*disconnect_cause));
  if (error_message) w.put(avp::kErrorMessage, *error_message);
  w.end_message(m);
}

template <bool Request>
Result<DisconnectPeer<Request>, DiameterError> DisconnectPeer<Request>::decode(const MessageView& m) {
  static constexpr auto kGrammar = join(
      origin<DisconnectPeer>(), std::array<Rule<DisconnectPeer>, 1>{{
                                    {&avp::kDisconnectCause.info, Request ? Occurs::one : Occurs::optional,
                                     [](const AvpView& a, DisconnectPeer& r) -> MaybeError {
                                       std::uint32_t v = 0;
                                       if (auto err = get(a, avp::kDisconnectCause, v)) return err;
                                       if (v > 2) {
                                         return DiameterError::invalid_value(a.wire, avp::kDisconnectCause.info.name);
                                       }
                                       r.disconnect_cause = static_cast<avp::DisconnectCause>(v);
                                       return std::nullopt;
                                     }},
                                }});
  DisconnectPeer r;
  if (auto err = decode_message(m, kGrammar, r)) return *err;
  return r;
}

template struct CapabilitiesExchange<true>;
template struct CapabilitiesExchange<false>;
template struct DeviceWatchdog<true>;
template struct DeviceWatchdog<false>;
template struct DisconnectPeer<true>;
template struct DisconnectPeer<false>;

}  // namespace iotboot::diameter::base
