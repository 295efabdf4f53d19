// Pull mode at the MME (src/mme/t6a_server.cpp): the SCEF's CIR gets the Ks of the vector the
// UE authenticated with, for a current GUTI only; every other case gets its precise refusal.
#include "diameter/result_codes.hpp"
#include "mme_lab.hpp"

namespace iotboot::mme {
namespace {

using namespace test_lab;
using diameter::ReceivedMessage;

std::uint32_t refusal(const diameter::t6a::Cia& cia) {
  EXPECT_FALSE(cia.ks);
  return cia.origin.experimental_result ? cia.origin.experimental_result->code : 0;
}

// The pull-mode lab: vectors carry their Ks (10 minutes), and an SCEF is connected.
struct PullLab : MmeLab {
  explicit PullLab(unsigned vectors_per_air = 1) : MmeLab(vectors_per_air) {
    hss.ks_lifetime = std::chrono::seconds(600);
    connect_scef();
  }
};

TEST(MmeT6a, ACurrentGutiGetsTheKsOfTheVectorItsUeUsed) {
  PullLab lab(3);  // three vectors per AIR: the MME must serve the one the UE used
  const ue::AttachOutcome out = lab.attach();
  ASSERT_TRUE(out.attached) << out.failure;
  ASSERT_EQ(lab.hss.ks_by_rand.size(), 3u);
  ReceivedMessage keep;
  const diameter::t6a::Cia cia = lab.ks_for(*out.guti, keep);
  ASSERT_TRUE(cia.origin.succeeded());
  ASSERT_TRUE(cia.ks);
  EXPECT_TRUE(*cia.ks == out.ks);  // the UE's own derivation (seed step 11)
  EXPECT_EQ(cia.user_name, lab.hss.subscriber.imsi);
  EXPECT_GE(cia.ks_lifetime_s, 599u);
  EXPECT_LE(cia.ks_lifetime_s, 600u);
  EXPECT_EQ(lab.stats().ks_served, 1u);
}

TEST(MmeT6a, AnUnknownOrSupersededGutiIsUserUnknown) {
  PullLab lab;
  ASSERT_TRUE(lab.attach().attached);
  const nas::Guti first = *lab.guti;
  nas::Guti stranger = first;
  stranger.m_tmsi ^= 0x5a5a5a5a;
  ReceivedMessage keep;
  EXPECT_EQ(refusal(lab.ks_for(stranger, keep)), diameter::result::kErrorUserUnknown);
  nas::Guti other_mme = first;
  other_mme.mme_code = 7;
  EXPECT_EQ(refusal(lab.ks_for(other_mme, keep)), diameter::result::kErrorUserUnknown);
  // A new authentication supersedes the first GUTI; the new one has the new vector's Ks.
  const ue::AttachOutcome again = lab.attach();
  ASSERT_TRUE(again.attached) << again.failure;
  EXPECT_EQ(refusal(lab.ks_for(first, keep)), diameter::result::kErrorUserUnknown);
  const diameter::t6a::Cia cia = lab.ks_for(*again.guti, keep);
  ASSERT_TRUE(cia.ks);
  EXPECT_TRUE(*cia.ks == again.ks);
}

TEST(MmeT6a, ADetachedUeHasNoKeyAnyMore) {
  PullLab lab;
  ASSERT_TRUE(lab.attach(false, true).attached);
  ReceivedMessage keep;
  EXPECT_EQ(refusal(lab.ks_for(*lab.guti, keep)), diameter::result::kIotUeDetached);
}

TEST(MmeT6a, AnExpiredKeyIsRefusedAndWiped) {
  PullLab lab;
  ASSERT_TRUE(lab.attach().attached);
  async::TimerClock::advance(lab.io.io, std::chrono::seconds(601));
  ReceivedMessage keep;
  EXPECT_EQ(refusal(lab.ks_for(*lab.guti, keep)), diameter::result::kIotKeyExpired);
}

TEST(MmeT6a, AUeOutsidePullModeHasNoKey) {
  MmeLab lab;  // vectors without Ks: push mode or none
  lab.connect_scef();
  ASSERT_TRUE(lab.attach().attached);
  ReceivedMessage keep;
  EXPECT_EQ(refusal(lab.ks_for(*lab.guti, keep)), diameter::result::kIotNoKey);
  EXPECT_EQ(lab.stats().ks_requests, 1u);
  EXPECT_EQ(lab.stats().ks_served, 0u);
}

}  // namespace
}  // namespace iotboot::mme
