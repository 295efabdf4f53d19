// Seed steps 1-10 over real sockets: UEs attach through the MME, which authenticates them with
// vectors from the HSS (SQLite), including every failure path of the issue.
#include <gtest/gtest.h>

#include "hss/sqlite_subscriber_store.hpp"
#include "lab.hpp"
#include "nas/emm_cause.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

TEST(Attach, OneUe) {
  Lab lab(1);
  const ue::LoadReport r = lab.attach(1);
  EXPECT_EQ(r.attached, 1u);
  EXPECT_EQ(r.failed, 0u);
  const mme::MmeStats s = lab.mme_stats();
  EXPECT_EQ(s.attaches_accepted, 1u);
  EXPECT_TRUE(lab.io.eventually([&] { return lab.mme->stats().attaches_completed == 1; }));
}

TEST(Attach, ThousandUesAtConcurrency100) {
  Lab lab(1000);
  const ue::LoadReport r = lab.attach(1000, 100);
  EXPECT_EQ(r.attached, 1000u);
  EXPECT_EQ(r.failed, 0u) << (r.failures.empty() ? "" : r.failures.begin()->first);
}

TEST(Attach, WrongKeyIsMacFailureThenAuthenticationReject) {
  Lab lab(1);
  auto subs = lab.subscribers;
  subs[0].k[0] ^= 0x01;  // the USIM's K differs from the HSS's
  const ue::LoadReport r = lab.attach_as(subs, 1);
  EXPECT_EQ(r.attached, 0u);
  EXPECT_EQ(r.failures.at("Authentication Reject"), 1u);
  EXPECT_EQ(lab.mme_stats().authentication_rejects, 1u);
}

TEST(Attach, UsimAheadResynchronisesAndAttaches) {
  Lab lab(1);
  // The subscriber file's SQN is where a USIM starts: this one has accepted SEQ 5000 while the
  // HSS is at 0 (an old HSS backup, say): synch failure, AUTS, one re-synchronisation.
  auto subs = lab.subscribers;
  subs[0].sqn = crypto::Sqn::from_parts(5000, 3, 5);
  const ue::LoadReport r = lab.attach_as(subs, 1);
  EXPECT_EQ(r.attached, 1u);
  EXPECT_EQ(r.resynchronisations, 1u);
  EXPECT_EQ(lab.mme_stats().resynchronisations, 1u);
  hss::SqliteSubscriberStore store((lab.dir / "hss.db").string());
  EXPECT_EQ(store.find(subs[0].imsi)->sqn.seq(5), 5001u);
}

TEST(Attach, UnknownImsiIsRejectedWithCause8) {
  Lab lab(1);
  auto stranger = provisioning::generate_subscribers("001019999999999", 1, false);
  const ue::LoadReport r = lab.attach_as(stranger, 1);
  EXPECT_EQ(r.attached, 0u);
  EXPECT_EQ(r.failures.at("Attach Reject #" + std::to_string(nas::cause::kEpsAndNonEpsServicesNotAllowed)), 1u);
}

TEST(Attach, HssDownIsNetworkFailureThenRecovers) {
  Lab lab(2);
  lab.stop_hss();
  ASSERT_TRUE(lab.io.eventually([&] { return !lab.mme->node().peer_open("hss.iotboot.test"); }));
  const ue::LoadReport down = lab.attach(1);
  EXPECT_EQ(down.attached, 0u);
  EXPECT_EQ(down.failures.at("Attach Reject #" + std::to_string(nas::cause::kNetworkFailure)), 1u);
  lab.start_hss();
  ASSERT_TRUE(lab.io.eventually([&] { return lab.mme->node().peer_open("hss.iotboot.test"); }));
  EXPECT_EQ(lab.attach(2).attached, 2u);
}

TEST(Attach, ReattachWithKnownGutiNeedsNoIdentityRequest) {
  Lab lab(10);
  ue::LoadOptions o;
  o.reattach_with_guti = true;
  o.detach = true;
  // Each of 10 UEs attaches twice: the second time with its GUTI.
  const ue::LoadReport r = lab.attach(20, 5, o);
  EXPECT_EQ(r.attached, 20u);
  EXPECT_EQ(r.identity_requests, 0u);
  EXPECT_EQ(lab.mme_stats().identity_requests, 0u);
  EXPECT_EQ(lab.mme_stats().detaches, 20u);
}

}  // namespace
}  // namespace iotboot::test
