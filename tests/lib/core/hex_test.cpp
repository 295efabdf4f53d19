#include "core/hex.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace iotboot {
namespace {

TEST(Hex, EncodesLowerCase) {
  const Bytes<4> b = {0x00, 0xAB, 0x7f, 0xff};
  EXPECT_EQ(to_hex(b), "00ab7fff");
}

TEST(Hex, ParsesEitherCase) {
  Bytes<3> b;
  EXPECT_FALSE(parse_hex_exact("aBcDeF", b));
  EXPECT_EQ(b, (Bytes<3>{0xab, 0xcd, 0xef}));
}

TEST(Hex, RejectsOddLength) {
  Bytes<2> b;
  EXPECT_EQ(parse_hex_exact("abc", b).value(), "odd number of hex digits (3)");
}

TEST(Hex, RejectsWrongLength) {
  Bytes<16> b;
  EXPECT_EQ(parse_hex_exact("00", b).value(), "expected 32 hex digits (16 bytes), got 2");
  EXPECT_EQ(parse_hex_exact("", b).value(), "expected 32 hex digits (16 bytes), got 0");
}

TEST(Hex, RejectsNonHexWithoutQuotingIt) {
  Bytes<2> b = {1, 2};
  const auto why = parse_hex_exact("0g12", b);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "not a hex digit at position 2");
  EXPECT_EQ(b, (Bytes<2>{0, 0}));  // zeroed on failure
}

TEST(Hex, MasksAllButFourDigits) {
  const Bytes<4> b = {0xb4, 0x0b, 0xa9, 0xa3};
  EXPECT_EQ(masked_hex(b), "b40b\u2026");
}

RC_GTEST_PROP(Hex, RoundTrips, (const std::array<std::uint8_t, 13>& bytes)) {
  Bytes<13> back;
  RC_ASSERT(!parse_hex_exact(to_hex(bytes), back));
  RC_ASSERT(back == bytes);
}

}  // namespace
}  // namespace iotboot
