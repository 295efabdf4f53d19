#include "crypto/device_id.hpp"

#include <gtest/gtest.h>

#include "crypto/fc.hpp"
#include "support/hex_literals.hpp"

namespace iotboot::crypto {
namespace {

const Key256 kSecret = test::key<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

// Known answers computed apart from this code (Python's hmac): the first 16 octets of
// HMAC-SHA-256(secret, 0xC2 ‖ IMSI ‖ 0x000f ‖ AS_ID ‖ 0x000f).
TEST(DeviceId, IsTheDocumentedDerivation) {
  EXPECT_EQ(fc::kDeviceId, 0xC2);
  EXPECT_EQ(device_pseudonym(kSecret, "001010000000001", "as1.example.com"), "1be6872f6bb4f3363dc5922c257a4a87");
  EXPECT_EQ(device_pseudonym(kSecret, "001010000000001", "as2.example.com"), "508c424e8897fbe688b811597a2854c0");
}

TEST(DeviceId, DependsOnTheImsiTheAsAndTheSecret) {
  const std::string one = device_pseudonym(kSecret, "001010000000001", "as1.example.com");
  EXPECT_EQ(one.size(), 2 * kDevicePseudonymOctets);
  EXPECT_EQ(one, device_pseudonym(kSecret, "001010000000001", "as1.example.com"));
  EXPECT_NE(one, device_pseudonym(kSecret, "001010000000002", "as1.example.com"));
  EXPECT_NE(one, device_pseudonym(kSecret, "001010000000001", "as1.example.co"));
  Key256 other = kSecret;
  other.data()[0] ^= 1;
  EXPECT_NE(one, device_pseudonym(other, "001010000000001", "as1.example.com"));
  // The lengths in the KDF's input keep ("0010100000000011", "as…") apart from ("001010000000001", "1as…").
  EXPECT_NE(device_pseudonym(kSecret, "0010100000000011", "as.example.com"),
            device_pseudonym(kSecret, "001010000000001", "1as.example.com"));
}

}  // namespace
}  // namespace iotboot::crypto
