// Seed step 14 in memory: what the SCEF knows, indexed for the Key API. Only the io thread
// touches it; it mirrors what the store has committed (loaded at start, then updated after
// each commit).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/result.hpp"
#include "scef/key_store.hpp"

namespace iotboot::scef {

enum class LookupError {
  unknown_guti,  // no context (or superseded by a newer authentication of the IMSI)
  failed_authentication,
  expired,
  no_key_set,  // the context's KeySet never arrived
  // Pull mode: the MME's answers (t6a_client.hpp).
  no_key,           // the MME holds the GUTI but no Ks: the UE does not bootstrap by pull
  detached,         // the UE detached
  mme_unreachable,  // no usable answer from the GUTI's MME
};
std::string_view to_string(LookupError e) noexcept;

struct KeyLookup {
  Key256 ks;
  std::int64_t expires_at = 0;
};

class Registry {
 public:
  void add(const KeySetRecord& k);
  // A newer successful context for an IMSI supersedes the older one and its GUTI; a failed
  // authentication removes only its own KeySet (and a context of the same RAND, if any).
  void add(const AuthContextRecord& c);
  Result<KeyLookup, LookupError> lookup(const Bytes<10>& guti, std::int64_t now) const;
  void purge(std::int64_t now);
  std::size_t key_sets() const noexcept { return key_sets_.size(); }
  std::size_t contexts() const noexcept { return contexts_.size(); }

 private:
  struct KeySetEntry {
    Key256 ks;
    std::int64_t expires_at;
  };
  static std::string key_set_key(const std::string& imsi, const Bytes<16>& rand);
  std::unordered_map<std::string, KeySetEntry> key_sets_;
  std::unordered_map<std::string, AuthContextRecord> contexts_;  // by GUTI octets
  std::unordered_map<std::string, std::string> guti_by_imsi_;
};

}  // namespace iotboot::scef
