#include "diameter/apps/user_identifier.hpp"

#include "core/imsi.hpp"
#include "diameter/apps/avps_3gpp.hpp"

namespace iotboot::diameter {

void put_user_identifier(Writer& w, std::string_view user_name) {
  const std::size_t g = w.begin_group(avp::kUserIdentifier);
  w.put(avp::kUserName, user_name);
  w.end_group(g);
}

MaybeError get_imsi(const AvpView& a, std::string_view& imsi) {
  if (auto err = get(a, avp::kUserName, imsi)) return err;
  if (check_imsi(imsi)) return DiameterError::invalid_value(a.wire, avp::kUserName.info.name);
  return std::nullopt;
}

MaybeError get_user_identifier(const AvpView& group, std::string_view& user_name) {
  static constexpr std::array<Rule<std::string_view>, 1> kGrammar = {{
      {&avp::kUserName.info, Occurs::one, [](const AvpView& a, std::string_view& name) { return get_imsi(a, name); }},
  }};
  return decode_group(group, avp::kUserIdentifier.info, kGrammar, user_name);
}

}  // namespace iotboot::diameter
