// Seed steps 13-15 at the AS: Ks_AS for a GUTI from the SCEF's Key API (HTTPS, the AS's own
// certificate), cached until the key's expiry. Blocking: called from the AS's DTLS thread.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "as/as_config.hpp"
#include "core/secret.hpp"
#include "net/https_client.hpp"

namespace iotboot::as {

class KeyClient {
 public:
  explicit KeyClient(const AsConfig& config);
  ~KeyClient();

  // Ks_AS for this GUTI (canonical text), or nullopt when the SCEF has none for this AS.
  std::optional<Key256> ks_as(const std::string& guti);

  struct Stats {
    std::uint64_t fetched = 0, cached = 0, refused = 0, failed = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    Key256 key;
    std::int64_t expires_at;
  };
  const AsConfig& config_;
  boost::asio::ssl::context tls_;
  net::HttpsClient client_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;
  Stats stats_;
};

}  // namespace iotboot::as
