#include "diameter/answer.hpp"

#include "diameter/base/fields.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::diameter {

void write_error_answer(Writer& w, const MessageView& request, const LocalIdentity& self, const DiameterError& error) {
  const Header& h = request.header();
  std::uint8_t flags = h.flags & kFlagProxiable;
  if (error.experimental_vendor == 0 && result::is_protocol_error(error.result_code)) flags |= kFlagError;
  const std::size_t m = w.begin_message(flags, h.command, h.application, h.hop_by_hop, h.end_to_end);
  if (auto sid = request.session_id()) w.put(avp::kSessionId, *sid);
  if (error.experimental_vendor != 0) {
    put_experimental_result(w, {error.experimental_vendor, error.result_code});
  } else {
    w.put(avp::kResultCode, error.result_code);
  }
  if (h.application != 0) w.put(avp::kAuthSessionState, avp::kNoStateMaintained);
  w.put(avp::kOriginHost, self.origin_host);
  w.put(avp::kOriginRealm, self.origin_realm);
  if (!error.message.empty()) w.put(avp::kErrorMessage, error.message);
  if (!error.failed_avp.empty()) {
    const std::size_t g = w.begin_group(avp::kFailedAvp);
    w.put_raw(error.failed_avp);
    w.end_group(g);
  }
  w.end_message(m);
}

}  // namespace iotboot::diameter
