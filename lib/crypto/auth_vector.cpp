#include "crypto/auth_vector.hpp"

#include <cstring>

#include "crypto/autn.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/milenage.hpp"

namespace iotboot::crypto {

AuthVector build_auth_vector(const Key128& k, const Key128& opc, const Rand& rand, Sqn sqn, const Amf& amf,
                             const SnId& sn_id) {
  AuthVector av;
  av.rand = rand;
  Mac mac_a;
  {
    Milenage m(k, opc, rand);
    m.f1_f2345(sqn, amf, mac_a, av.xres, av.ck, av.ik, av.ak);
  }
  av.autn = build_autn(sqn, av.ak, amf, mac_a);
  Bytes<6> sqn_xor_ak;
  std::memcpy(sqn_xor_ak.data(), av.autn.data(), 6);
  const Key256 ck_ik = join_ck_ik(av.ck, av.ik);
  Kdf kdf(ck_ik.span());
  av.kasme = derive_kasme(kdf, sn_id, sqn_xor_ak);
  av.ks = derive_ks(kdf);
  return av;
}

}  // namespace iotboot::crypto
