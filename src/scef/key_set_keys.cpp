#include "scef/key_set_keys.hpp"

#include <cstring>
#include <string>

#include "crypto/kek_source.hpp"
#include "store/store_error.hpp"

namespace iotboot::scef {

StoredKs stored_ks(const crypto::KeyRing* kek, std::string_view imsi, ByteView rand, const Key256& ks) {
  StoredKs out;
  if (kek == nullptr) {
    std::memcpy(out.bytes.data(), ks.data(), 32);
    return out;
  }
  out.kek_id = kek->current();
  kek->seal(ByteView(ks.data(), 32), {"scef.ks", imsi, rand}, MutableByteView(out.bytes.data(), kSealedKsSize));
  return out;
}

Key256 load_ks(const crypto::KeyRing* kek, std::optional<std::uint32_t> kek_id, ByteView stored, std::string_view imsi,
               ByteView rand) {
  Key256 ks;
  if (!kek_id) {
    if (stored.size() != 32) throw store::StoreError("corrupt KeySet row");
    std::memcpy(ks.data(), stored.data(), 32);
    return ks;
  }
  if (kek == nullptr) {
    throw store::StoreError("the KeySet of " + std::string(imsi) + " is sealed under KEK " + std::to_string(*kek_id) +
                            ", but " + std::string(crypto::kNoKekHint));
  }
  try {
    return kek->open<32>(*kek_id, stored, {"scef.ks", imsi, rand});
  } catch (const crypto::KeyWrapError& e) {
    throw store::StoreError(e.what());
  }
}

void check_key_sets(const crypto::KeyRing* kek, bool any_sealed, const std::function<std::size_t()>& seal_plaintext) {
  if (kek == nullptr) {
    if (any_sealed) throw store::StoreError("the KeySets' Ks are sealed, but " + std::string(crypto::kNoKekHint));
    return;
  }
  while (seal_plaintext() > 0) {
  }
}

}  // namespace iotboot::scef
