// The subscriber's identity as the 3GPP applications carry it: an IMSI in User-Name, alone
// (S6a) or inside User-Identifier (S6t, T6a).
#pragma once

#include <string_view>

#include "diameter/base/fields.hpp"

namespace iotboot::diameter {

// User-Name holding an IMSI (S6a, and inside User-Identifier and IoT-Key-Set on S6t/T6a): 6 to
// 15 decimal digits, else 5004 with the AVP (a name that could be anything never reaches a
// handler, a log line or a store).
MaybeError get_imsi(const AvpView& a, std::string_view& imsi);

// User-Identifier { User-Name } (TS 29.336 §8.4.2): the IMSI on S6t and T6a.
void put_user_identifier(Writer& w, std::string_view user_name);
MaybeError get_user_identifier(const AvpView& group, std::string_view& user_name);

}  // namespace iotboot::diameter
