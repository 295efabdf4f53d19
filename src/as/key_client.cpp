#include "as/key_client.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

#include "core/hex.hpp"
#include "net/tls.hpp"

namespace iotboot::as {
namespace {

std::int64_t parse_rfc3339(const std::string& s) {
  std::tm tm{};
  if (strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

KeyClient::KeyClient(const AsConfig& config)
    : config_(config),
      tls_(net::make_client_tls(config.certificate, config.private_key, config.ca)),
      client_(tls_, config.scef_address, config.scef_port, config.scef_host, config.key_fetch_timeout) {}

KeyClient::~KeyClient() {
  std::lock_guard lock(mutex_);
  cache_.clear();  // Key256 wipes itself
}

KeyClient::Stats KeyClient::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::optional<Key256> KeyClient::ks_as(const std::string& guti) {
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(guti); it != cache_.end()) {
    if (it->second.expires_at > now) {
      ++stats_.cached;
      return it->second.key;
    }
    cache_.erase(it);
  }
  auto reply = client_.post("/iotboot-keys/v1/retrieve", nlohmann::json{{"guti", guti}, {"asId", config_.id}}.dump());
  if (!reply) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API: {}", config_.id, reply.error().reason);
    return std::nullopt;
  }
  if (reply->status != 200) {
    ++stats_.refused;
    spdlog::info("[as {}] no key for {}: HTTP {}", config_.id, guti, reply->status);
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(reply->body, nullptr, false);
  Key256 key;
  std::string hex = j.is_object() && j.contains("ksAs") && j["ksAs"].is_string() ? j["ksAs"].get<std::string>() : "";
  const auto bad = parse_hex_exact(hex, MutableByteView(key.data(), key.size()));
  secure_wipe(hex.data(), hex.size());
  secure_wipe(reply->body.data(), reply->body.size());
  if (bad) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API answer without a valid ksAs", config_.id);
    return std::nullopt;
  }
  ++stats_.fetched;
  spdlog::debug("[as {}] Ks_AS for {} fetched from the SCEF", config_.id, guti);
  const std::int64_t expiry = j.contains("expiry") && j["expiry"].is_string() ? parse_rfc3339(j["expiry"]) : now + 60;
  cache_[guti] = Entry{key, expiry};
  return key;
}

}  // namespace iotboot::as
