#include "crypto/bootstrap_keys.hpp"

#include "crypto/eps_keys.hpp"
#include "crypto/fc.hpp"

namespace iotboot::crypto {
Key256 derive_ks(Kdf& ck_ik) { return ck_ik.derive(fc::kKs, {bytes_of(fc::kKsLabel)}); }

Key256 derive_ks(const Key128& ck, const Key128& ik) {
  const Key256 ck_ik = join_ck_ik(ck, ik);
  Kdf kdf(ck_ik.span());
  return derive_ks(kdf);
}

Key256 derive_ks_as(const Key256& ks, std::string_view as_id) { return kdf(ks.span(), fc::kKsAs, {bytes_of(as_id)}); }

}  // namespace iotboot::crypto
