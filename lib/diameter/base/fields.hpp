// Helpers the typed messages share: reading one AVP's value by its definition (with the
// proper error when it does not fit) for the grammars' bindings, the head every request and
// answer carries (its grammar too), and Experimental-Result.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"
#include "core/secret.hpp"
#include "diameter/base/avps.hpp"
#include "diameter/error.hpp"
#include "diameter/grammar.hpp"
#include "diameter/message.hpp"
#include "diameter/writer.hpp"

namespace iotboot::diameter {

// get(avp, def, out): decodes the value into out, or returns the error to answer with.
MaybeError get(const AvpView& a, const AvpDef<Unsigned32>& d, std::uint32_t& out);
MaybeError get(const AvpView& a, const AvpDef<Enumerated>& d, std::uint32_t& out);
MaybeError get(const AvpView& a, const AvpDef<Utf8String>& d, std::string_view& out);
MaybeError get(const AvpView& a, const AvpDef<DiameterIdentity>& d, std::string_view& out);
MaybeError get(const AvpView& a, const AvpDef<OctetString>& d, ByteView& out);
MaybeError get_fixed(const AvpView& a, const AvpInfo& info, MutableByteView out);
template <std::size_t N>
MaybeError get(const AvpView& a, const AvpDef<OctetString>& d, Bytes<N>& out) {
  return get_fixed(a, d.info, out);
}
template <std::size_t N>
MaybeError get(const AvpView& a, const AvpDef<OctetString>& d, Secret<N>& out) {
  return get_fixed(a, d.info, MutableByteView(out.data(), N));
}
template <typename T, typename V>
MaybeError get(const AvpView& a, const AvpDef<T>& d, std::optional<V>& out) {
  out.emplace();
  return get(a, d, *out);
}

struct ExperimentalResult {
  std::uint32_t vendor_id = 0;
  std::uint32_t code = 0;
  friend bool operator==(const ExperimentalResult&, const ExperimentalResult&) = default;
};

// < Session-Id > { Auth-Session-State } { Origin-Host } { Origin-Realm } [ Destination-Host ]
// { Destination-Realm }: the head of every S6a/S6t/T6a request.
struct RequestRouting {
  std::string_view session_id;
  std::string_view origin_host;
  std::string_view origin_realm;
  std::optional<std::string_view> destination_host;
  std::string_view destination_realm;
  std::uint32_t auth_session_state = avp::kNoStateMaintained;

  friend bool operator==(const RequestRouting& a, const RequestRouting& b) {
    return a.session_id == b.session_id && a.origin_host == b.origin_host && a.origin_realm == b.origin_realm &&
           a.destination_host == b.destination_host && a.destination_realm == b.destination_realm &&
           a.auth_session_state == b.auth_session_state;
  }

  void put(Writer& w) const;
};

// < Session-Id > [ Result-Code ] [ Experimental-Result ] { Auth-Session-State } { Origin-Host }
// { Origin-Realm } [ Error-Message ]: the head of every S6a/S6t/T6a answer.
struct AnswerOrigin {
  std::string_view session_id;
  std::optional<std::uint32_t> result_code;
  std::optional<ExperimentalResult> experimental_result;
  std::uint32_t auth_session_state = avp::kNoStateMaintained;
  std::string_view origin_host;
  std::string_view origin_realm;
  std::optional<std::string_view> error_message;

  friend bool operator==(const AnswerOrigin&, const AnswerOrigin&) = default;

  void put(Writer& w) const;
  // 2001 in Result-Code.
  bool succeeded() const noexcept;
  // Result-Code or Experimental-Result: one of them must be there.
  MaybeError check_result() const;
};

// The grammar of the head of a request (RequestRouting) or an answer (AnswerOrigin), for a
// message M that holds it as `routing` or `origin`.
template <typename M>
constexpr std::array<Rule<M>, 6> request_head() {
  return {{
      {&avp::kSessionId.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kSessionId, m.routing.session_id); }},
      {&avp::kAuthSessionState.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kAuthSessionState, m.routing.auth_session_state); }},
      {&avp::kOriginHost.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kOriginHost, m.routing.origin_host); }},
      {&avp::kOriginRealm.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kOriginRealm, m.routing.origin_realm); }},
      {&avp::kDestinationHost.info, Occurs::optional,
       [](const AvpView& a, M& m) { return get(a, avp::kDestinationHost, m.routing.destination_host); }},
      {&avp::kDestinationRealm.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kDestinationRealm, m.routing.destination_realm); }},
  }};
}

MaybeError get_experimental_result(const AvpView& a, ExperimentalResult& out);

template <typename M>
constexpr std::array<Rule<M>, 7> answer_head() {
  return {{
      {&avp::kSessionId.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kSessionId, m.origin.session_id); }},
      {&avp::kResultCode.info, Occurs::optional,
       [](const AvpView& a, M& m) { return get(a, avp::kResultCode, m.origin.result_code); }},
      {&avp::kExperimentalResult.info, Occurs::optional,
       [](const AvpView& a, M& m) { return get_experimental_result(a, m.origin.experimental_result.emplace()); }},
      {&avp::kAuthSessionState.info, Occurs::optional,
       [](const AvpView& a, M& m) { return get(a, avp::kAuthSessionState, m.origin.auth_session_state); }},
      {&avp::kOriginHost.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kOriginHost, m.origin.origin_host); }},
      {&avp::kOriginRealm.info, Occurs::one,
       [](const AvpView& a, M& m) { return get(a, avp::kOriginRealm, m.origin.origin_realm); }},
      {&avp::kErrorMessage.info, Occurs::optional,
       [](const AvpView& a, M& m) { return get(a, avp::kErrorMessage, m.origin.error_message); }},
  }};
}

void put_experimental_result(Writer& w, const ExperimentalResult& r);
}  // namespace iotboot::diameter
