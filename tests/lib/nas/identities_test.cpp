#include "nas/identities.hpp"

#include <gtest/gtest.h>

namespace iotboot::nas {
namespace {

TEST(Guti, TextAndBinaryRoundTrip) {
  auto g = Guti::parse("001-01-8001-01-c0ffee01");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->mme_group_id, 0x8001);
  EXPECT_EQ(g->mme_code, 0x01);
  EXPECT_EQ(g->m_tmsi, 0xc0ffee01u);
  EXPECT_EQ(g->binary(), (Bytes<10>{0x00, 0xf1, 0x10, 0x80, 0x01, 0x01, 0xc0, 0xff, 0xee, 0x01}));
  EXPECT_EQ(Guti::from_binary(g->binary()), g.value());
  EXPECT_EQ(g->text().value(), "001-01-8001-01-c0ffee01");
  EXPECT_EQ(Guti::parse("310-410-0001-ff-00000000")->text().value(), "310-410-0001-ff-00000000");
}

TEST(Guti, RejectsMalformedText) {
  for (const char* bad : {"", "001-01-8001-01", "001-01-8001-01-c0ffee0", "001-01-8001-01-c0ffee01-",
                          "0a1-01-8001-01-c0ffee01", "001-01-80x1-01-c0ffee01", "001-0-8001-01-c0ffee01"}) {
    EXPECT_FALSE(Guti::parse(bad).ok()) << bad;
  }
}

// The AS takes any bytes a DTLS client sends as its PSK identity: only the one canonical text of
// a GUTI may pass, and the reason never quotes what was sent.
TEST(Guti, OnlyTheCanonicalTextIsAccepted) {
  const std::string invalid_utf8 = "\xff\xfe";
  const std::string with_nul("001-01-8001-01-c0ffee0\0", 23);
  for (const std::string& bad :
       {std::string("001-01-8001-01-C0FFEE01"), std::string("001-01-8001-01-c0FFee01"),
        std::string("001-01-80A1-01-c0ffee01"), std::string(" 001-01-8001-01-c0ffee01"),
        std::string("001-01-8001-01-c0ffee01\n"), std::string("+01-01-8001-01-c0ffee01"), invalid_utf8, with_nul,
        std::string(4096, 'a'), std::string(Guti::kMaxTextSize + 1, '0')}) {
    const auto r = Guti::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().reason, "expected MCC-MNC-MMEGI-MMEC-MTMSI, e.g. 001-01-8001-01-c0ffee01");
  }
  for (const char* good : {"001-01-8001-01-c0ffee01", "310-410-0001-ff-00000000", "999-999-ffff-ff-ffffffff"}) {
    auto g = Guti::parse(good);
    ASSERT_TRUE(g.ok()) << good;
    EXPECT_EQ(g->text().value(), good);
    EXPECT_LE(std::string(good).size(), Guti::kMaxTextSize);
  }
}

}  // namespace
}  // namespace iotboot::nas
