#include "crypto/eps_keys.hpp"

#include <gtest/gtest.h>

#include "crypto/kdf.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "support/hex_literals.hpp"

namespace iotboot::crypto {
namespace {

using test::hex;
using test::key;

// TS 33.401 A.2 (also in open5gs tests/unit/security-test.c).
TEST(Kasme, Ts33401Vector) {
  const Bytes<6> sqn = hex<6>("fd8eef40df7d"), ak = hex<6>("aa689c648370");
  Bytes<6> sqn_xor_ak;
  for (int i = 0; i < 6; ++i) sqn_xor_ak[i] = sqn[i] ^ ak[i];
  const Key256 kasme = derive_kasme(key<16>("b40ba9a3c58b2a05bbf0d987b21bf8cb"),
                                    key<16>("f769bcd751044604127672711c6d3441"), hex<3>("024830"), sqn_xor_ak);
  EXPECT_TRUE(kasme == key<32>("238e457e0f758badbca8d34bb2612c10428d426757cb5553b2b184fa64bfc549"));
}

// The KDF against OpenSSL's one-shot HMAC() over S assembled by hand (TS 33.220 B.2.1).
std::vector<std::uint8_t> reference_kdf(const std::vector<std::uint8_t>& k, const std::vector<std::uint8_t>& s) {
  std::vector<std::uint8_t> out(32);
  unsigned len = 0;
  HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()), s.data(), s.size(), out.data(), &len);
  return out;
}

TEST(Kdf, AssemblesFcParametersAndLengths) {
  const auto k = test::hex_bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const Key256 got = kdf(k, 0x10, {test::hex_bytes("00f110"), test::hex_bytes("55f328b43577")});
  const auto want = reference_kdf(k, test::hex_bytes("10"
                                                     "00f110"
                                                     "0003"
                                                     "55f328b43577"
                                                     "0006"));
  EXPECT_EQ(to_hex(ByteView(got.data(), 32)), to_hex(want));
}

TEST(Kdf, LengthFieldsSeparateParameters) {
  const auto k = test::hex_bytes("4a656665");
  const Key256 a = kdf(k, 0x77, {test::hex_bytes("68617420")});
  const Key256 b = kdf(k, 0x77, {test::hex_bytes("686174"), test::hex_bytes("20")});
  EXPECT_FALSE(a == b);
}

TEST(Kdf, SessionDerivesLikeSeparateCalls) {
  const auto k = test::hex_bytes("b40ba9a3c58b2a05bbf0d987b21bf8cbf769bcd751044604127672711c6d3441");
  Kdf session(k);
  const Key256 first = session.derive(0xC0, {test::hex_bytes("01")});
  const Key256 second = session.derive(0x10, {test::hex_bytes("02"), test::hex_bytes("0304")});
  EXPECT_TRUE(first == kdf(k, 0xC0, {test::hex_bytes("01")}));
  EXPECT_TRUE(second == kdf(k, 0x10, {test::hex_bytes("02"), test::hex_bytes("0304")}));
}

TEST(Kdf, LongParameterCrossesTheStackBuffer) {
  const auto k = test::hex_bytes("00112233");
  std::vector<std::uint8_t> p(1000, 0x5a);
  const Key256 got = kdf(k, 0xC1, {p});
  std::vector<std::uint8_t> s(1 + p.size() + 2);
  s[0] = 0xC1;
  std::copy(p.begin(), p.end(), s.begin() + 1);
  s[1 + p.size()] = 0x03;  // L0 = 1000
  s[2 + p.size()] = 0xe8;
  EXPECT_EQ(to_hex(ByteView(got.data(), 32)), to_hex(reference_kdf(k, s)));
}

// TS 33.401 A.7 against the reference: KNASint = low 128 bits of KDF(KASME, 0x15, 0x02, alg).
TEST(NasKeys, MatchTheReferenceDerivation) {
  const auto kasme_bytes = test::hex_bytes("238e457e0f758badbca8d34bb2612c10428d426757cb5553b2b184fa64bfc549");
  const Key256 kasme = key<32>("238e457e0f758badbca8d34bb2612c10428d426757cb5553b2b184fa64bfc549");
  const NasKeys keys = derive_nas_keys(kasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2);
  const auto enc = reference_kdf(kasme_bytes, test::hex_bytes("15"
                                                              "01"
                                                              "0001"
                                                              "02"
                                                              "0001"));
  const auto integrity = reference_kdf(kasme_bytes, test::hex_bytes("15"
                                                                    "02"
                                                                    "0001"
                                                                    "02"
                                                                    "0001"));
  EXPECT_EQ(to_hex(ByteView(keys.enc.data(), 16)), to_hex(ByteView(enc).subspan(16)));
  EXPECT_EQ(to_hex(ByteView(keys.integrity.data(), 16)), to_hex(ByteView(integrity).subspan(16)));
}

TEST(NasKeys, EachAlgorithmAndKindDiffers) {
  const Key256 kasme = key<32>("238e457e0f758badbca8d34bb2612c10428d426757cb5553b2b184fa64bfc549");
  const NasKeys a = derive_nas_keys(kasme, CipheringAlgorithm::eea2, IntegrityAlgorithm::eia2);
  const NasKeys b = derive_nas_keys(kasme, CipheringAlgorithm::eea0, IntegrityAlgorithm::eia2);
  EXPECT_FALSE(a.enc == a.integrity);
  EXPECT_FALSE(a.enc == b.enc);
  EXPECT_TRUE(a.integrity == b.integrity);
}

}  // namespace
}  // namespace iotboot::crypto
