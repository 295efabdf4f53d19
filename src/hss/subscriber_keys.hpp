// K and OPc as a subscriber row holds them: sealed under the current KEK (docs/storage.md,
// "Keys at rest") when the store has one, in plaintext otherwise. Shared by both engines.
#pragma once

#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "core/secret.hpp"
#include "crypto/key_wrap.hpp"
#include "hss/subscriber_store.hpp"

namespace iotboot::hss {

inline constexpr std::size_t kSealedKeySize = 16 + crypto::kSealOverhead;

struct StoredKeys {
  std::optional<std::uint32_t> kek_id;  // nullopt: plaintext
  Secret<kSealedKeySize> k, opc;        // the first size() bytes
  std::size_t size() const { return kek_id ? kSealedKeySize : 16; }
  ByteView k_view() const { return ByteView(k.data(), size()); }
  ByteView opc_view() const { return ByteView(opc.data(), size()); }
};

// The row's form of s's K and OPc (kek: nullptr for plaintext).
StoredKeys stored_keys(const crypto::KeyRing* kek, const Subscriber& s);

// Sets s.k and s.opc from a row (s.imsi set). Throws store::StoreError naming the IMSI and the
// KEK id when the row is sealed and cannot be opened, or when no KEK is configured.
void load_keys(const crypto::KeyRing* kek, std::optional<std::uint32_t> kek_id, ByteView k, ByteView opc,
               Subscriber& s);

}  // namespace iotboot::hss
