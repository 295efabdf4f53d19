#include "as/key_client.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <ctime>

#include "core/hex.hpp"
#include "core/secret_text.hpp"
#include "net/tls.hpp"

namespace iotboot::as {
namespace {

std::int64_t parse_rfc3339(const std::string& s) {
  std::tm tm{};
  if (strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

// JSON whose strings wipe themselves (the parser's token buffer included).
using SecretJson = nlohmann::basic_json<std::map, std::vector, SecretText>;

// {"ksAs": "<64 hex>", "expiry": "<RFC 3339>"}: false unless ksAs is there and valid.
bool parse_answer(const SecretText& body, Key256& key, std::int64_t& expiry_s) {
  const SecretJson j = SecretJson::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return false;
  const auto ks = j.find("ksAs");
  if (ks == j.end() || !ks->is_string()) return false;
  if (parse_hex_exact(ks->get_ref<const SecretText&>(), MutableByteView(key.data(), key.size()))) return false;
  const auto expiry = j.find("expiry");
  if (expiry != j.end() && expiry->is_string()) {
    expiry_s = parse_rfc3339(std::string(std::string_view(expiry->get_ref<const SecretText&>())));
  }
  return true;
}

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

KeyClient::KeyClient(const AsConfig& config)
    : config_(config),
      tls_(net::make_client_tls(config.certificate, config.private_key, config.ca)),
      client_(tls_, config.scef_address, config.scef_port, config.scef_host, config.key_fetch_timeout),
      keys_(config.key_cache_entries),
      refusals_(config.refusal_cache_entries) {}

KeyClient::~KeyClient() = default;  // the cached Key256 values wipe themselves

KeyClient::Stats KeyClient::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::optional<Key256> KeyClient::ks_as(const std::string& guti) {
  const std::int64_t now = unix_ms();
  std::lock_guard lock(mutex_);
  if (const Key256* key = keys_.find(guti, now)) {
    ++stats_.cached;
    return *key;
  }
  if (refusals_.find(guti, now)) {
    ++stats_.refusal_cached;
    spdlog::debug("[as {}] no key for {}: refused by the SCEF moments ago", config_.id, guti);
    return std::nullopt;
  }
  auto reply = client_.post("/iotboot-keys/v1/retrieve", nlohmann::json{{"guti", guti}, {"asId", config_.id}}.dump());
  if (!reply) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API: {}", config_.id, reply.error().reason);
    return std::nullopt;
  }
  if (reply->status != 200) {
    // 503 and other server errors are transient: asked again next time.
    if (reply->status >= 400 && reply->status < 500) {
      ++stats_.refused;
      refusals_.put(guti, true, now + config_.refusal_cache.count());
    } else {
      ++stats_.failed;
    }
    spdlog::info("[as {}] no key for {}: HTTP {}", config_.id, guti, reply->status);
    return std::nullopt;
  }
  Key256 key;
  std::int64_t expiry_s = 0;
  const bool valid = parse_answer(reply->body, key, expiry_s);
  burn_stack();  // the JSON parser's own frames saw the key's hex
  if (!valid) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API answer without a valid ksAs", config_.id);
    return std::nullopt;
  }
  ++stats_.fetched;
  spdlog::debug("[as {}] Ks_AS for {} fetched from the SCEF", config_.id, guti);
  keys_.put(guti, key, expiry_s > 0 ? expiry_s * 1000 : now + 60'000);
  return key;
}

}  // namespace iotboot::as
