// The MME against UEs that misbehave or come back: unknown GUTIs, replayed challenges,
// malformed NAS, and a HSS vector check by lib/crypto.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <set>

#include "crypto/auth_vector.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/milenage.hpp"
#include "lab.hpp"
#include "nas/emm.hpp"
#include "nas/emm_cause.hpp"
#include "ue/ue_session.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

// One UE driven directly, on the lab's io thread, with every downlink PDU recorded.
struct DirectUe {
  Lab& lab;
  ue::Usim usim;
  std::unique_ptr<ue::UeSession> session;
  std::shared_ptr<net::S1liteConnection> connection;
  std::vector<std::vector<std::uint8_t>> downlink;

  DirectUe(Lab& l, const provisioning::SubscriberCredentials& c) : lab(l), usim(c.imsi, c.k, c.opc) {
    lab.io.call([&] {
      session = std::make_unique<ue::UeSession>(lab.io.io, usim, Plmn::parse("00101").value(), 1, nullptr);
      return 0;
    });
    connect(lab.s1_port);
  }
  ~DirectUe() {
    lab.io.call([&] {
      if (connection) connection->close();
      session.reset();
      return 0;
    });
  }
  void connect(std::uint16_t port) {
    connection = lab.io.await(net::s1lite_connect(
        "127.0.0.1", port,
        [this](net::S1liteConnection&, std::uint32_t, ByteView pdu) {
          downlink.emplace_back(pdu.begin(), pdu.end());
          session->deliver(pdu);
        },
        nullptr));
    lab.io.call([&] {
      session->set_connection(connection);
      return 0;
    });
  }
  ue::AttachOutcome attach(bool use_guti) { return lab.io.await(session->attach(use_guti, 3000ms)); }
};

TEST(NasEdges, UnknownGutiGetsAnIdentityRequest) {
  Lab lab(1);
  DirectUe ue(lab, lab.subscribers[0]);
  ASSERT_TRUE(ue.attach(false).attached);
  // A new MME (another MME code would do too) does not know the GUTI.
  lab.io.call([&] {
    lab.mme.reset();
    return 0;
  });
  lab.start_mme();
  ue.connect(lab.s1_port);
  const ue::AttachOutcome again = ue.attach(true);
  EXPECT_TRUE(again.attached) << again.failure;
  EXPECT_TRUE(again.identity_requested);
  EXPECT_EQ(lab.mme_stats().identity_requests, 1u);
}

TEST(NasEdges, KnownGutiIsReusedAndTheOldOneReleased) {
  Lab lab(1);
  DirectUe ue(lab, lab.subscribers[0]);
  const ue::AttachOutcome first = ue.attach(false);
  ASSERT_TRUE(first.attached);
  const ue::AttachOutcome second = ue.attach(true);
  ASSERT_TRUE(second.attached);
  EXPECT_FALSE(second.identity_requested);
  ASSERT_TRUE(first.guti && second.guti);
  EXPECT_NE(first.guti->m_tmsi, second.guti->m_tmsi);
  // The first GUTI was released on reattach: a UE still holding it is asked for its IMSI.
  lab.io.call([&] {
    ue.session->restore_guti(first.guti);
    return 0;
  });
  const ue::AttachOutcome third = ue.attach(true);
  EXPECT_TRUE(third.attached);
  EXPECT_TRUE(third.identity_requested);
}

// The review's reproduction: an unauthenticated Attach Request naming a registered UE's IMSI
// (or its GUTI) took over the UE's context, and the failed authentication that followed left
// the UE unbound and its GUTI unknown. A new attach replaces the context only once it has
// authenticated.
TEST(NasEdges, AnAttachThatFailsAuthenticationLeavesTheRegisteredContextAlone) {
  Lab lab(1);
  DirectUe victim(lab, lab.subscribers[0]);
  const ue::AttachOutcome registered = victim.attach(false);
  ASSERT_TRUE(registered.attached);
  provisioning::SubscriberCredentials forged = lab.subscribers[0];
  forged.k[0] ^= 0xff;  // knows the IMSI, not the key
  for (bool by_guti : {false, true}) {
    DirectUe attacker(lab, forged);
    lab.io.call([&] {
      attacker.session->restore_guti(registered.guti);
      return 0;
    });
    const ue::AttachOutcome out = attacker.attach(by_guti);
    EXPECT_FALSE(out.attached);
    EXPECT_EQ(out.failure, "Authentication Reject");
  }
  EXPECT_EQ(lab.io.call([&] { return lab.mme->contexts(); }), 1u);  // the failed attempts are gone
  // The UE's context is intact: its protected Detach Request is understood on its own stream,
  // and its GUTI is still known when it attaches again.
  EXPECT_TRUE(lab.io.await(victim.session->detach(false, 2000ms)));
  const ue::AttachOutcome again = victim.attach(true);
  EXPECT_TRUE(again.attached) << again.failure;
  EXPECT_FALSE(again.identity_requested);
}

TEST(NasEdges, ReplayedAuthenticationRequestIsRefusedByTheUe) {
  Lab lab(1);
  DirectUe ue(lab, lab.subscribers[0]);
  ASSERT_TRUE(ue.attach(false).attached);
  std::vector<std::uint8_t> challenge;
  for (const auto& pdu : ue.downlink) {
    if (pdu.size() > 2 && pdu[0] == 0x07 && pdu[1] == 0x52) challenge = pdu;  // plain Authentication Request
  }
  ASSERT_FALSE(challenge.empty());
  // A fake MME replays the recorded challenge to the next Attach Request.
  std::vector<std::vector<std::uint8_t>> uplink;
  std::unique_ptr<net::S1liteServer> fake;
  lab.io.call([&] {
    fake = std::make_unique<net::S1liteServer>(
        lab.io.io, "127.0.0.1", 0,
        [&](net::S1liteConnection& c, std::uint32_t stream, ByteView pdu) {
          uplink.emplace_back(pdu.begin(), pdu.end());
          if (pdu.size() > 1 && pdu[1] == 0x41) c.send(stream, challenge);
        },
        nullptr);
    fake->start();
    return 0;
  });
  ue.connect(lab.io.call([&] { return fake->port(); }));
  const ue::AttachOutcome out = lab.io.await(ue.session->attach(false, 500ms));
  EXPECT_FALSE(out.attached);
  EXPECT_TRUE(out.replay_seen);
  ASSERT_EQ(uplink.size(), 2u);
  auto failure = nas::decode(uplink[1]);
  ASSERT_TRUE(failure.ok());
  ASSERT_TRUE(std::holds_alternative<nas::AuthenticationFailure>(failure.value()));
  EXPECT_EQ(std::get<nas::AuthenticationFailure>(failure.value()).cause, nas::cause::kSynchFailure);
  lab.io.call([&] {
    fake->stop();
    return 0;
  });
}

TEST(NasEdges, MalformedNasGetsEmmStatusOrIsDroppedAndTheMmeServesTheNextUe) {
  Lab lab(1);
  std::vector<std::vector<std::uint8_t>> answers;
  auto raw = lab.io.await(net::s1lite_connect(
      "127.0.0.1", lab.s1_port,
      [&](net::S1liteConnection&, std::uint32_t, ByteView pdu) { answers.emplace_back(pdu.begin(), pdu.end()); },
      nullptr));
  const std::vector<std::vector<std::uint8_t>> hostile = {
      {},                                                                  // empty
      {0x07},                                                              // header only
      {0x07, 0x41},                                                        // Attach Request, no IEs
      {0x07, 0x41, 0x71, 0x08, 0x09},                                      // identity runs past the end
      {0x07, 0x41, 0x71, 0x02, 0x09, 0x10, 0x02, 0xa0, 0x20, 0xff, 0xff},  // ESM container past the end
      {0x07, 0x7f},                                                        // unknown message type
      {0x27, 0x01, 0x02, 0x03, 0x04, 0x00, 0x07, 0x43},                    // protected, no security context
      {0x02, 0x01, 0xd9},                                                  // ESM, not EMM
      {0x07, 0x53, 0x20, 0x01},                                            // Authentication Response out of the blue
  };
  lab.io.call([&] {
    std::uint32_t stream = 100;
    for (const auto& pdu : hostile) raw->send(stream++, pdu);
    return 0;
  });
  ASSERT_TRUE(lab.io.eventually([&] { return answers.size() >= 6; }, 2s));
  std::set<std::uint8_t> causes;
  for (const auto& a : answers) {
    auto m = nas::decode(a);
    ASSERT_TRUE(m.ok());
    ASSERT_TRUE(std::holds_alternative<nas::EmmStatus>(m.value()));
    causes.insert(std::get<nas::EmmStatus>(m.value()).cause);
  }
  EXPECT_TRUE(causes.count(nas::cause::kInvalidMandatoryInformation));
  EXPECT_TRUE(causes.count(nas::cause::kMessageTypeNonExistent));
  lab.io.call([&] {
    raw->close();
    return 0;
  });
  EXPECT_EQ(lab.attach(1).attached, 1u);  // the MME is still up and serving
}

// A raw S1-lite connection to the lab's MME that records every downlink NAS message.
struct RawEnb {
  Lab& lab;
  std::vector<nas::EmmMessage> received;
  std::shared_ptr<net::S1liteConnection> c;
  explicit RawEnb(Lab& l) : lab(l) {
    c = lab.io.await(net::s1lite_connect(
        "127.0.0.1", lab.s1_port,
        [this](net::S1liteConnection&, std::uint32_t, ByteView pdu) {
          if (auto m = nas::decode(pdu); m.ok()) received.push_back(std::move(m.value()));
        },
        nullptr));
  }
  ~RawEnb() {
    lab.io.call([&] {
      c->close();
      return 0;
    });
  }
  void attach(std::uint32_t stream, nas::EpsMobileIdentity identity) {
    nas::AttachRequest req;
    req.identity = std::move(identity);
    lab.io.call([&] {
      c->send(stream, nas::encode(req));
      return 0;
    });
  }
  template <typename M>
  std::size_t count() {
    return lab.io.call([&] {
      return static_cast<std::size_t>(
          std::count_if(received.begin(), received.end(), [](const auto& m) { return std::holds_alternative<M>(m); }));
    });
  }
};

// A GUTI of another MME: an Attach Request with it gets an Identity Request.
nas::Guti foreign_guti(std::uint32_t m_tmsi) {
  nas::Guti g = nas::Guti::parse("001-01-8001-7f-00000001").value();
  g.m_tmsi = m_tmsi;
  return g;
}

// The review's reproduction: each Attach Request with a made-up IMSI left a context behind for
// the retention time (100,000 attaches: +240 MB). A rejected attach now leaves nothing.
TEST(NasEdges, RejectedAttachesLeaveNoContextBehind) {
  Lab lab(1);
  RawEnb enb(lab);
  for (std::uint32_t i = 0; i < 2000; ++i) enb.attach(i + 1, std::string("00101") + std::to_string(8000000000 + i));
  ASSERT_TRUE(lab.io.eventually([&] { return enb.received.size() >= 2000; }, 20s));
  EXPECT_EQ(enb.count<nas::AttachReject>(), 2000u);  // #8: unknown to the HSS
  EXPECT_EQ(lab.io.call([&] { return lab.mme->contexts(); }), 0u);
}

// One connection may hold only so many UEs; beyond that an Attach Request is refused with #22
// and creates nothing.
TEST(NasEdges, AConnectionHoldsAtMostItsShareOfUes) {
  Lab lab(1);
  lab.mme_options = [](mme::MmeConfig& c) { c.max_ues_per_connection = 10; };
  lab.restart_mme();
  RawEnb enb(lab);
  for (std::uint32_t i = 1; i <= 11; ++i) enb.attach(i, foreign_guti(i));
  ASSERT_TRUE(lab.io.eventually([&] { return enb.received.size() >= 11; }, 5s));
  EXPECT_EQ(enb.count<nas::IdentityRequest>(), 10u);
  ASSERT_EQ(enb.count<nas::AttachReject>(), 1u);
  EXPECT_EQ(lab.io.call([&] { return lab.mme->contexts(); }), 10u);
  EXPECT_EQ(lab.mme_stats().congestion_rejects, 1u);
}

// Attach attempts in progress are bounded: past max_attach_attempts an Attach Request gets #22
// with a T3346 at once and costs no context, and its eNodeB is told MME Overload Start; an
// attempt that ends frees its place, and at half the limit the MME says Overload Stop.
TEST(NasEdges, AttachAttemptsPastTheirLimitAreCongestionRejects) {
  Lab lab(1);
  lab.mme_options = [](mme::MmeConfig& c) { c.max_attach_attempts = 10; };
  lab.restart_mme();
  RawEnb enb(lab);
  for (std::uint32_t i = 1; i <= 11; ++i) enb.attach(i, foreign_guti(i));
  ASSERT_TRUE(lab.io.eventually([&] { return enb.received.size() >= 11; }, 5s));
  EXPECT_EQ(enb.count<nas::IdentityRequest>(), 10u);
  ASSERT_EQ(enb.count<nas::AttachReject>(), 1u);
  const auto reject = lab.io.call([&] { return std::get<nas::AttachReject>(enb.received.back()); });
  EXPECT_EQ(reject.cause, nas::cause::kCongestion);
  EXPECT_TRUE(reject.t3346.has_value());
  EXPECT_EQ(lab.mme_stats().congestion_rejects, 1u);
  EXPECT_EQ(lab.io.call([&] { return lab.mme->contexts(); }), 10u);
  // The eNodeB that sent one more is told MME Overload Start (it refuses attaches itself now).
  ASSERT_TRUE(lab.io.eventually([&] { return enb.c->peer_overloaded(); }, 5s));

  // The first attempt names an IMSI the HSS does not know: rejected with #8, its place is free.
  lab.io.call([&] {
    enb.c->send(1, nas::encode(nas::IdentityResponse{"001019999999999"}));
    return 0;
  });
  ASSERT_TRUE(lab.io.eventually([&] { return enb.received.size() >= 12; }, 5s));
  EXPECT_EQ(enb.count<nas::AttachReject>(), 2u);
  enb.attach(100, foreign_guti(100));
  ASSERT_TRUE(lab.io.eventually([&] { return enb.received.size() >= 13; }, 5s));
  EXPECT_EQ(enb.count<nas::IdentityRequest>(), 11u);
  EXPECT_EQ(lab.mme_stats().congestion_rejects, 1u);
  EXPECT_TRUE(lab.io.call([&] { return enb.c->peer_overloaded(); }));  // 10 in progress still

  // Every attempt ends (#8): down to half of the limit, the MME says Overload Stop.
  lab.io.call([&] {
    for (std::uint32_t stream : {2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 100u}) {
      enb.c->send(stream, nas::encode(nas::IdentityResponse{"001019999999999"}));
    }
    return 0;
  });
  ASSERT_TRUE(lab.io.eventually([&] { return !enb.c->peer_overloaded(); }, 5s));
  EXPECT_EQ(enb.count<nas::AttachReject>(), 12u);
}

// The review's reproduction: a peer that never reads made the MME's output buffer grow without
// bound (+92 MB from 40 MB of frames). Past max_pending_output it is closed.
TEST(NasEdges, AnEnbThatDoesNotReadIsClosed) {
  Lab lab(1);
  lab.mme_options = [](mme::MmeConfig& c) { c.s1_limits.max_pending_output = 64 << 10; };
  lab.restart_mme();
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket s(io);
  s.open(boost::asio::ip::tcp::v4());
  const int small = 4096;
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), lab.s1_port});
  // Frames of an unknown message type: each is answered with an EMM Status the peer never reads.
  std::vector<std::uint8_t> frames;
  for (std::uint32_t i = 0; i < 100000; ++i) net::append_s1lite_frame(frames, i, std::vector<std::uint8_t>{0x07, 0x7f});
  boost::system::error_code ec;
  for (int round = 0; round < 20 && !ec; ++round) boost::asio::write(s, boost::asio::buffer(frames), ec);
  EXPECT_TRUE(ec) << "the MME kept taking frames from a peer that reads nothing";
}

// A UE driven message by message over a raw S1-lite connection: its USIM answers the challenge,
// and the test decides what goes back and whether it is protected.
struct HandUe {
  Lab& lab;
  ue::Usim usim;
  std::shared_ptr<net::S1liteConnection> c;
  std::vector<std::vector<std::uint8_t>> downlink;  // raw PDUs
  std::unique_ptr<nas::SecurityContext> security;
  HandUe(Lab& l, const provisioning::SubscriberCredentials& creds) : lab(l), usim(creds.imsi, creds.k, creds.opc) {
    c = lab.io.await(net::s1lite_connect(
        "127.0.0.1", lab.s1_port,
        [this](net::S1liteConnection&, std::uint32_t, ByteView pdu) { downlink.emplace_back(pdu.begin(), pdu.end()); },
        nullptr));
  }
  ~HandUe() {
    lab.io.call([&] {
      c->close();
      return 0;
    });
  }
  void send_plain(const nas::EmmMessage& m) {
    lab.io.call([&] {
      c->send(1, nas::encode(m));
      return 0;
    });
  }
  void send_protected(const nas::EmmMessage& m) {
    lab.io.call([&] {
      c->send(1, security->protect(nas::encode(m), nas::SecurityHeader::integrity_ciphered));
      return 0;
    });
  }
  // Waits until `n` downlink PDUs have arrived; returns the n-th.
  std::vector<std::uint8_t> nth(std::size_t n) {
    EXPECT_TRUE(lab.io.eventually([&] { return downlink.size() >= n; }, 5s)) << "downlink PDU " << n;
    return lab.io.call([&] { return downlink.size() >= n ? downlink[n - 1] : std::vector<std::uint8_t>{}; });
  }
  std::size_t received() {
    return lab.io.call([&] { return downlink.size(); });
  }
  // Attach Request, Authentication Response: returns the Security Mode Command PDU (the 2nd).
  std::vector<std::uint8_t> up_to_security_mode_command() {
    nas::AttachRequest req;
    req.identity = usim.imsi();
    send_plain(req);
    auto challenge = nas::decode(nth(1));
    EXPECT_TRUE(challenge.ok() && std::holds_alternative<nas::AuthenticationRequest>(challenge.value()));
    const auto& ar = std::get<nas::AuthenticationRequest>(challenge.value());
    const crypto::UsimResponse r = usim.authenticate(ar.rand, ar.autn);
    const Key256 kasme = crypto::derive_kasme(r.ck, r.ik, Plmn::parse("00101")->encoded(), r.sqn_xor_ak);
    security = std::make_unique<nas::SecurityContext>(ar.ksi, kasme, crypto::CipheringAlgorithm::eea2,
                                                      crypto::IntegrityAlgorithm::eia2, true);
    send_plain(nas::AuthenticationResponse{std::vector<std::uint8_t>(r.res.begin(), r.res.end())});
    auto smc = nth(2);
    EXPECT_TRUE(security->unprotect(smc).ok());
    return smc;
  }
};

// The review's reproduction: once a security context was in use, the MME still processed
// unprotected messages: a plain Security Mode Complete led to Attach Accept (and a T6a success),
// a plain Attach Complete and a plain Detach Request were taken. TS 24.301 §4.4.4.3.
TEST(NasIntegrity, TheMmeDiscardsUnprotectedMessagesOnceSecurityIsInUse) {
  Lab lab(1);
  HandUe ue(lab, lab.subscribers[0]);
  const auto smc = ue.up_to_security_mode_command();
  ue.send_plain(nas::SecurityModeComplete{});
  EXPECT_EQ(ue.nth(3), smc);  // T3460 retransmits the SMC: the plain answer was not taken
  EXPECT_EQ(lab.mme_stats().attaches_accepted, 0u);
  ue.send_protected(nas::SecurityModeComplete{});
  auto accept = ue.security->unprotect(ue.nth(4));  // Attach Accept
  ASSERT_TRUE(accept.ok());
  ue.send_plain(nas::AttachComplete{});
  const auto again = ue.nth(5);  // T3450 retransmits the Attach Accept
  EXPECT_EQ(lab.mme_stats().attaches_completed, 0u);
  ue.send_protected(nas::AttachComplete{});
  ASSERT_TRUE(lab.io.eventually([&] { return lab.mme->stats().attaches_completed == 1; }));
  nas::DetachRequest detach;
  detach.identity = ue.usim.imsi();
  ue.send_plain(detach);  // dropped
  detach.ksi = ue.security->ksi();
  ue.send_protected(detach);
  ASSERT_TRUE(lab.io.eventually([&] { return lab.mme->stats().detaches == 1; }));
  EXPECT_EQ(lab.mme_stats().dropped, 3u);
}

// TS 24.301 §4.4.4.2 at the UE: a plain Security Mode Command before any context (the UE
// simulator dereferenced a null context on it), and a plain Attach Accept after the SMC, are
// ignored; the real, protected ones complete the attach.
TEST(NasIntegrity, TheUeIgnoresUnprotectedMessagesItMayNotTake) {
  Lab lab(1);
  const auto& sub = lab.subscribers[0];
  ue::Usim usim(sub.imsi, sub.k, sub.opc);
  std::unique_ptr<ue::UeSession> session;
  std::vector<std::vector<std::uint8_t>> uplink;
  std::unique_ptr<nas::SecurityContext> mme_side;
  // A fake MME: plain SMC first, a real challenge, the real SMC, a plain then a protected Accept.
  std::unique_ptr<net::S1liteServer> fake;
  const crypto::AuthVector av = crypto::build_auth_vector(sub.k, sub.opc, crypto::Rand{1, 2, 3}, crypto::Sqn(32),
                                                          {0x80, 0x00}, Plmn::parse("00101")->encoded());
  lab.io.call([&] {
    fake = std::make_unique<net::S1liteServer>(
        lab.io.io, "127.0.0.1", 0,
        [&](net::S1liteConnection& c, std::uint32_t stream, ByteView pdu) {
          uplink.emplace_back(pdu.begin(), pdu.end());
          if (uplink.size() == 1) {  // Attach Request
            c.send(stream, nas::encode(nas::SecurityModeCommand{}));
            nas::AuthenticationRequest ar;
            ar.ksi = 0;
            ar.rand = av.rand;
            ar.autn = av.autn;
            c.send(stream, nas::encode(ar));
          } else if (uplink.size() == 2) {  // Authentication Response
            mme_side = std::make_unique<nas::SecurityContext>(0, av.kasme, crypto::CipheringAlgorithm::eea2,
                                                              crypto::IntegrityAlgorithm::eia2, false);
            c.send(stream, mme_side->protect(nas::encode(nas::SecurityModeCommand{}),
                                             nas::SecurityHeader::integrity_new_context));
          } else if (uplink.size() == 3) {  // Security Mode Complete
            nas::AttachAccept plain;
            plain.tai_list = nas::tai_list(Plmn::parse("00101")->encoded(), 1);
            plain.guti = nas::Guti::parse("001-01-8001-01-00000bad").value();
            c.send(stream, nas::encode(plain));
            nas::AttachAccept real;
            real.tai_list = plain.tai_list;
            real.guti = nas::Guti::parse("001-01-8001-01-00000001").value();
            c.send(stream, mme_side->protect(nas::encode(real), nas::SecurityHeader::integrity_ciphered));
          }
        },
        nullptr);
    fake->start();
    return 0;
  });
  auto connection = lab.io.await(net::s1lite_connect(
      "127.0.0.1", lab.io.call([&] { return fake->port(); }),
      [&](net::S1liteConnection&, std::uint32_t, ByteView pdu) { session->deliver(pdu); }, nullptr));
  lab.io.call([&] {
    session = std::make_unique<ue::UeSession>(lab.io.io, usim, Plmn::parse("00101").value(), 1, connection);
    return 0;
  });
  const ue::AttachOutcome out = lab.io.await(session->attach(false, 3000ms));
  ASSERT_TRUE(out.attached) << out.failure << " after " << uplink.size() << " uplink messages, challenges "
                            << out.challenges;
  EXPECT_EQ(out.guti->text().value(), "001-01-8001-01-00000001");
  lab.io.call([&] {
    connection->close();
    fake->stop();
    session.reset();
    return 0;
  });
}

}  // namespace
}  // namespace iotboot::test
