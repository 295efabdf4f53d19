#include "crypto/usim_aka.hpp"

#include "crypto/autn.hpp"
#include "crypto/auts.hpp"
#include "crypto/milenage.hpp"

namespace iotboot::crypto {

UsimResponse usim_authenticate(const Key128& k, const Key128& opc, UsimSqnState& sqn_state, const Rand& rand,
                               const Autn& autn) {
  UsimResponse r;
  const AutnFields f = split_autn(autn);
  bool mac_ok = false;
  {
    Milenage m(k, opc, rand);
    Ak ak;
    m.f2345(r.res, r.ck, r.ik, ak);
    r.sqn = unconceal(f.sqn_xor_ak, ak);
    Mac xmac;
    m.f1(r.sqn, f.amf, &xmac, nullptr);
    mac_ok = equal_ct(xmac, f.mac_a);
  }
  if (mac_ok) r.freshness = sqn_state.check(r.sqn);
  if (!mac_ok) {
    r.outcome = AkaOutcome::mac_failure;
  } else if (r.freshness != Freshness::fresh) {
    r.outcome = AkaOutcome::synch_failure;
    r.auts = build_auts(k, opc, rand, sqn_state.sqn_ms());
  } else if (!has_separation_bit(f.amf)) {
    r.outcome = AkaOutcome::amf_not_eps;
  } else {
    r.outcome = AkaOutcome::success;
    r.sqn_xor_ak = f.sqn_xor_ak;
    sqn_state.accept(r.sqn);
    return r;
  }
  // No keys or RES leave a failed authentication; the SQN stays when MAC-A verified it.
  r.res = {};
  r.ck = Key128{};
  r.ik = Key128{};
  if (!mac_ok) r.sqn = Sqn{};
  return r;
}

}  // namespace iotboot::crypto
