// The MME's EMM state machine on its own (mme_lab.hpp: a fake HSS chooses what S6a answers).
#include "mme_lab.hpp"

namespace iotboot::mme {
namespace {

using namespace test_lab;

TEST(Emm, AttachWithImsiGetsAGutiOfThisMme) {
  MmeLab lab;
  const ue::AttachOutcome out = lab.attach();
  ASSERT_TRUE(out.attached) << out.failure;
  ASSERT_TRUE(out.guti);
  EXPECT_EQ(out.guti->mme_group_id, 0x8001);
  EXPECT_EQ(out.guti->mme_code, 1);
  EXPECT_EQ(lab.hss.airs, 1u);
  EXPECT_EQ(lab.stats().attaches_completed, 1u);
  EXPECT_EQ(lab.contexts_when_done, 1u);
}

TEST(Emm, AKnownGutiNeedsNoIdentityRequestAndUsesTheUnusedVector) {
  MmeLab lab(2);
  ASSERT_TRUE(lab.attach().attached);
  const nas::Guti first = *lab.guti;
  const ue::AttachOutcome again = lab.attach(true);
  ASSERT_TRUE(again.attached) << again.failure;
  EXPECT_FALSE(again.identity_requested);
  EXPECT_EQ(lab.hss.airs, 1u);                  // the second vector of the first AIR
  EXPECT_NE(again.guti->m_tmsi, first.m_tmsi);  // a fresh M-TMSI each time
  EXPECT_EQ(lab.contexts_when_done, 1u);        // the new context replaced the old one
}

TEST(Emm, AnUnknownGutiLeadsToAnIdentityRequest) {
  MmeLab lab;
  lab.guti = nas::Guti{kPlmn.encoded(), 0x8001, 1, 0x0badf00d};
  const ue::AttachOutcome out = lab.attach(true);
  ASSERT_TRUE(out.attached) << out.failure;
  EXPECT_TRUE(out.identity_requested);
  EXPECT_EQ(lab.stats().identity_requests, 1u);
}

TEST(Emm, AnUnknownSubscriberIsRejectedAndNothingIsKept) {
  MmeLab lab;
  lab.hss.reject_cause = nas::cause::kEpsAndNonEpsServicesNotAllowed;
  const ue::AttachOutcome out = lab.attach();
  EXPECT_FALSE(out.attached);
  EXPECT_EQ(out.failure, "Attach Reject #8");
  EXPECT_EQ(lab.contexts_when_done, 0u);
  EXPECT_EQ(lab.stats().attach_rejects, 1u);
}

TEST(Emm, AStaleSqnIsResynchronisedOnce) {
  MmeLab lab;
  ASSERT_TRUE(lab.attach().attached);  // the USIM has now seen SEQ 1
  lab.hss.stale_once = true;
  const ue::AttachOutcome out = lab.attach();
  ASSERT_TRUE(out.attached) << out.failure;
  EXPECT_TRUE(out.resynchronised);
  EXPECT_EQ(lab.hss.resyncs, 1u);
  EXPECT_EQ(lab.stats().resynchronisations, 1u);
}

TEST(Emm, AWrongResIsRejectedAndTheContextOfRecordStays) {
  MmeLab lab;
  ASSERT_TRUE(lab.attach().attached);
  lab.hss.wrong_xres = true;  // the UE's RES will not match
  const ue::AttachOutcome out = lab.attach();
  EXPECT_FALSE(out.attached);
  EXPECT_EQ(out.failure, "Authentication Reject");
  EXPECT_EQ(lab.stats().authentication_rejects, 1u);
  EXPECT_EQ(lab.contexts_when_done, 1u);  // the failed attempt is gone; the UE's context is not
  lab.hss.wrong_xres = false;
  const ue::AttachOutcome back = lab.attach(true);  // its GUTI still names it
  ASSERT_TRUE(back.attached) << back.failure;
  EXPECT_FALSE(back.identity_requested);
}

}  // namespace
}  // namespace iotboot::mme
