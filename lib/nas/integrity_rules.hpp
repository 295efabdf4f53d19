// Which EMM messages may be processed without integrity protection (TS 24.301 §4.4.4.2 at the
// UE, §4.4.4.3 at the MME). Before the secure exchange of NAS messages is established on a
// connection only these may; once it is established, no unprotected message is processed at all
// (the MME still takes an unprotected ATTACH REQUEST as the start of a new attach, which runs in
// a context of its own).
#pragma once

#include "nas/emm.hpp"

namespace iotboot::nas {

// ATTACH REQUEST, IDENTITY RESPONSE, AUTHENTICATION RESPONSE, AUTHENTICATION FAILURE, SECURITY
// MODE REJECT, DETACH REQUEST, DETACH ACCEPT.
bool mme_may_process_unprotected(const EmmMessage& m) noexcept;

// IDENTITY REQUEST (for the IMSI), AUTHENTICATION REQUEST, AUTHENTICATION REJECT, ATTACH
// REJECT (unless #25), DETACH ACCEPT.
bool ue_may_process_unprotected(const EmmMessage& m) noexcept;

}  // namespace iotboot::nas
