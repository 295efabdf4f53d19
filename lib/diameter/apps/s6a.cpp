#include "diameter/apps/s6a.hpp"

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/iot_avps.hpp"

namespace iotboot::diameter::s6a {
namespace {

// Requested-EUTRAN-Authentication-Info ::= [ Number-Of-Requested-Vectors ]
//   [ Immediate-Response-Preferred ] [ Re-synchronization-Info ]
constexpr std::array<Rule<RequestedEutranAuthInfo>, 3> kRequestedEutran = {{
    {&avp::kNumberOfRequestedVectors.info, Occurs::optional,
     [](const AvpView& a, RequestedEutranAuthInfo& r) {
       return get(a, avp::kNumberOfRequestedVectors, r.number_of_requested_vectors);
     }},
    {&avp::kImmediateResponsePreferred.info, Occurs::optional,
     [](const AvpView& a, RequestedEutranAuthInfo& r) {
       return get(a, avp::kImmediateResponsePreferred, r.immediate_response_preferred);
     }},
    {&avp::kReSynchronizationInfo.info, Occurs::optional,
     [](const AvpView& a, RequestedEutranAuthInfo& r) {
       return get(a, avp::kReSynchronizationInfo, r.resynchronization_info);
     }},
}};

// E-UTRAN-Vector ::= [ Item-Number ] { RAND } { XRES } { AUTN } { KASME } [ IoT-Ks ]
//   [ IoT-Key-Lifetime ]
constexpr std::array<Rule<EutranVector>, 7> kEutranVector = {{
    {&avp::kItemNumber.info, Occurs::optional,
     [](const AvpView& a, EutranVector& v) { return get(a, avp::kItemNumber, v.item_number); }},
    {&avp::kRand.info, Occurs::one, [](const AvpView& a, EutranVector& v) { return get(a, avp::kRand, v.rand); }},
    {&avp::kXres.info, Occurs::one,
     [](const AvpView& a, EutranVector& v) -> MaybeError {
       if (a.data.size() < 4 || a.data.size() > 16) return DiameterError::invalid_value(a.wire, avp::kXres.info.name);
       v.xres.size = static_cast<std::uint8_t>(a.data.size());
       std::copy(a.data.begin(), a.data.end(), v.xres.bytes.begin());
       return std::nullopt;
     }},
    {&avp::kAutn.info, Occurs::one, [](const AvpView& a, EutranVector& v) { return get(a, avp::kAutn, v.autn); }},
    {&avp::kKasme.info, Occurs::one, [](const AvpView& a, EutranVector& v) { return get(a, avp::kKasme, v.kasme); }},
    {&avp::kIotKs.info, Occurs::optional, [](const AvpView& a, EutranVector& v) { return get(a, avp::kIotKs, v.ks); }},
    {&avp::kIotKeyLifetime.info, Occurs::optional,
     [](const AvpView& a, EutranVector& v) { return get(a, avp::kIotKeyLifetime, v.ks_lifetime_s); }},
}};

// Authentication-Info ::= *[ E-UTRAN-Vector ] (the UTRAN and GERAN vectors are not used)
constexpr std::array<Rule<std::vector<EutranVector>>, 1> kAuthenticationInfo = {{
    {&avp::kEutranVector.info, Occurs::any,
     [](const AvpView& a, std::vector<EutranVector>& out) {
       return decode_group(a, avp::kEutranVector.info, kEutranVector, out.emplace_back());
     }},
}};

// IoT-Notify-SCEF ::= [ SCEF-ID ] [ Destination-Realm ]: without a SCEF-ID, any SCEF of the realm
constexpr std::array<Rule<IotNotifyScef>, 2> kNotifyScef = {{
    {&avp::kScefId.info, Occurs::optional,
     [](const AvpView& a, IotNotifyScef& n) { return get(a, avp::kScefId, n.scef_id); }},
    {&avp::kDestinationRealm.info, Occurs::optional,
     [](const AvpView& a, IotNotifyScef& n) { return get(a, avp::kDestinationRealm, n.destination_realm); }},
}};

// AIR ::= < Session-Id > ... { User-Name } [ Requested-EUTRAN-Authentication-Info ]
//   { Visited-PLMN-Id } (TS 29.272 §7.2.5)
constexpr auto kAir = join(
    request_head<AuthenticationInformationRequest>(),
    std::array<Rule<AuthenticationInformationRequest>, 3>{{
        {&avp::kUserName.info, Occurs::one,
         [](const AvpView& a, AuthenticationInformationRequest& r) { return get_imsi(a, r.user_name); }},
        {&avp::kVisitedPlmnId.info, Occurs::one,
         [](const AvpView& a, AuthenticationInformationRequest& r) {
           return get(a, avp::kVisitedPlmnId, r.visited_plmn_id);
         }},
        {&avp::kRequestedEutranAuthenticationInfo.info, Occurs::optional,
         [](const AvpView& a, AuthenticationInformationRequest& r) {
           return decode_group(a, avp::kRequestedEutranAuthenticationInfo.info, kRequestedEutran, r.eutran.emplace());
         }},
    }});

// AIA ::= < Session-Id > ... [ Authentication-Info ] [ IoT-Notify-SCEF ] (TS 29.272 §7.2.6)
constexpr auto kAia =
    join(answer_head<AuthenticationInformationAnswer>(),
         std::array<Rule<AuthenticationInformationAnswer>, 2>{{
             {&avp::kAuthenticationInfo.info, Occurs::optional,
              [](const AvpView& a, AuthenticationInformationAnswer& r) {
                return decode_group(a, avp::kAuthenticationInfo.info, kAuthenticationInfo, r.vectors);
              }},
             {&avp::kIotNotifyScef.info, Occurs::optional,
              [](const AvpView& a, AuthenticationInformationAnswer& r) {
                return decode_group(a, avp::kIotNotifyScef.info, kNotifyScef, r.notify_scef.emplace());
              }},
         }});

}  // namespace

void AuthenticationInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  routing.put(w);
  w.put(avp::kUserName, user_name);
  if (eutran) {
    const std::size_t g = w.begin_group(avp::kRequestedEutranAuthenticationInfo);
    if (eutran->number_of_requested_vectors)
      w.put(avp::kNumberOfRequestedVectors, *eutran->number_of_requested_vectors);
    if (eutran->immediate_response_preferred) {
      w.put(avp::kImmediateResponsePreferred, *eutran->immediate_response_preferred);
    }
    if (eutran->resynchronization_info) w.put(avp::kReSynchronizationInfo, *eutran->resynchronization_info);
    w.end_group(g);
  }
  w.put(avp::kVisitedPlmnId, visited_plmn_id);
  w.end_message(m);
}

Result<AuthenticationInformationRequest, DiameterError> AuthenticationInformationRequest::decode(const MessageView& m) {
  AuthenticationInformationRequest r;
  if (auto err = decode_message(m, kAir, r)) return *err;
  return r;
}

void AuthenticationInformationAnswer::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = begin(w, hop_by_hop, end_to_end);
  origin.put(w);
  if (!vectors.empty()) {
    const std::size_t info = w.begin_group(avp::kAuthenticationInfo);
    for (const EutranVector& v : vectors) {
      const std::size_t g = w.begin_group(avp::kEutranVector);
      if (v.item_number) w.put(avp::kItemNumber, *v.item_number);
      w.put(avp::kRand, v.rand);
      w.put(avp::kXres, v.xres.view());
      w.put(avp::kAutn, v.autn);
      w.put(avp::kKasme, v.kasme);
      if (v.ks) w.put(avp::kIotKs, *v.ks);
      if (v.ks_lifetime_s) w.put(avp::kIotKeyLifetime, *v.ks_lifetime_s);
      w.end_group(g);
    }
    w.end_group(info);
  }
  if (notify_scef) {
    const std::size_t g = w.begin_group(avp::kIotNotifyScef);
    if (notify_scef->scef_id) w.put(avp::kScefId, *notify_scef->scef_id);
    if (notify_scef->destination_realm) w.put(avp::kDestinationRealm, *notify_scef->destination_realm);
    w.end_group(g);
  }
  w.end_message(m);
}

Result<AuthenticationInformationAnswer, DiameterError> AuthenticationInformationAnswer::decode(const MessageView& m) {
  AuthenticationInformationAnswer r;
  if (auto err = decode_message(m, kAia, r)) return *err;
  if (auto err = r.origin.check_result()) return *err;
  return r;
}

}  // namespace iotboot::diameter::s6a
