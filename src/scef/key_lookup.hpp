// Seed step 14's answer: the Ks a GUTI's authentication left, or why there is none. The rules
// live here once; each store engine only fetches the rows (StoredKey).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace iotboot::scef {

enum class LookupError {
  unknown_guti,  // no context (or superseded by a newer authentication of the IMSI)
  failed_authentication,
  expired,
  no_key_set,  // the context's KeySet never arrived
  // Pull mode: the MME's answers (t6a_client.hpp).
  no_key,             // the MME holds the GUTI but no Ks: the UE does not bootstrap by pull
  detached,           // the UE detached
  mme_unreachable,    // no usable answer from the GUTI's MME
  store_unavailable,  // the database did not answer
};
std::string_view to_string(LookupError e) noexcept;

struct KeyLookup {
  Key256 ks;
  std::int64_t expires_at = 0;
  std::string imsi;                        // never leaves the SCEF
  std::optional<std::string> external_id;  // the asking AS's, when provisioned
};

// What a store holds for one GUTI: its authentication context and, if it arrived, the KeySet of
// that authentication (same IMSI and RAND).
struct StoredKey {
  std::string imsi;
  std::optional<std::string> external_id;  // the asking AS's
  bool success = false;
  std::int64_t context_expires_at = 0;
  bool has_key_set = false;
  Key256 ks;
  std::int64_t key_set_expires_at = 0;
};

Result<KeyLookup, LookupError> judge(const std::optional<StoredKey>& stored, std::int64_t now);

}  // namespace iotboot::scef
