#include "as/key_client.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "as/key_answer.hpp"
#include "net/tls.hpp"

namespace iotboot::as {
namespace {

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

KeyClient::KeyClient(const AsConfig& config)
    : config_(config),
      tls_(net::make_client_tls(config.certificate, config.private_key, config.ca)),
      keys_(config.key_cache_entries),
      refusals_(config.refusal_cache_entries) {
  if (config.fetches_per_client_per_s > 0) {
    fetch_limit_.emplace(config.fetches_per_client_per_s, config.fetch_burst_per_client);
  }
  for (const ScefEndpoint& e : config.scef) {
    clients_.push_back(std::make_unique<net::HttpsClient>(tls_, e.address, e.port, e.host, config.key_fetch_timeout));
  }
}

KeyClient::~KeyClient() = default;  // the cached Key256 values wipe themselves

KeyClient::Stats KeyClient::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

KeyLookup KeyClient::ks_as(const std::string& guti, std::string_view client) {
  const std::int64_t now = unix_ms();
  std::lock_guard lock(mutex_);
  if (const CachedKey* cached = keys_.find(guti, now)) {
    ++stats_.cached;
    return {cached->ks_as, KeyLookup::Miss::none, cached->device, true};
  }
  if (refusals_.find(guti, now)) {
    ++stats_.refusal_cached;
    spdlog::debug("[as {}] no key for {}: refused by the SCEF moments ago", config_.id, guti);
    return {std::nullopt, KeyLookup::Miss::unknown};
  }
  // Only a fetch counts: a client repeating a GUTI the cache answers costs the SCEF nothing.
  if (fetch_limit_ && fetch_limit_->take(client, std::chrono::steady_clock::now())) {
    ++stats_.limited;
    spdlog::debug("[as {}] no key fetched for {}: {} is over its fetch limit", config_.id, guti, client);
    return {std::nullopt, KeyLookup::Miss::limited};
  }
  const std::string body = nlohmann::json{{"guti", guti}, {"asId", config_.id}}.dump();
  Result<net::HttpReply> reply = Error{"no SCEF configured"};
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    const std::size_t at = (preferred_ + i) % clients_.size();
    if (i > 0) ++stats_.failovers;
    reply = clients_[at]->post("/iotboot-keys/v1/retrieve", body);
    if (reply && reply->status != 503) {
      preferred_ = at;
      break;
    }
    const ScefEndpoint& e = config_.scef[at];
    spdlog::warn("[as {}] Key API at {}:{}: {}", config_.id, e.address, e.port,
                 reply ? "503 Service Unavailable" : reply.error().reason);
  }
  if (!reply) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API: {}", config_.id, reply.error().reason);
    return {std::nullopt, KeyLookup::Miss::unavailable};
  }
  if (reply->status != 200) {
    // 503 and other server errors are transient: asked again next time.
    const bool refused = reply->status >= 400 && reply->status < 500;
    if (refused) {
      ++stats_.refused;
      refusals_.put(guti, true, now + config_.refusal_cache.count());
    } else {
      ++stats_.failed;
    }
    spdlog::info("[as {}] no key for {}: HTTP {}", config_.id, guti, reply->status);
    return {std::nullopt, refused ? KeyLookup::Miss::unknown : KeyLookup::Miss::unavailable};
  }
  KeyAnswer answer;
  if (!parse_key_answer(std::string_view(reply->body.data(), reply->body.size()), answer)) {
    ++stats_.failed;
    spdlog::warn("[as {}] Key API answer without a valid ksAs", config_.id);
    return {std::nullopt, KeyLookup::Miss::unavailable};
  }
  ++stats_.fetched;
  spdlog::debug("[as {}] Ks_AS for {} fetched from the SCEF", config_.id, guti);
  keys_.put(guti, CachedKey{answer.ks_as, answer.device},
            answer.expires_at > 0 ? answer.expires_at * 1000 : now + 60'000);
  return {answer.ks_as, KeyLookup::Miss::none, answer.device};
}

void KeyClient::stale(const std::string& guti) {
  std::lock_guard lock(mutex_);
  keys_.erase(guti);
  ++stats_.stale;
}

}  // namespace iotboot::as
