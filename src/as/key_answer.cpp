#include "as/key_answer.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <string>

#include "core/external_identifier.hpp"
#include "core/hex.hpp"
#include "core/secret_text.hpp"

namespace iotboot::as {
namespace {

// JSON whose strings wipe themselves (the parser's token buffer included).
using SecretJson = nlohmann::basic_json<std::map, std::vector, SecretText>;

std::int64_t parse_rfc3339(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string text_of(const SecretJson& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  const SecretText& t = it->get_ref<const SecretText&>();
  return t.size() <= 512 ? std::string(t.begin(), t.end()) : std::string();
}

bool is_pseudonym(std::string_view s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

DeviceIdentity device_identity(const SecretJson& j) {
  DeviceIdentity d{text_of(j, "deviceId"), text_of(j, "deviceIdType")};
  const bool valid =
      (d.type == "PSEUDONYM" && is_pseudonym(d.id)) || (d.type == "EXTERNAL_ID" && !check_external_identifier(d.id));
  return valid ? d : DeviceIdentity{};
}

bool parse(std::string_view body, KeyAnswer& out) {
  const SecretJson j = SecretJson::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return false;
  const auto ks = j.find("ksAs");
  if (ks == j.end() || !ks->is_string()) return false;
  if (parse_hex_exact(ks->get_ref<const SecretText&>(), MutableByteView(out.ks_as.data(), out.ks_as.size()))) {
    return false;
  }
  const auto expiry = j.find("expiry");
  if (expiry != j.end() && expiry->is_string()) {
    const SecretText& text = expiry->get_ref<const SecretText&>();
    if (text.size() < 64) out.expires_at = parse_rfc3339(std::string(text.begin(), text.end()));
  }
  out.device = device_identity(j);
  return true;
}

}  // namespace

bool parse_key_answer(std::string_view body, KeyAnswer& out) {
  const bool ok = parse(body, out);
  burn_stack();  // the parser's own frames saw the key's hex
  return ok;
}

}  // namespace iotboot::as
