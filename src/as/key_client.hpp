// Seed steps 13-15 at the AS: Ks_AS for a GUTI from the SCEF's Key API (HTTPS, the AS's own
// certificate), cached until the key's expiry. With several SCEFs (a pool on one store, each
// answering the same) the one that answered last is asked first, and the next one when it
// cannot be reached or answers 503; any other answer is the answer. a refusal (no context, not authorised) is
// remembered for a short while so that a client repeating a made-up GUTI does not reach the
// SCEF each time. Blocking: called from the AS's DTLS thread.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "as/as_config.hpp"
#include "as/expiring_cache.hpp"
#include "as/key_source.hpp"
#include "core/rate_limit.hpp"
#include "net/https_client.hpp"

namespace iotboot::as {

class KeyClient final : public KeySource {
 public:
  explicit KeyClient(const AsConfig& config);
  ~KeyClient() override;

  // Ks_AS for this GUTI (canonical text only: the caller checked it), or nullopt when the SCEF
  // has none for this AS.
  KeyLookup ks_as(const std::string& guti, std::string_view client) override;
  void stale(const std::string& guti) override;

  struct Stats {
    std::uint64_t fetched = 0, cached = 0, refused = 0, refusal_cached = 0, failed = 0;
    std::uint64_t failovers = 0;  // a request passed on to the next SCEF
    std::uint64_t limited = 0;    // not fetched: the client was over its fetch limit
    std::uint64_t stale = 0;      // cached keys dropped after a handshake they did not finish
  };
  Stats stats() const;

 private:
  const AsConfig& config_;
  boost::asio::ssl::context tls_;
  std::vector<std::unique_ptr<net::HttpsClient>> clients_;  // one per SCEF endpoint
  std::size_t preferred_ = 0;                               // the one that answered last
  mutable std::mutex mutex_;
  struct CachedKey {
    Key256 ks_as;
    DeviceIdentity device;
  };
  ExpiringCache<CachedKey> keys_;  // by GUTI text; expiry in Unix milliseconds
  ExpiringCache<bool> refusals_;   // likewise
  Stats stats_;
  std::optional<RateLimit> fetch_limit_;  // per client address
};

}  // namespace iotboot::as
