// Seed steps 1-10 over real sockets: UEs attach through the MME, which authenticates them with
// vectors from the HSS (SQLite), including every failure path of the issue.
#include <gtest/gtest.h>

#include "async/timer_clock.hpp"
#include "hss/sqlite_subscriber_store.hpp"
#include "lab.hpp"
#include "nas/emm.hpp"
#include "nas/emm_cause.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

std::uint8_t d_type(const std::vector<std::uint8_t>& pdu) { return pdu.size() > 1 ? pdu[1] : 0; }

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
  auto stranger = provisioning::generate_subscribers("001019999999999", 1, provisioning::BootstrapMode::off);
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

// An HSS past its pending-request limit answers 3004 DIAMETER_TOO_BUSY; the MME tells the UE to
// come back later (#22 with T3346) instead of that the network failed, and the UEs, waiting
// that long, all attach.
TEST(Attach, AnOverloadedHssMakesUesComeBackAfterT3346) {
  Lab lab(40, "overload");
  lab.hss_options = [](hss::HssConfig& c) { c.diameter.max_pending_requests = 8; };
  lab.mme_options = [](mme::MmeConfig& c) { c.t3346 = std::chrono::seconds(2); };
  lab.stop_hss();
  lab.start_hss();
  lab.restart_mme();
  ASSERT_TRUE(lab.io.eventually([&] { return lab.mme->node().peer_open("hss.iotboot.test"); }));
  ue::LoadOptions o;
  o.retries = 6;
  const ue::LoadReport r = lab.attach(40, 40, o);
  EXPECT_EQ(r.attached, 40u);
  const std::string congestion = "Attach Reject #" + std::to_string(nas::cause::kCongestion);
  EXPECT_GT(r.retries.count(congestion) ? r.retries.at(congestion) : 0u, 0u);
  EXPECT_EQ(r.retries.count("Attach Reject #" + std::to_string(nas::cause::kNetworkFailure)), 0u);
  EXPECT_GT(lab.io.call([&] { return lab.hss->node().stats().too_busy; }), 0u);
}

// Past max_attach_attempts the MME says Overload Start; the UE simulator, as the eNodeB, then
// refuses attaches itself (the MME never sees them) and its UEs come back after the wait time,
// once the MME has said Overload Stop.
TEST(Attach, AnOverloadedMmeHasTheEnodebRefuseAttachesUntilOverloadStop) {
  Lab lab(30, "mme-overload");
  lab.mme_options = [](mme::MmeConfig& c) {
    c.max_attach_attempts = 4;
    c.t3346 = std::chrono::seconds(2);
  };
  lab.restart_mme();
  ue::LoadOptions o;
  o.retries = 8;
  const ue::LoadReport r = lab.attach(30, 30, o);
  EXPECT_EQ(r.attached, 30u);
  const std::string refused = "RRC connection rejected: MME overload";
  EXPECT_GT(r.retries.count(refused) ? r.retries.at(refused) : 0u, 0u);
  // Those the eNodeB refused never reached the MME: it saw fewer Attach Requests than the UEs
  // made attempts.
  const std::size_t attempts = 30 + (r.retries.count(refused) ? r.retries.at(refused) : 0u);
  EXPECT_LT(lab.mme_stats().attach_requests, attempts);
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

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

TEST(Attach, UnusedVectorsServeTheNextAuthentication) {
  Lab lab(1);
  lab.vectors_per_air = 3;
  lab.restart_mme();
  ue::LoadOptions o;
  o.reattach_with_guti = true;
  // One UE attaches three times: one AIR brings three vectors, used one per attach.
  EXPECT_EQ(lab.attach(3, 1, o).attached, 3u);
  EXPECT_EQ(lab.io.call([&] { return lab.mme->node().stats().requests_sent; }), 1u);
  EXPECT_EQ(lab.io.call([&] { return lab.hss->auth().stats().requests; }), 1u);
  // The fourth needs a new AIR.
  EXPECT_EQ(lab.attach(1, 1, o).attached, 1u);
  EXPECT_EQ(lab.io.call([&] { return lab.mme->node().stats().requests_sent; }), 2u);
}

TEST(Attach, SilentUeGetsRetransmissionsThenTheProcedureIsAborted) {
  Lab lab(1);
  // A T3460 no test outlives: only the clock the test moves makes it expire.
  lab.mme_options = [](mme::MmeConfig& c) { c.t3460 = std::chrono::hours(1); };
  lab.restart_mme();
  std::vector<std::vector<std::uint8_t>> downlink;
  auto raw = lab.io.await(net::s1lite_connect(
      "127.0.0.1", lab.s1_port,
      [&](net::S1liteConnection&, std::uint32_t, ByteView pdu) { downlink.emplace_back(pdu.begin(), pdu.end()); },
      nullptr));
  nas::AttachRequest req;
  req.identity = lab.subscribers[0].imsi;
  lab.io.call([&] {
    raw->send(1, nas::encode(req));
    return 0;
  });
  const auto downlinks = [&] { return lab.io.call([&] { return downlink.size(); }); };
  ASSERT_TRUE(lab.io.eventually([&] { return downlink.size() == 1; }));
  // Each expiry of T3460 retransmits the challenge, 4 times; the 5th aborts the procedure.
  for (std::size_t expiry = 1; expiry <= 4; ++expiry) {
    lab.io.call([&] {
      async::TimerClock::advance(lab.io.io, std::chrono::hours(1));
      return 0;
    });
    ASSERT_TRUE(lab.io.eventually([&] { return downlink.size() == 1 + expiry; })) << "expiry " << expiry;
    EXPECT_EQ(lab.mme_stats().procedures_aborted, 0u);
  }
  lab.io.call([&] {
    async::TimerClock::advance(lab.io.io, std::chrono::hours(1));
    return 0;
  });
  ASSERT_TRUE(lab.io.eventually([&] { return lab.mme->stats().procedures_aborted == 1; }));
  EXPECT_EQ(downlinks(), 5u);
  for (const auto& d : downlink) EXPECT_EQ(d, downlink[0]);
  EXPECT_EQ(d_type(downlink[0]), 0x52);
  EXPECT_EQ(lab.mme_stats().retransmissions, 4u);
  lab.io.call([&] {
    raw->close();
    return 0;
  });
  EXPECT_EQ(lab.attach(1).attached, 1u);  // and the UE can attach afterwards
}

TEST(Attach, DetachAndContextCleanup) {
  Lab lab(5);
  ue::LoadOptions o;
  o.detach = true;
  EXPECT_EQ(lab.attach(5, 5, o).attached, 5u);
  EXPECT_TRUE(lab.io.eventually([&] { return lab.mme->stats().detaches == 5; }));
  // Deregistered, they keep their GUTIs for context_retention (an hour), then housekeeping
  // forgets them.
  const auto contexts = [&] { return lab.io.call([&] { return lab.mme->contexts(); }); };
  EXPECT_EQ(contexts(), 5u);
  lab.io.call([&] {
    async::TimerClock::advance(lab.io.io, std::chrono::minutes(59));
    return 0;
  });
  EXPECT_EQ(contexts(), 5u);
  lab.io.call([&] {
    async::TimerClock::advance(lab.io.io, std::chrono::minutes(2));
    return 0;
  });
  EXPECT_TRUE(lab.io.eventually([&] { return lab.mme->contexts() == 0; }));
}

}  // namespace
}  // namespace iotboot::test

namespace iotboot::test {
namespace {

// TS 33.401 §6.1.1: no E-UTRAN vector (nor Ks) is built from an AMF without the separation
// bit. Provisioning refuses such a subscriber; one left in a store from before gets no vectors
// (S6a 4181, the attach rejected #17) and no SQN is spent on it. (The USIM's own check, #26, is
// tested in lib/crypto.)
TEST(Attach, AmfWithoutSeparationBitGetsNoVectors) {
  Lab lab(1);
  crypto::Sqn before;
  {
    hss::SqliteSubscriberStore store((lab.dir / "hss.db").string());
    hss::Subscriber s = *store.find(lab.subscribers[0].imsi);
    s.amf = {0x00, 0x00};
    store.replace(s);
    before = s.sqn;
  }
  const ue::LoadReport r = lab.attach(1);
  EXPECT_EQ(r.attached, 0u);
  EXPECT_EQ(r.failures.at("Attach Reject #17"), 1u);
  EXPECT_EQ(lab.mme_stats().attach_rejects, 1u);
  hss::SqliteSubscriberStore store((lab.dir / "hss.db").string());
  EXPECT_EQ(store.find(lab.subscribers[0].imsi)->sqn.value(), before.value());
}

}  // namespace
}  // namespace iotboot::test
