#include "scef/registry.hpp"

#include <algorithm>
#include <iterator>

namespace iotboot::scef {
namespace {

std::string octets(ByteView b) { return std::string(b.begin(), b.end()); }

}  // namespace

std::string_view to_string(LookupError e) noexcept {
  switch (e) {
    case LookupError::unknown_guti: return "no authentication context for this GUTI";
    case LookupError::failed_authentication: return "the authentication for this GUTI failed";
    case LookupError::expired: return "the key has expired";
    case LookupError::no_key_set: return "the KeySet for this authentication has not arrived";
    case LookupError::no_key: return "the UE's MME holds no key for it: it does not bootstrap by pull";
    case LookupError::detached: return "the UE has detached";
    case LookupError::mme_unreachable: return "the UE's MME did not answer";
  }
  return "?";
}

std::string Registry::key_set_key(const std::string& imsi, const Bytes<16>& rand) { return imsi + '/' + octets(rand); }

void Registry::add(const KeySetRecord& k) { key_sets_[key_set_key(k.imsi, k.rand)] = KeySetEntry{k.ks, k.expires_at}; }

void Registry::add(const AuthContextRecord& c) {
  auto old = guti_by_imsi_.find(c.imsi);
  if (!c.success) {
    key_sets_.erase(key_set_key(c.imsi, c.rand));
    if (old != guti_by_imsi_.end()) {
      auto ctx = contexts_.find(old->second);
      if (ctx != contexts_.end() && ctx->second.rand == c.rand) {
        contexts_.erase(ctx);
        guti_by_imsi_.erase(old);
      }
    }
    return;
  }
  if (old != guti_by_imsi_.end()) {
    contexts_.erase(old->second);
    guti_by_imsi_.erase(old);
  }
  const std::string g = octets(c.guti);
  contexts_[g] = c;
  guti_by_imsi_[c.imsi] = g;
}

Result<KeyLookup, LookupError> Registry::lookup(const Bytes<10>& guti, std::int64_t now) const {
  auto c = contexts_.find(octets(guti));
  if (c == contexts_.end()) return LookupError::unknown_guti;
  if (!c->second.success) return LookupError::failed_authentication;
  if (c->second.expires_at <= now) return LookupError::expired;
  auto k = key_sets_.find(key_set_key(c->second.imsi, c->second.rand));
  if (k == key_sets_.end()) return LookupError::no_key_set;
  if (k->second.expires_at <= now) return LookupError::expired;
  return KeyLookup{k->second.ks, std::min(c->second.expires_at, k->second.expires_at)};
}

void Registry::purge(std::int64_t now) {
  std::erase_if(key_sets_, [now](const auto& e) { return e.second.expires_at <= now; });
  for (auto it = contexts_.begin(); it != contexts_.end();) {
    if (it->second.expires_at <= now) {
      guti_by_imsi_.erase(it->second.imsi);
      it = contexts_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace iotboot::scef
