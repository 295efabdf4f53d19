#include "flag_values.hpp"

#include "core/fqdn.hpp"

namespace iotboot::cli {

crypto::Sqn sqn_value(std::string_view flag, std::string_view text) {
  return crypto::Sqn::from_bytes(hex_value<6>(flag, text));
}

Plmn plmn_value(std::string_view flag, std::string_view text) {
  auto plmn = Plmn::parse(text);
  if (!plmn) throw UsageError(std::string(flag), plmn.error().reason);
  return plmn.value();
}

std::string fqdn_value(std::string_view flag, std::string_view text) {
  if (auto why = check_fqdn(text)) throw UsageError(std::string(flag), "not a valid FQDN: " + *why);
  return std::string(text);
}

}  // namespace iotboot::cli
