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
  for (const char* bad : {"", "001-01-8001-01", "001-01-8001-01-c0ffee0", "001-01-8001-01-c0ffee01-", "0a1-01-8001-01-c0ffee01",
                          "001-01-80x1-01-c0ffee01", "001-0-8001-01-c0ffee01"}) {
    EXPECT_FALSE(Guti::parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace iotboot::nas
