#include "crypto/bootstrap_keys.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/fc.hpp"
#include "support/hex_literals.hpp"

namespace iotboot::crypto {
namespace {

using test::key;

TEST(BootstrapKeys, FunctionCodesAreThisProjectsChoice) {
  EXPECT_EQ(fc::kKs, 0xC0);
  EXPECT_EQ(fc::kKsAs, 0xC1);
  EXPECT_EQ(fc::kKsLabel, "End-to-End_IOT");
}

// Ks = HMAC-SHA-256(CK‖IK, 0xC0 ‖ "End-to-End_IOT" ‖ 0x000e), checked with OpenSSL's one-shot HMAC.
TEST(BootstrapKeys, KsIsTheSeedsDerivation) {
  const auto ck_ik = test::hex_bytes("b40ba9a3c58b2a05bbf0d987b21bf8cbf769bcd751044604127672711c6d3441");
  std::vector<std::uint8_t> s = {0xC0};
  for (char c : std::string("End-to-End_IOT")) s.push_back(static_cast<std::uint8_t>(c));
  s.push_back(0x00);
  s.push_back(0x0e);
  std::uint8_t want[32];
  unsigned len = 0;
  HMAC(EVP_sha256(), ck_ik.data(), 32, s.data(), s.size(), want, &len);
  const Key256 ks = derive_ks(key<16>("b40ba9a3c58b2a05bbf0d987b21bf8cb"), key<16>("f769bcd751044604127672711c6d3441"));
  EXPECT_EQ(to_hex(ByteView(ks.data(), 32)), to_hex(ByteView(want, 32)));
  // The value `iotboot keys av` prints for the set-1 subscriber; pinned so a change shows.
  EXPECT_EQ(reveal_hex(ks), "6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
}

TEST(BootstrapKeys, KsAsIsTheSeedsDerivation) {
  const Key256 ks = key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
  const std::string as_id = "as1.example.com";
  std::vector<std::uint8_t> s = {0xC1};
  s.insert(s.end(), as_id.begin(), as_id.end());
  s.push_back(0x00);
  s.push_back(static_cast<std::uint8_t>(as_id.size()));
  std::uint8_t want[32];
  unsigned len = 0;
  HMAC(EVP_sha256(), ks.data(), 32, s.data(), s.size(), want, &len);
  EXPECT_EQ(reveal_hex(derive_ks_as(ks, as_id)), to_hex(ByteView(want, 32)));
  EXPECT_EQ(reveal_hex(derive_ks_as(ks, as_id)), "6d045e87bfb51062b28aa0c90337453040d378ed29b6b532d01c42fa6a123e7a");
}

}  // namespace
}  // namespace iotboot::crypto
