#include "nas/integrity_rules.hpp"

namespace iotboot::nas {

bool mme_may_process_unprotected(const EmmMessage& m) noexcept {
  return std::holds_alternative<AttachRequest>(m) || std::holds_alternative<IdentityResponse>(m) ||
         std::holds_alternative<AuthenticationResponse>(m) || std::holds_alternative<AuthenticationFailure>(m) ||
         std::holds_alternative<SecurityModeReject>(m) || std::holds_alternative<DetachRequest>(m) ||
         std::holds_alternative<DetachAccept>(m);
}

bool ue_may_process_unprotected(const EmmMessage& m) noexcept {
  if (const auto* r = std::get_if<IdentityRequest>(&m)) return r->identity_type == 1;  // IMSI
  if (const auto* r = std::get_if<AttachReject>(&m)) return r->cause != 25;  // #25: not authorized for this CSG
  return std::holds_alternative<AuthenticationRequest>(m) || std::holds_alternative<AuthenticationReject>(m) ||
         std::holds_alternative<DetachAccept>(m);
}

}  // namespace iotboot::nas
