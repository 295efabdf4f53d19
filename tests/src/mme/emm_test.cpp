// The MME's EMM state machine on its own: a real MME on S1-lite with a real UE session, the
// HSS replaced by a fake vector source (the MME's S6a seam), so that each test chooses what
// "the HSS" answers: vectors, a stale SQN, wrong XRES, an unknown subscriber.
#include <utility>

#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>

#include "../../lib/diameter/io_thread.hpp"
#include "crypto/auth_vector.hpp"
#include "crypto/random.hpp"
#include "mme/mme.hpp"
#include "nas/emm_cause.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "ue/ue_session.hpp"
#include "ue/usim.hpp"

namespace iotboot::mme {
namespace {

using namespace std::chrono_literals;
using test::IoThread;

const Plmn kPlmn = Plmn::parse("00101").value();

// The fake HSS: vectors for one subscriber from its SEQ (TS 33.102 Annex C, IND 0), or the
// answer a test sets.
struct FakeHss {
  provisioning::SubscriberCredentials subscriber =
      provisioning::generate_subscribers("001010000000001", 1, provisioning::BootstrapMode::off)[0];
  std::uint64_t seq = 1;
  std::optional<std::uint8_t> reject_cause;
  bool stale_once = false;  // the next AIR's vectors carry an SQN the USIM has seen
  bool wrong_xres = false;
  unsigned airs = 0;
  unsigned resyncs = 0;

  Vector make_vector() {
    crypto::Rand rand;
    crypto::random_bytes(rand);
    const crypto::Sqn sqn = crypto::Sqn::from_parts(stale_once ? 0 : seq++, 0, 5);
    const crypto::AuthVector av =
        crypto::build_auth_vector(subscriber.k, subscriber.opc, rand, sqn, subscriber.amf, kPlmn.encoded());
    Vector v;
    v.rand = av.rand;
    v.xres.assign(av.xres.begin(), av.xres.end());
    if (wrong_xres) v.xres[0] ^= 1;
    v.autn = av.autn;
    v.kasme = av.kasme;
    return v;
  }

  VectorSource source() {
    return
        [this](std::string imsi, unsigned count, std::optional<Bytes<30>> resync) -> asio::awaitable<VectorsOutcome> {
          ++airs;
          VectorsOutcome out;
          if (resync) {
            ++resyncs;
            stale_once = false;
            seq += 100;  // past SQN_MS, as the HSS's recovery from AUTS would be
          }
          if (reject_cause || imsi != subscriber.imsi) {
            out.reject_cause = reject_cause.value_or(nas::cause::kEpsAndNonEpsServicesNotAllowed);
            co_return out;
          }
          for (unsigned i = 0; i < count; ++i) out.vectors.push_back(make_vector());
          co_return out;
        };
  }
};

struct MmeLab {
  IoThread io;
  FakeHss hss;
  std::unique_ptr<Mme> mme;
  std::uint16_t s1_port = 0;
  ue::Usim usim{hss.subscriber.imsi, hss.subscriber.k, hss.subscriber.opc};
  std::optional<nas::Guti> guti;
  std::size_t contexts_when_done = 0;

  explicit MmeLab(unsigned vectors_per_air = 1) {
    MmeConfig c;
    c.s1_port = 0;
    c.diameter.origin_host = "mme.iotboot.test";
    c.diameter.origin_realm = "iotboot.test";
    c.diameter.listen = false;
    c.vectors_per_air = vectors_per_air;
    c.t3460 = 500ms;
    c.t3450 = 500ms;
    io.call([&] {
      mme = std::make_unique<Mme>(io.io, c, hss.source());
      mme->start();
      s1_port = mme->s1_port();
      return 0;
    });
  }
  ~MmeLab() {
    io.call([&] {
      mme.reset();
      return 0;
    });
  }

  // One attach over a new S1-lite connection (with the GUTI of the last one when asked).
  ue::AttachOutcome attach(bool with_guti = false) {
    std::unique_ptr<ue::UeSession> session;
    auto connection = io.await(net::s1lite_connect(
        "127.0.0.1", s1_port, [&](net::S1liteConnection&, std::uint32_t, ByteView pdu) { session->deliver(pdu); },
        nullptr));
    io.call([&] {
      session = std::make_unique<ue::UeSession>(io.io, usim, kPlmn, 1, connection);
      session->restore_guti(with_guti ? guti : std::nullopt);
      return 0;
    });
    ue::AttachOutcome out = io.await(session->attach(with_guti, 3000ms));
    if (out.attached) guti = out.guti;
    // Counted with the UE still connected: the procedure's own end, not the connection's
    // closing, must have removed what is gone.
    contexts_when_done = contexts();
    io.call([&] {
      connection->close();
      session.reset();
      return 0;
    });
    return out;
  }
  MmeStats stats() {
    return io.call([&] { return mme->stats(); });
  }
  std::size_t contexts() {
    return io.call([&] { return mme->contexts(); });
  }
};

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
