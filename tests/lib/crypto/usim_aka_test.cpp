// The UE's checks of a challenge built by the HSS: success and each failure cause.
#include "crypto/usim_aka.hpp"

#include <gtest/gtest.h>

#include "crypto/auth_vector.hpp"
#include "crypto/auts.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "support/hex_literals.hpp"
#include "support/set1.hpp"

namespace iotboot::crypto {
namespace {

using test::hex;
using test::key;

using namespace test::set1;
const Amf kEpsAmf = hex<2>("8000");

AuthVector vector_for(Sqn sqn, const Amf& amf = kEpsAmf) { return build_auth_vector(kK, kOpc, kRand, sqn, amf, kSnId); }

TEST(UsimAka, AcceptsAFreshVectorAndAgreesOnKeys) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(1, 1, 5));
  const UsimResponse r = usim_authenticate(kK, kOpc, usim, av.rand, av.autn);
  ASSERT_EQ(r.outcome, AkaOutcome::success);
  EXPECT_EQ(r.res, av.xres);
  EXPECT_TRUE(r.ck == av.ck);
  EXPECT_TRUE(r.ik == av.ik);
  EXPECT_TRUE(derive_kasme(r.ck, r.ik, kSnId, r.sqn_xor_ak) == av.kasme);
  EXPECT_TRUE(derive_ks(r.ck, r.ik) == av.ks);
  EXPECT_EQ(usim.sqn_ms(), Sqn::from_parts(1, 1, 5));
}

TEST(UsimAka, ReplayedVectorIsSynchFailure) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(7, 7, 5));
  ASSERT_EQ(usim_authenticate(kK, kOpc, usim, av.rand, av.autn).outcome, AkaOutcome::success);
  const UsimResponse again = usim_authenticate(kK, kOpc, usim, av.rand, av.autn);
  EXPECT_EQ(again.outcome, AkaOutcome::synch_failure);
  EXPECT_EQ(again.freshness, Freshness::replayed);
  // The AUTS carries SQN_MS to the HSS.
  const AutsCheck c = verify_auts(kK, kOpc, av.rand, again.auts);
  EXPECT_TRUE(c.mac_s_valid);
  EXPECT_EQ(c.sqn_ms, Sqn::from_parts(7, 7, 5));
  EXPECT_TRUE(again.ck == Key128{});  // no keys leave a failure
}

TEST(UsimAka, SqnBeyondDeltaIsSynchFailure) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(usim.policy().delta + 1, 0, 5));
  const UsimResponse r = usim_authenticate(kK, kOpc, usim, av.rand, av.autn);
  EXPECT_EQ(r.outcome, AkaOutcome::synch_failure);
  EXPECT_EQ(r.freshness, Freshness::too_far_ahead);
  EXPECT_EQ(usim.sqn_ms(), Sqn{});  // nothing accepted
}

TEST(UsimAka, WrongKeyIsMacFailure) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(1, 1, 5));
  const UsimResponse r = usim_authenticate(key<16>("0396eb317b6d1c36f19c1c84cd6ffd16"), kOpc, usim, av.rand, av.autn);
  EXPECT_EQ(r.outcome, AkaOutcome::mac_failure);
  EXPECT_EQ(r.res, Res{});
}

TEST(UsimAka, TamperedAutnIsMacFailure) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(1, 1, 5));
  for (std::size_t byte : {0u, 6u, 15u}) {
    Autn autn = av.autn;
    autn[byte] ^= 0x01;
    EXPECT_EQ(usim_authenticate(kK, kOpc, usim, av.rand, autn).outcome, AkaOutcome::mac_failure) << byte;
  }
}

TEST(UsimAka, AmfWithoutSeparationBitIsRejected) {
  UsimSqnState usim;
  const AuthVector av = vector_for(Sqn::from_parts(1, 1, 5), hex<2>("0000"));
  EXPECT_EQ(usim_authenticate(kK, kOpc, usim, av.rand, av.autn).outcome, AkaOutcome::amf_not_eps);
  // The SQN was not consumed: the same SQN with a proper AMF still works.
  const AuthVector good = vector_for(Sqn::from_parts(1, 1, 5));
  EXPECT_EQ(usim_authenticate(kK, kOpc, usim, good.rand, good.autn).outcome, AkaOutcome::success);
}

}  // namespace
}  // namespace iotboot::crypto
