#include "core/plmn.hpp"

#include <gtest/gtest.h>

namespace iotboot {
namespace {

TEST(Plmn, EncodesTwoDigitMnc) {
  const Plmn p = Plmn::parse("00101").value();
  EXPECT_EQ(p.encoded(), (Bytes<3>{0x00, 0xf1, 0x10}));  // the SN id of the set-1 vector
  EXPECT_EQ(p.to_string(), "001-01");
}

TEST(Plmn, EncodesThreeDigitMnc) {
  const Plmn p = Plmn::parse("310410").value();
  EXPECT_EQ(p.encoded(), (Bytes<3>{0x13, 0x00, 0x14}));  // TS 24.008 §10.5.1.3: MCC 310, MNC 410
  EXPECT_EQ(p.mnc(), "410");
}

TEST(Plmn, DecodesWhatItEncodes) {
  for (const char* text : {"00101", "001001", "20893", "310410", "99999"}) {
    const Plmn p = Plmn::parse(text).value();
    const auto back = Plmn::decode(p.encoded());
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(back.value(), p) << text;
  }
}

TEST(Plmn, RejectsBadInput) {
  EXPECT_EQ(Plmn::parse("0010").error().reason, "expected 5 or 6 digits (MCC then a 2- or 3-digit MNC), got 4");
  EXPECT_EQ(Plmn::parse("0010101").error().reason, "expected 5 or 6 digits (MCC then a 2- or 3-digit MNC), got 7");
  EXPECT_EQ(Plmn::parse("001a1").error().reason, "not a decimal digit at position 4");
  EXPECT_FALSE(Plmn::decode(Bytes<3>{0x0a, 0xf1, 0x10}));
  EXPECT_FALSE(Plmn::decode(Bytes<3>{0x00, 0xf1, 0xf0}));
}

}  // namespace
}  // namespace iotboot
