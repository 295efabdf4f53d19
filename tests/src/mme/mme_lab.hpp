// A real MME on S1-lite with a real UE session and the HSS replaced by a fake vector source
// (the MME's S6a seam), so that each test chooses what "the HSS" answers: vectors (with their
// Ks in pull mode), a stale SQN, wrong XRES, an unknown subscriber. Its Diameter node listens,
// so that a test may play the SCEF (pull mode's CIR).
#pragma once

#include <utility>

#include <gtest/gtest.h>

#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "../../lib/diameter/io_thread.hpp"
#include "crypto/auth_vector.hpp"
#include "crypto/random.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/t6a.hpp"
#include "mme/mme.hpp"
#include "nas/emm_cause.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "ue/ue_session.hpp"
#include "ue/usim.hpp"

namespace iotboot::mme::test_lab {

using namespace std::chrono_literals;
using iotboot::test::IoThread;

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
  std::optional<std::chrono::seconds> ks_lifetime;  // set: pull mode, each vector carries its Ks
  std::map<Bytes<16>, Key256> ks_by_rand;           // the Ks of every vector handed out (pull)
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
    if (ks_lifetime) {
      v.ks = av.ks;
      v.ks_lifetime = *ks_lifetime;
      ks_by_rand[av.rand] = av.ks;
    }
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
    c.diameter.listen_port = 0;
    c.diameter.peers.push_back({"scef.iotboot.test",
                                "iotboot.test",
                                "127.0.0.1",
                                0,
                                false,
                                {{diameter::app::kT6a, diameter::cmd::kConfigurationInformation}},
                                false});
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
      scef.reset();
      mme.reset();
      return 0;
    });
  }

  // One attach over a new S1-lite connection (with the GUTI of the last one when asked), and
  // a detach after it when asked.
  ue::AttachOutcome attach(bool with_guti = false, bool then_detach = false) {
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
    if (out.attached && then_detach) {
      EXPECT_TRUE(io.await(session->detach(false, 3000ms)));
    }
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
  // A Diameter node playing the SCEF, connected to the MME (pull mode).
  std::unique_ptr<diameter::Node> scef;
  void connect_scef() {
    io.call([&] {
      diameter::NodeConfig n;
      n.origin_host = "scef.iotboot.test";
      n.origin_realm = "iotboot.test";
      n.listen = false;
      n.peers.push_back({"mme.iotboot.test", "iotboot.test", "127.0.0.1", mme->node().local_port(), true, {}, false});
      scef = std::make_unique<diameter::Node>(io.io, n);
      scef->use_application(diameter::app::kT6a);
      scef->start();
      return 0;
    });
    ASSERT_TRUE(io.await(scef->wait_open("mme.iotboot.test", 5s)));
  }
  // The SCEF's CIR for a GUTI and the MME's answer (views into `keep`).
  diameter::t6a::Cia ks_for(const nas::Guti& g, diameter::ReceivedMessage& keep) {
    diameter::RequestResult r =
        io.await([](diameter::Node& n, Bytes<10> octets) -> asio::awaitable<diameter::RequestResult> {
          const std::string sid = n.new_session_id();
          diameter::t6a::Cir cir;
          cir.routing = n.routing(sid, "iotboot.test", std::string_view("mme.iotboot.test"));
          cir.guti = octets;
          diameter::RequestResult res = co_await n.request(cir);
          co_return res;
        }(*scef, g.binary()));
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {};
    keep = std::move(r.value());
    auto cia = diameter::t6a::Cia::decode(keep.view());
    EXPECT_TRUE(cia.ok());
    return cia.ok() ? std::move(cia.value()) : diameter::t6a::Cia{};
  }
  MmeStats stats() {
    return io.call([&] { return mme->stats(); });
  }
  std::size_t contexts() {
    return io.call([&] { return mme->contexts(); });
  }
};

}  // namespace iotboot::mme::test_lab
