#include "scef/key_request.hpp"

#include <nlohmann/json.hpp>

#include "core/fqdn.hpp"
#include "nas/identities.hpp"

namespace iotboot::scef {

Result<KeyRequest> parse_key_request(std::string_view body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"the body is not a JSON object"};
  const auto guti = j.find("guti");
  const auto as_id = j.find("asId");
  if (guti == j.end() || !guti->is_string()) return Error{"\"guti\" is missing or not a string"};
  if (as_id == j.end() || !as_id->is_string()) return Error{"\"asId\" is missing or not a string"};
  auto g = nas::Guti::parse(guti->get<std::string>());
  if (!g) return Error{"\"guti\": " + g.error().reason};
  KeyRequest r;
  r.guti = g->binary();
  r.as_id = as_id->get<std::string>();
  if (auto why = check_fqdn(r.as_id)) return Error{"\"asId\" is not an FQDN: " + *why};
  return r;
}

}  // namespace iotboot::scef
