#include "diameter/base/fields.hpp"

#include <cstring>

#include "diameter/result_codes.hpp"

namespace iotboot::diameter {

namespace {

// A decoded value into out, or the error (5014 for a wrong size, 5004 for a bad value).
template <typename V>
MaybeError take(const AvpView& a, const AvpInfo& info, std::optional<V> value, V& out, bool size_error) {
  if (!value)
    return size_error ? DiameterError::invalid_length(a.wire, info.name)
                      : DiameterError::invalid_value(a.wire, info.name);
  out = *value;
  return std::nullopt;
}

}  // namespace

MaybeError get(const AvpView& a, const AvpDef<Unsigned32>& d, std::uint32_t& out) {
  return take(a, d.info, as_u32(a), out, true);
}

MaybeError get(const AvpView& a, const AvpDef<Enumerated>& d, std::uint32_t& out) {
  return take(a, d.info, as_u32(a), out, true);
}

MaybeError get(const AvpView& a, const AvpDef<Utf8String>& d, std::string_view& out) {
  return take(a, d.info, as_utf8(a), out, false);
}

MaybeError get(const AvpView& a, const AvpDef<DiameterIdentity>& d, std::string_view& out) {
  return take(a, d.info, as_identity(a), out, false);
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

void put_experimental_result(Writer& w, const ExperimentalResult& r) {
  const std::size_t g = w.begin_group(avp::kExperimentalResult);
  w.put(avp::kVendorId, r.vendor_id);
  w.put(avp::kExperimentalResultCode, r.code);
  w.end_group(g);
}

MaybeError get_experimental_result(const AvpView& group, ExperimentalResult& out) {
  static constexpr std::array<Rule<ExperimentalResult>, 2> kGrammar = {{
      {&avp::kVendorId.info, Occurs::one,
       [](const AvpView& a, ExperimentalResult& r) { return get(a, avp::kVendorId, r.vendor_id); }},
      {&avp::kExperimentalResultCode.info, Occurs::one,
       [](const AvpView& a, ExperimentalResult& r) { return get(a, avp::kExperimentalResultCode, r.code); }},
  }};
  return decode_group(group, avp::kExperimentalResult.info, kGrammar, out);
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

bool AnswerOrigin::succeeded() const noexcept { return result_code && *result_code == result::kSuccess; }

MaybeError AnswerOrigin::check_result() const {
  if (!result_code && !experimental_result) return DiameterError::missing(avp::kResultCode.info);
  return std::nullopt;
}

}  // namespace iotboot::diameter
