#include "crypto/eps_keys.hpp"

#include <cstring>

#include "crypto/fc.hpp"

namespace iotboot::crypto {
namespace {

constexpr std::uint8_t kNasEncDistinguisher = 0x01;
constexpr std::uint8_t kNasIntDistinguisher = 0x02;

Key128 low_128(const Key256& k) {
  Key128 out;
  std::memcpy(out.data(), k.data() + 16, 16);
  return out;
}

}  // namespace

Key256 join_ck_ik(const Key128& ck, const Key128& ik) {
  Key256 ck_ik;
  std::memcpy(ck_ik.data(), ck.data(), 16);
  std::memcpy(ck_ik.data() + 16, ik.data(), 16);
  return ck_ik;
}

Key256 derive_kasme(Kdf& ck_ik, const SnId& sn_id, const Bytes<6>& sqn_xor_ak) {
  return ck_ik.derive(fc::kKasme, {sn_id, sqn_xor_ak});
}

Key256 derive_kasme(const Key128& ck, const Key128& ik, const SnId& sn_id, const Bytes<6>& sqn_xor_ak) {
  const Key256 ck_ik = join_ck_ik(ck, ik);
  Kdf kdf(ck_ik.span());
  return derive_kasme(kdf, sn_id, sqn_xor_ak);
}

NasKeys derive_nas_keys(const Key256& kasme, CipheringAlgorithm enc, IntegrityAlgorithm integrity) {
  Kdf kdf(kasme.span());
  const std::uint8_t enc_id[1] = {static_cast<std::uint8_t>(enc)};
  const std::uint8_t int_id[1] = {static_cast<std::uint8_t>(integrity)};
  const std::uint8_t enc_d[1] = {kNasEncDistinguisher};
  const std::uint8_t int_d[1] = {kNasIntDistinguisher};
  NasKeys keys;
  keys.enc = low_128(kdf.derive(fc::kNasKeys, {enc_d, enc_id}));
  keys.integrity = low_128(kdf.derive(fc::kNasKeys, {int_d, int_id}));
  return keys;
}

}  // namespace iotboot::crypto
