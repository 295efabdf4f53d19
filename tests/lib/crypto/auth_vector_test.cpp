// The complete E-UTRAN vector and AUTS of the TS 35.208 set-1 subscriber (docs/keys.md), and the HSS's AUTS check.
#include "crypto/auth_vector.hpp"

#include <gtest/gtest.h>

#include "crypto/autn.hpp"
#include "crypto/auts.hpp"
#include "support/hex_literals.hpp"
#include "support/set1.hpp"

namespace iotboot::crypto {
namespace {

using test::hex;
using test::key;

using namespace test::set1;

TEST(AuthVector, PublishedEutranVector) {
  const AuthVector av =
      build_auth_vector(kK, kOpc, kRand, Sqn::from_bytes(hex<6>("ff9bb4d0b607")), hex<2>("8000"), hex<3>("00f110"));
  EXPECT_EQ(av.rand, kRand);
  EXPECT_EQ(av.xres, hex<8>("a54211d5e3ba50bf"));
  EXPECT_EQ(av.autn, hex<16>("55f328b43577800059bcea576837152b"));
  EXPECT_TRUE(av.ck == key<16>("b40ba9a3c58b2a05bbf0d987b21bf8cb"));
  EXPECT_TRUE(av.ik == key<16>("f769bcd751044604127672711c6d3441"));
  EXPECT_EQ(av.ak, hex<6>("aa689c648370"));
  EXPECT_TRUE(av.kasme == key<32>("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d"));
}

TEST(Autn, SplitsWhatItBuilds) {
  const Autn autn = build_autn(Sqn(0x123456789abc), hex<6>("aa689c648370"), hex<2>("8000"), hex<8>("0102030405060708"));
  const AutnFields f = split_autn(autn);
  EXPECT_EQ(unconceal(f.sqn_xor_ak, hex<6>("aa689c648370")), Sqn(0x123456789abc));
  EXPECT_EQ(f.amf, hex<2>("8000"));
  EXPECT_EQ(f.mac_a, hex<8>("0102030405060708"));
}

TEST(Auts, PublishedVector) {
  EXPECT_EQ(build_auts(kK, kOpc, kRand, Sqn::from_bytes(hex<6>("000000000040"))),
            hex<14>("451e8beca47b7c4adabf45e76f4b"));
}

TEST(Auts, ResyncRecoversSqnMs) {
  const AutsCheck c = verify_auts(kK, kOpc, kRand, hex<14>("451e8beca47b7c4adabf45e76f4b"));
  EXPECT_TRUE(c.mac_s_valid);
  EXPECT_EQ(c.sqn_ms, Sqn(0x40));
}

TEST(Auts, ResyncRejectsForgedAuts) {
  // Every single-bit change of the AUTS, in the concealed SQN or in MAC-S, fails MAC-S.
  const Auts good = hex<14>("451e8beca47b7c4adabf45e76f4b");
  for (std::size_t bit = 0; bit < good.size() * 8; ++bit) {
    Auts forged = good;
    forged[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    EXPECT_FALSE(verify_auts(kK, kOpc, kRand, forged).mac_s_valid) << "bit " << bit;
  }
  // A valid AUTS for another RAND or another subscriber does not verify either.
  Rand other_rand = kRand;
  other_rand[0] ^= 1;
  EXPECT_FALSE(verify_auts(kK, kOpc, other_rand, good).mac_s_valid);
  EXPECT_FALSE(verify_auts(key<16>("0396eb317b6d1c36f19c1c84cd6ffd16"), kOpc, kRand, good).mac_s_valid);
}

}  // namespace
}  // namespace iotboot::crypto
