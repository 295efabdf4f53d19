#include "diameter/apps/s6t.hpp"

#include "diameter/apps/avps_3gpp.hpp"
#include "diameter/apps/iot_avps.hpp"

namespace iotboot::diameter::s6t {
namespace {

MaybeError decode_key_set(const AvpView& group, IotKeySet& k) {
  AvpCursor c(group.data);
  AvpView a;
  bool user = false, rand = false, ks = false;
  while (c.next(a)) {
    MaybeError err;
    switch (avp_key(a)) {
      case avp_key(avp::kUserName):
        user = true;
        err = get_imsi(a, k.user_name);
        break;
      case avp_key(avp::kRand):
        rand = true;
        err = get(a, avp::kRand, k.rand);
        break;
      case avp_key(avp::kIotKs):
        ks = true;
        err = get(a, avp::kIotKs, k.ks);
        break;
      case avp_key(avp::kIotKeyLifetime): err = get(a, avp::kIotKeyLifetime, k.lifetime_s); break;
    }
    if (err) return err;
  }
  if (c.failed()) return DiameterError::invalid_length(group.wire, avp::kIotKeySet.info.name);
  if (!user) return DiameterError::missing(avp::kUserName.info);
  if (!rand) return DiameterError::missing(avp::kRand.info);
  if (!ks) return DiameterError::missing(avp::kIotKs.info);
  return std::nullopt;
}

}  // namespace

void ReportingInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m =
      w.begin_message(kFlagRequest | kFlagProxiable, kCommand, kApplicationId, hop_by_hop, end_to_end);
  routing.put(w);
  put_user_identifier(w, user_name);
  for (const IotKeySet& k : key_sets) {
    const std::size_t g = w.begin_group(avp::kIotKeySet);
    w.put(avp::kUserName, k.user_name);
    w.put(avp::kRand, k.rand);
    w.put(avp::kIotKs, k.ks);
    if (k.lifetime_s) w.put(avp::kIotKeyLifetime, *k.lifetime_s);
    w.end_group(g);
  }
  w.end_message(m);
}

Result<ReportingInformationRequest, DiameterError> ReportingInformationRequest::decode(const MessageView& m) {
  ReportingInformationRequest r;
  AvpCursor c = m.avps();
  AvpView a;
  bool user = false;
  std::vector<ByteView> set_wires;  // for a KeySet of another subscriber than the request's
  while (c.next(a)) {
    MaybeError err;
    if (r.routing.take(a, err)) {
      if (err) return *err;
      continue;
    }
    switch (avp_key(a)) {
      case avp_key(avp::kUserIdentifier):
        user = true;
        err = get_user_identifier(a, r.user_name);
        break;
      case avp_key(avp::kIotKeySet):
        r.key_sets.emplace_back();
        set_wires.push_back(a.wire);
        err = decode_key_set(a, r.key_sets.back());
        break;
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = r.routing.check_present()) return *err;
  if (!user) return DiameterError::missing(avp::kUserIdentifier.info);
  if (r.key_sets.empty()) return DiameterError::missing(avp::kIotKeySet.info);
  for (std::size_t i = 0; i < r.key_sets.size(); ++i) {
    if (r.key_sets[i].user_name != r.user_name)
      return DiameterError::invalid_value(set_wires[i], avp::kIotKeySet.info.name);
  }
  return r;
}

}  // namespace iotboot::diameter::s6t
