#include "diameter/apps/s6a.hpp"

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/iot_avps.hpp"

namespace iotboot::diameter::s6a {
namespace {

MaybeError decode_requested_eutran(const AvpView& group, RequestedEutranAuthInfo& out) {
  AvpCursor c(group.data);
  AvpView a;
  while (c.next(a)) {
    MaybeError err;
    switch (avp_key(a)) {
      case avp_key(avp::kNumberOfRequestedVectors):
        err = get(a, avp::kNumberOfRequestedVectors, out.number_of_requested_vectors);
        break;
      case avp_key(avp::kImmediateResponsePreferred):
        err = get(a, avp::kImmediateResponsePreferred, out.immediate_response_preferred);
        break;
      case avp_key(avp::kReSynchronizationInfo):
        err = get(a, avp::kReSynchronizationInfo, out.resynchronization_info);
        break;
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kRequestedEutranAuthenticationInfo.info.name);
  return std::nullopt;
}

MaybeError decode_vector(const AvpView& group, EutranVector& v) {
  AvpCursor c(group.data);
  AvpView a;
  bool rand = false, xres = false, autn = false, kasme = false;
  while (c.next(a)) {
    MaybeError err;
    switch (avp_key(a)) {
      case avp_key(avp::kItemNumber): err = get(a, avp::kItemNumber, v.item_number); break;
      case avp_key(avp::kRand):
        rand = true;
        err = get(a, avp::kRand, v.rand);
        break;
      case avp_key(avp::kXres):
        xres = true;
        if (a.data.size() < 4 || a.data.size() > 16) return DiameterError::invalid_value(a.wire, avp::kXres.info.name);
        v.xres.size = static_cast<std::uint8_t>(a.data.size());
        std::copy(a.data.begin(), a.data.end(), v.xres.bytes.begin());
        break;
      case avp_key(avp::kAutn):
        autn = true;
        err = get(a, avp::kAutn, v.autn);
        break;
      case avp_key(avp::kKasme):
        kasme = true;
        err = get(a, avp::kKasme, v.kasme);
        break;
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kEutranVector.info.name);
  if (!rand) return DiameterError::missing(avp::kRand.info);
  if (!xres) return DiameterError::missing(avp::kXres.info);
  if (!autn) return DiameterError::missing(avp::kAutn.info);
  if (!kasme) return DiameterError::missing(avp::kKasme.info);
  return std::nullopt;
}

MaybeError decode_authentication_info(const AvpView& group, std::vector<EutranVector>& out) {
  AvpCursor c(group.data);
  AvpView a;
  while (c.next(a)) {
    if (avp_key(a) != avp_key(avp::kEutranVector)) continue;
    out.emplace_back();
    if (auto err = decode_vector(a, out.back())) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kAuthenticationInfo.info.name);
  return std::nullopt;
}

MaybeError decode_notify_scef(const AvpView& group, IotNotifyScef& out) {
  AvpCursor c(group.data);
  AvpView a;
  bool scef = false;
  while (c.next(a)) {
    MaybeError err;
    if (avp_key(a) == avp_key(avp::kScefId)) {
      scef = true;
      err = get(a, avp::kScefId, out.scef_id);
    } else if (avp_key(a) == avp_key(avp::kDestinationRealm)) {
      err = get(a, avp::kDestinationRealm, out.destination_realm);
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kIotNotifyScef.info.name);
  if (!scef) return DiameterError::missing(avp::kScefId.info);
  return std::nullopt;
}

}  // namespace

void AuthenticationInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m =
      w.begin_message(kFlagRequest | kFlagProxiable, kCommand, kApplicationId, hop_by_hop, end_to_end);
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
  AvpCursor c = m.avps();
  AvpView a;
  bool user = false, plmn = false;
  while (c.next(a)) {
    MaybeError err;
    if (r.routing.take(a, err)) {
      if (err) return *err;
      continue;
    }
    switch (avp_key(a)) {
      case avp_key(avp::kUserName):
        user = true;
        err = get_imsi(a, r.user_name);
        break;
      case avp_key(avp::kVisitedPlmnId):
        plmn = true;
        err = get(a, avp::kVisitedPlmnId, r.visited_plmn_id);
        break;
      case avp_key(avp::kRequestedEutranAuthenticationInfo):
        r.eutran.emplace();
        err = decode_requested_eutran(a, *r.eutran);
        break;
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = r.routing.check_present()) return *err;
  if (!user) return DiameterError::missing(avp::kUserName.info);
  if (!plmn) return DiameterError::missing(avp::kVisitedPlmnId.info);
  return r;
}

void AuthenticationInformationAnswer::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m = w.begin_message(kFlagProxiable, kCommand, kApplicationId, hop_by_hop, end_to_end);
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
      w.end_group(g);
    }
    w.end_group(info);
  }
  if (notify_scef) {
    const std::size_t g = w.begin_group(avp::kIotNotifyScef);
    w.put(avp::kScefId, notify_scef->scef_id);
    if (notify_scef->destination_realm) w.put(avp::kDestinationRealm, *notify_scef->destination_realm);
    w.end_group(g);
  }
  w.end_message(m);
}

Result<AuthenticationInformationAnswer, DiameterError> AuthenticationInformationAnswer::decode(const MessageView& m) {
  AuthenticationInformationAnswer r;
  AvpCursor c = m.avps();
  AvpView a;
  while (c.next(a)) {
    MaybeError err;
    if (r.origin.take(a, err)) {
      if (err) return *err;
      continue;
    }
    switch (avp_key(a)) {
      case avp_key(avp::kAuthenticationInfo): err = decode_authentication_info(a, r.vectors); break;
      case avp_key(avp::kIotNotifyScef):
        r.notify_scef.emplace();
        err = decode_notify_scef(a, *r.notify_scef);
        break;
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = r.origin.check_present()) return *err;
  return r;
}

}  // namespace iotboot::diameter::s6a
