#include "diameter/apps/t6a.hpp"

#include "diameter/apps/avps_3gpp.hpp"

namespace iotboot::diameter::t6a {

void ReportingInformationRequest::encode(Writer& w, std::uint32_t hop_by_hop, std::uint32_t end_to_end) const {
  const std::size_t m =
      w.begin_message(kFlagRequest | kFlagProxiable, kCommand, kApplicationId, hop_by_hop, end_to_end);
  routing.put(w);
  put_user_identifier(w, user_name);
  w.put(avp::kIotAuthResult, static_cast<std::uint32_t>(auth_result));
  w.put(avp::kRand, rand);
  if (guti) w.put(avp::kIotGuti, *guti);
  w.end_message(m);
}

Result<ReportingInformationRequest, DiameterError> ReportingInformationRequest::decode(const MessageView& m) {
  ReportingInformationRequest r;
  AvpCursor c = m.avps();
  AvpView a;
  bool user = false, result = false, rand = false;
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
      case avp_key(avp::kIotAuthResult): {
        result = true;
        std::uint32_t v = 0;
        err = get(a, avp::kIotAuthResult, v);
        if (!err && v > 1) err = DiameterError::invalid_value(a.wire, avp::kIotAuthResult.info.name);
        r.auth_result = static_cast<avp::IotAuthResult>(v);
        break;
      }
      case avp_key(avp::kRand):
        rand = true;
        err = get(a, avp::kRand, r.rand);
        break;
      case avp_key(avp::kIotGuti): err = get(a, avp::kIotGuti, r.guti); break;
    }
    if (err) return *err;
  }
  if (c.failed()) return malformed();
  if (auto err = r.routing.check_present()) return *err;
  if (!user) return DiameterError::missing(avp::kUserIdentifier.info);
  if (!result) return DiameterError::missing(avp::kIotAuthResult.info);
  if (!rand) return DiameterError::missing(avp::kRand.info);
  if (r.auth_result == avp::IotAuthResult::success && !r.guti) return DiameterError::missing(avp::kIotGuti.info);
  return r;
}

}  // namespace iotboot::diameter::t6a
