#include "diameter/apps/base.hpp"

#include <algorithm>
#include <cstring>

#include "diameter/result_codes.hpp"

namespace iotboot::diameter::base {
namespace {

MaybeError get_vendor_specific(const AvpView& group, VendorSpecificApplicationId& out) {
  AvpCursor c(group.data);
  AvpView a;
  bool vendor = false;
  while (c.next(a)) {
    MaybeError err;
    switch (avp_key(a)) {
      case avp_key(avp::kVendorId):
        vendor = true;
        err = get(a, avp::kVendorId, out.vendor_id);
        break;
      case avp_key(avp::kAuthApplicationId): err = get(a, avp::kAuthApplicationId, out.auth_application_id); break;
      case avp_key(avp::kAcctApplicationId): err = get(a, avp::kAcctApplicationId, out.acct_application_id); break;
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kVendorSpecificApplicationId.info.name);
  if (!vendor) return DiameterError::missing(avp::kVendorId.info);
  if (!out.auth_application_id && !out.acct_application_id) return DiameterError::missing(avp::kAuthApplicationId.info);
  return std::nullopt;
}

// Result-Code, Origin-Host, Origin-Realm, Error-Message: the AVPs every base message may carry.
template <typename M>
bool take_origin(M& r, const AvpView& a, MaybeError& err) {
  switch (avp_key(a)) {
    case avp_key(avp::kResultCode): err = get(a, avp::kResultCode, r.result_code); return true;
    case avp_key(avp::kOriginHost): err = get(a, avp::kOriginHost, r.origin_host); return true;
    case avp_key(avp::kOriginRealm): err = get(a, avp::kOriginRealm, r.origin_realm); return true;
    case avp_key(avp::kErrorMessage): err = get(a, avp::kErrorMessage, r.error_message); return true;
  }
  return false;
}

template <typename M>
MaybeError check_origin(const M& r) {
  if (!M::kIsRequest && !r.result_code) return DiameterError::missing(avp::kResultCode.info);
  if (r.origin_host.empty()) return DiameterError::missing(avp::kOriginHost.info);
  if (r.origin_realm.empty()) return DiameterError::missing(avp::kOriginRealm.info);
  return std::nullopt;
}

template <typename M>
std::size_t begin(Writer& w, const M& r, std::uint32_t hop_by_hop, std::uint32_t end_to_end) {
  std::uint8_t flags = M::kIsRequest ? kFlagRequest : 0;
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
  const std::size_t m = begin(w, *this, hop_by_hop, end_to_end);
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
  CapabilitiesExchange r;
  AvpCursor c = m.avps();
  AvpView a;
  bool vendor = false, product = false;
  while (c.next(a)) {
    MaybeError err;
    if (take_origin(r, a, err)) {
      if (err) return *err;
      continue;
    }
    switch (avp_key(a)) {
      case avp_key(avp::kHostIpAddress): {
        auto v = as_address(a);
        if (!v || (v->family != 1 && v->family != 2)) return DiameterError::invalid_value(a.wire, "Host-IP-Address");
        IpAddress ip;
        ip.family = v->family;
        std::memcpy(ip.bytes.data(), v->address.data(), v->address.size());
        r.host_ip_addresses.push_back(ip);
        break;
      }
      case avp_key(avp::kVendorId):
        vendor = true;
        err = get(a, avp::kVendorId, r.vendor_id);
        break;
      case avp_key(avp::kProductName):
        product = true;
        err = get(a, avp::kProductName, r.product_name);
        break;
      case avp_key(avp::kOriginStateId): err = get(a, avp::kOriginStateId, r.origin_state_id); break;
      case avp_key(avp::kSupportedVendorId):
        err = get(a, avp::kSupportedVendorId, r.supported_vendor_ids.emplace_back());
        break;
      case avp_key(avp::kAuthApplicationId):
        err = get(a, avp::kAuthApplicationId, r.auth_application_ids.emplace_back());
        break;
      case avp_key(avp::kAcctApplicationId):
        err = get(a, avp::kAcctApplicationId, r.acct_application_ids.emplace_back());
        break;
      case avp_key(avp::kVendorSpecificApplicationId):
        err = get_vendor_specific(a, r.vendor_specific_application_ids.emplace_back());
        break;
      case avp_key(avp::kFirmwareRevision): err = get(a, avp::kFirmwareRevision, r.firmware_revision); break;
      case avp_key(avp::kFailedAvp): r.failed_avp.assign(a.data.begin(), a.data.end()); break;
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = check_origin(r)) return *err;
  if (r.host_ip_addresses.empty()) return DiameterError::missing(avp::kHostIpAddress.info);
  if (!vendor) return DiameterError::missing(avp::kVendorId.info);
  if (!product) return DiameterError::missing(avp::kProductName.info);
  return r;
}

template <bool Request>
void DeviceWatchdog<Request>::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, *this, hop_by_hop, end_to_end);
  if (error_message) w.put(avp::kErrorMessage, *error_message);
  if (origin_state_id) w.put(avp::kOriginStateId, *origin_state_id);
  w.end_message(m);
}

template <bool Request>
Result<DeviceWatchdog<Request>, DiameterError> DeviceWatchdog<Request>::decode(const MessageView& m) {
  DeviceWatchdog r;
  AvpCursor c = m.avps();
  AvpView a;
  while (c.next(a)) {
    MaybeError err;
    if (!take_origin(r, a, err) && avp_key(a) == avp_key(avp::kOriginStateId)) {
      err = get(a, avp::kOriginStateId, r.origin_state_id);
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = check_origin(r)) return *err;
  return r;
}

template <bool Request>
void DisconnectPeer<Request>::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, *this, hop_by_hop, end_to_end);
  if (disconnect_cause) w.put(avp::kDisconnectCause, static_cast<std::uint32_t>(*disconnect_cause));
  if (error_message) w.put(avp::kErrorMessage, *error_message);
  w.end_message(m);
}

template <bool Request>
Result<DisconnectPeer<Request>, DiameterError> DisconnectPeer<Request>::decode(const MessageView& m) {
  DisconnectPeer r;
  AvpCursor c = m.avps();
  AvpView a;
  while (c.next(a)) {
    MaybeError err;
    if (!take_origin(r, a, err) && avp_key(a) == avp_key(avp::kDisconnectCause)) {
      std::uint32_t v = 0;
      err = get(a, avp::kDisconnectCause, v);
      if (!err && v > 2) err = DiameterError::invalid_value(a.wire, avp::kDisconnectCause.info.name);
      r.disconnect_cause = static_cast<avp::DisconnectCause>(v);
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = check_origin(r)) return *err;
  if (Request && !r.disconnect_cause) return DiameterError::missing(avp::kDisconnectCause.info);
  return r;
}

template struct CapabilitiesExchange<true>;
template struct CapabilitiesExchange<false>;
template struct DeviceWatchdog<true>;
template struct DeviceWatchdog<false>;
template struct DisconnectPeer<true>;
template struct DisconnectPeer<false>;

}  // namespace iotboot::diameter::base
