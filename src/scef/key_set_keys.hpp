// Ks as a KeySet row holds it: sealed under the current KEK, bound to the KeySet's IMSI and RAND
// (docs/storage.md, "Keys at rest"), or in plaintext without a KEK. Shared by both engines.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"
#include "core/secret.hpp"
#include "crypto/key_wrap.hpp"

namespace iotboot::scef {

inline constexpr std::size_t kSealedKsSize = 32 + crypto::kSealOverhead;

struct StoredKs {
  std::optional<std::uint32_t> kek_id;  // nullopt: plaintext
  Secret<kSealedKsSize> bytes;          // the first size() bytes
  std::size_t size() const { return kek_id ? kSealedKsSize : 32; }
  ByteView view() const { return ByteView(bytes.data(), size()); }
};

StoredKs stored_ks(const crypto::KeyRing* kek, std::string_view imsi, ByteView rand, const Key256& ks);

// Ks from a row; throws store::StoreError naming the IMSI and the KEK id when it cannot be opened.
Key256 load_ks(const crypto::KeyRing* kek, std::optional<std::uint32_t> kek_id, ByteView stored, std::string_view imsi,
               ByteView rand);

// At open: without a KEK, a store holding a sealed Ks is refused; with one, every Ks still in
// plaintext is sealed by `seal_plaintext` (called until it returns 0).
void check_key_sets(const crypto::KeyRing* kek, bool any_sealed, const std::function<std::size_t()>& seal_plaintext);

}  // namespace iotboot::scef
