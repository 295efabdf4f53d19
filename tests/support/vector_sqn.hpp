// The SQN an authentication vector carries, read back as the USIM would (AK from RAND, then
// SQN = (SQN ⊕ AK) ⊕ AK): for tests that count the SQNs an HSS handed out.
#pragma once

#include "crypto/autn.hpp"
#include "crypto/milenage.hpp"
#include "crypto/sqn.hpp"
#include "diameter/apps/s6a.hpp"

namespace iotboot::test {

inline crypto::Sqn sqn_of(const Key128& k, const Key128& opc, const diameter::s6a::EutranVector& v) {
  crypto::Milenage m(k, opc, v.rand);
  crypto::Res res;
  Key128 ck, ik;
  crypto::Ak ak;
  m.f2345(res, ck, ik, ak);
  return crypto::unconceal(crypto::split_autn(v.autn).sqn_xor_ak, ak);
}

}  // namespace iotboot::test
