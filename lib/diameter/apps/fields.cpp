#include "diameter/apps/fields.hpp"

#include "core/imsi.hpp"

#include <cstring>

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::diameter {

MaybeError get(const AvpView& a, const AvpDef<Unsigned32>& d, std::uint32_t& out) {
  auto v = as_u32(a);
  if (!v) return DiameterError::invalid_length(a.wire, d.info.name);
  out = *v;
  return std::nullopt;
}

MaybeError get(const AvpView& a, const AvpDef<Enumerated>& d, std::uint32_t& out) {
  auto v = as_u32(a);
  if (!v) return DiameterError::invalid_length(a.wire, d.info.name);
  out = *v;
  return std::nullopt;
}

MaybeError get(const AvpView& a, const AvpDef<Utf8String>& d, std::string_view& out) {
  auto v = as_utf8(a);
  if (!v) return DiameterError::invalid_value(a.wire, d.info.name);
  out = *v;
  return std::nullopt;
}

MaybeError get(const AvpView& a, const AvpDef<DiameterIdentity>& d, std::string_view& out) {
  auto v = as_identity(a);
  if (!v) return DiameterError::invalid_value(a.wire, d.info.name);
  out = *v;
  return std::nullopt;
}

MaybeError get(const AvpView& a, const AvpDef<OctetString>&, ByteView& out) {
  out = a.data;
  return std::nullopt;
}

MaybeError get_fixed(const AvpView& a, const AvpInfo& info, MutableByteView out) {
  if (a.data.size() != out.size()) return DiameterError::invalid_value(a.wire, info.name);
  std::memcpy(out.data(), a.data.data(), out.size());
  return std::nullopt;
}

void RequestRouting::put(Writer& w) const {
  w.put(avp::kSessionId, session_id);
  w.put(avp::kAuthSessionState, auth_session_state);
  w.put(avp::kOriginHost, origin_host);
  w.put(avp::kOriginRealm, origin_realm);
  if (destination_host) w.put(avp::kDestinationHost, *destination_host);
  w.put(avp::kDestinationRealm, destination_realm);
}

bool RequestRouting::take(const AvpView& a, MaybeError& err) {
  switch (avp_key(a)) {
    case avp_key(avp::kSessionId): err = get(a, avp::kSessionId, session_id); return true;
    case avp_key(avp::kAuthSessionState):
      have_auth_session_state_ = true;
      err = get(a, avp::kAuthSessionState, auth_session_state);
      return true;
    case avp_key(avp::kOriginHost): err = get(a, avp::kOriginHost, origin_host); return true;
    case avp_key(avp::kOriginRealm): err = get(a, avp::kOriginRealm, origin_realm); return true;
    case avp_key(avp::kDestinationHost): err = get(a, avp::kDestinationHost, destination_host); return true;
    case avp_key(avp::kDestinationRealm): err = get(a, avp::kDestinationRealm, destination_realm); return true;
  }
  return false;
}

MaybeError RequestRouting::check_present() const {
  if (session_id.empty()) return DiameterError::missing(avp::kSessionId.info);
  if (!have_auth_session_state_) return DiameterError::missing(avp::kAuthSessionState.info);
  if (origin_host.empty()) return DiameterError::missing(avp::kOriginHost.info);
  if (origin_realm.empty()) return DiameterError::missing(avp::kOriginRealm.info);
  if (destination_realm.empty()) return DiameterError::missing(avp::kDestinationRealm.info);
  return std::nullopt;
}

void put_experimental_result(Writer& w, const ExperimentalResult& r) {
  const std::size_t g = w.begin_group(avp::kExperimentalResult);
  w.put(avp::kVendorId, r.vendor_id);
  w.put(avp::kExperimentalResultCode, r.code);
  w.end_group(g);
}

MaybeError get_experimental_result(const AvpView& group, ExperimentalResult& out) {
  AvpCursor c(group.data);
  AvpView a;
  bool vendor = false, code = false;
  while (c.next(a)) {
    MaybeError err;
    if (avp_key(a) == avp_key(avp::kVendorId)) {
      vendor = true;
      err = get(a, avp::kVendorId, out.vendor_id);
    } else if (avp_key(a) == avp_key(avp::kExperimentalResultCode)) {
      code = true;
      err = get(a, avp::kExperimentalResultCode, out.code);
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kExperimentalResult.info.name);
  if (!vendor) return DiameterError::missing(avp::kVendorId.info);
  if (!code) return DiameterError::missing(avp::kExperimentalResultCode.info);
  return std::nullopt;
}

void put_user_identifier(Writer& w, std::string_view user_name) {
  const std::size_t g = w.begin_group(avp::kUserIdentifier);
  w.put(avp::kUserName, user_name);
  w.end_group(g);
}

MaybeError get_imsi(const AvpView& a, std::string_view& imsi) {
  if (auto err = get(a, avp::kUserName, imsi)) return err;
  if (check_imsi(imsi)) return DiameterError::invalid_value(a.wire, avp::kUserName.info.name);
  return std::nullopt;
}

MaybeError get_user_identifier(const AvpView& group, std::string_view& user_name) {
  AvpCursor c(group.data);
  AvpView a;
  bool found = false;
  while (c.next(a)) {
    if (avp_key(a) != avp_key(avp::kUserName)) continue;
    found = true;
    if (auto err = get_imsi(a, user_name)) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kUserIdentifier.info.name);
  if (!found) return DiameterError::missing(avp::kUserName.info);
  return std::nullopt;
}

void AnswerOrigin::put(Writer& w) const {
  w.put(avp::kSessionId, session_id);
  if (result_code) w.put(avp::kResultCode, *result_code);
  if (experimental_result) put_experimental_result(w, *experimental_result);
  w.put(avp::kAuthSessionState, auth_session_state);
  w.put(avp::kOriginHost, origin_host);
  w.put(avp::kOriginRealm, origin_realm);
  if (error_message) w.put(avp::kErrorMessage, *error_message);
}

bool AnswerOrigin::take(const AvpView& a, MaybeError& err) {
  switch (avp_key(a)) {
    case avp_key(avp::kSessionId): err = get(a, avp::kSessionId, session_id); return true;
    case avp_key(avp::kResultCode): err = get(a, avp::kResultCode, result_code); return true;
    case avp_key(avp::kExperimentalResult):
      experimental_result.emplace();
      err = get_experimental_result(a, *experimental_result);
      return true;
    case avp_key(avp::kAuthSessionState): err = get(a, avp::kAuthSessionState, auth_session_state); return true;
    case avp_key(avp::kOriginHost): err = get(a, avp::kOriginHost, origin_host); return true;
    case avp_key(avp::kOriginRealm): err = get(a, avp::kOriginRealm, origin_realm); return true;
    case avp_key(avp::kErrorMessage): err = get(a, avp::kErrorMessage, error_message); return true;
  }
  return false;
}

MaybeError AnswerOrigin::check_present() const {
  if (session_id.empty()) return DiameterError::missing(avp::kSessionId.info);
  if (!result_code && !experimental_result) return DiameterError::missing(avp::kResultCode.info);
  if (origin_host.empty()) return DiameterError::missing(avp::kOriginHost.info);
  if (origin_realm.empty()) return DiameterError::missing(avp::kOriginRealm.info);
  return std::nullopt;
}

bool AnswerOrigin::succeeded() const noexcept { return result_code && *result_code == result::kSuccess; }

}  // namespace iotboot::diameter
