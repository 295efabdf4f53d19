#include "scef/key_lookup.hpp"

#include <algorithm>

namespace iotboot::scef {

std::string_view to_string(LookupError e) noexcept {
  switch (e) {
    case LookupError::unknown_guti: return "no authentication context for this GUTI";
    case LookupError::failed_authentication: return "the authentication for this GUTI failed";
    case LookupError::expired: return "the key has expired";
    case LookupError::no_key_set: return "the KeySet for this authentication has not arrived";
    case LookupError::no_key: return "the UE's MME holds no key for it: it does not bootstrap by pull";
    case LookupError::detached: return "the UE has detached";
    case LookupError::mme_unreachable: return "the UE's MME did not answer";
    case LookupError::store_unavailable: return "the key store is unavailable";
  }
  return "?";
}

Result<KeyLookup, LookupError> judge(const std::optional<StoredKey>& stored, std::int64_t now) {
  if (!stored) return LookupError::unknown_guti;
  if (!stored->success) return LookupError::failed_authentication;
  if (stored->context_expires_at <= now) return LookupError::expired;
  if (!stored->has_key_set) return LookupError::no_key_set;
  if (stored->key_set_expires_at <= now) return LookupError::expired;
  return KeyLookup{stored->ks, std::min(stored->context_expires_at, stored->key_set_expires_at), stored->imsi,
                   stored->external_id};
}

}  // namespace iotboot::scef
