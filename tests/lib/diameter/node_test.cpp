// Nodes over real loopback TCP: AIR/AIA between two nodes, many in flight, timeouts, watchdog
// failure, reconnection, election, refused peers, and hostile input answered or dropped
// without taking the node down.
#include "diameter/node/node.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>

#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/base/plain_answer.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/result_codes.hpp"
#include "hss_answers.hpp"
#include "io_thread.hpp"
#include "raw_peer.hpp"
#include "support/eventually.hpp"
#include "wire.hpp"

namespace iotboot::diameter {
namespace {

using namespace std::chrono_literals;
using test::IoThread;

constexpr std::string_view kRealm = "iotboot.test";
constexpr std::string_view kHss = "hss.iotboot.test";
constexpr std::string_view kMme = "mme.iotboot.test";
using test::kUnknownImsi;

NodeConfig base_config(std::string_view host) {
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen_port = 0;
  c.watchdog_interval = 200ms;
  c.request_timeout = 500ms;
  c.reconnect_min = 20ms;
  c.reconnect_max = 200ms;
  c.cer_timeout = 1000ms;
  return c;
}

NodeConfig hss_config(std::uint16_t port = 0) {
  NodeConfig c = base_config(kHss);
  c.listen_port = port;
  c.peers.push_back({std::string(kMme), std::string(kRealm), "127.0.0.1", 0, false, {{app::kS6a}}, false});
  return c;
}

NodeConfig mme_config(std::uint16_t hss_port) {
  NodeConfig c = base_config(kMme);
  c.listen = false;
  c.peers.push_back({std::string(kHss), std::string(kRealm), "127.0.0.1", hss_port, true, {}, false});
  return c;
}

using test::serve_one_vector;

struct Pair {
  IoThread io;
  std::unique_ptr<Node> hss;
  std::unique_ptr<Node> mme;
  std::uint16_t port = 0;

  explicit Pair(bool serve = true) {
    io.call([&] {
      hss = std::make_unique<Node>(io.io, hss_config());
      if (serve) serve_one_vector(*hss);
      hss->start();
      port = hss->local_port();
      mme = std::make_unique<Node>(io.io, mme_config(port));
      mme->use_application(app::kS6a);
      mme->start();
      return 0;
    });
    EXPECT_TRUE(io.await(mme->wait_open(kHss, 5s)));
  }
  ~Pair() {
    io.call([&] {
      mme.reset();
      hss.reset();
      return 0;
    });
  }

  RequestResult air(std::string imsi) { return io.await(test::send_air(*mme, std::move(imsi), std::string(kRealm))); }
};

TEST(Node, ExchangesAirAndAia) {
  Pair p;
  RequestResult r = p.air("001010000000001");
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  auto aia = s6a::Aia::decode(r->view());
  ASSERT_TRUE(aia.ok());
  EXPECT_TRUE(aia->origin.succeeded());
  EXPECT_EQ(aia->origin.origin_host, kHss);
  ASSERT_EQ(aia->vectors.size(), 1u);
  EXPECT_EQ(aia->vectors[0].rand[0], '1');
  EXPECT_TRUE(p.io.call([&] { return p.hss->peer_open(kMme); }));
}

TEST(Node, UnknownUserGetsExperimentalResult) {
  Pair p;
  RequestResult r = p.air(std::string(kUnknownImsi));
  ASSERT_TRUE(r.ok());
  auto aia = s6a::Aia::decode(r->view());
  ASSERT_TRUE(aia.ok());
  test::expect_user_unknown(aia.value());
}

TEST(Node, ManyRequestsInFlight) {
  Pair p;
  const int n = 2000;
  const int ok = p.io.await([](Node& mme, int count) -> asio::awaitable<int> {
    int answered = 0;
    co_await test::concurrently(count, [&](int i) -> asio::awaitable<void> {
      const std::string sid = mme.new_session_id();
      const std::string imsi = "00101" + std::to_string(1000000000 + i);
      s6a::Air air;
      air.routing = mme.routing(sid, kRealm);
      air.user_name = imsi;
      RequestResult r = co_await mme.request(air);
      if (r.ok()) {
        auto aia = s6a::Aia::decode(r->view());
        if (aia.ok() && aia->vectors.size() == 1 && aia->vectors[0].rand[0] == imsi.back()) ++answered;
      }
    });
    co_return answered;
  }(*p.mme, n));
  EXPECT_EQ(ok, n);
}

// One AIR from n for the test subscriber, awaited.
RequestResult air_from(IoThread& io, Node& from) {
  return io.await([](Node& n) -> asio::awaitable<RequestResult> {
    const std::string sid = n.new_session_id();
    s6a::Air air;
    air.routing = n.routing(sid, kRealm);
    air.user_name = "001010000000001";
    co_return co_await n.request(air);
  }(from));
}

TEST(Node, RequestTimesOut) {
  IoThread io;
  std::unique_ptr<Node> hss, mme;
  io.call([&] {
    hss = std::make_unique<Node>(io.io, hss_config());
    // A handler that never answers.
    hss->on_async(app::kS6a, cmd::kAuthenticationInformation,
                  [](ReceivedMessage, Reply) -> asio::awaitable<void> { co_return; });
    hss->start();
    mme = std::make_unique<Node>(io.io, mme_config(hss->local_port()));
    mme->use_application(app::kS6a);
    mme->start();
    return 0;
  });
  ASSERT_TRUE(io.await(mme->wait_open(kHss, 5s)));
  const auto start = std::chrono::steady_clock::now();
  RequestResult r = air_from(io, *mme);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), RequestError::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 450ms);
  io.call([&] {
    mme.reset();
    hss.reset();
    return 0;
  });
}

TEST(Node, NoRouteWithoutAnOpenPeer) {
  IoThread io;
  std::unique_ptr<Node> mme;
  io.call([&] {
    mme = std::make_unique<Node>(io.io, mme_config(1));  // nothing listens on port 1
    mme->use_application(app::kS6a);
    mme->start();
    return 0;
  });
  RequestResult r = air_from(io, *mme);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), RequestError::no_route);
  io.call([&] {
    mme.reset();
    return 0;
  });
}

TEST(Node, UnknownPeerIsRefusedWith3010) {
  Pair p;
  test::RawPeer rogue(p.port);
  EXPECT_EQ(rogue.exchange_capabilities("rogue.iotboot.test", kRealm), result::kUnknownPeer);
  EXPECT_TRUE(rogue.closed_by_node());
  // The configured peer is untouched.
  EXPECT_TRUE(p.air("001010000000001").ok());
}

TEST(Node, KnownHostFromAnotherRealmIsRefused) {
  Pair p;
  p.io.call([&] {
    p.mme.reset();  // free the slot
    return 0;
  });
  test::RawPeer impostor(p.port);
  EXPECT_EQ(impostor.exchange_capabilities(kMme, "elsewhere.test"), result::kUnknownPeer);
}

TEST(Node, WatchdogDetectsASilentPeer) {
  Pair p;
  p.io.call([&] {
    p.mme.reset();
    return 0;
  });
  ASSERT_TRUE(p.io.eventually([&] { return !p.hss->peer_open(kMme); }));
  // A peer that completes CER/CEA, then never answers anything, DWR included.
  test::RawPeer silent(p.port);
  ASSERT_EQ(silent.exchange_capabilities(kMme, kRealm), result::kSuccess);
  ASSERT_TRUE(p.io.call([&] { return p.hss->peer_open(kMme); }));
  const auto start = std::chrono::steady_clock::now();
  // The node sends DWR after Tw of silence and gives up Tw later.
  auto dwr = silent.receive();
  ASSERT_TRUE(dwr);
  EXPECT_EQ(MessageView(*dwr).header().command, cmd::kDeviceWatchdog);
  EXPECT_TRUE(silent.closed_by_node());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(p.io.call([&] { return p.hss->peer_open(kMme); }));
}

TEST(Node, WatchdogKeepsAnAnsweringPeerOpen) {
  Pair p;
  // Idle, a side sends DWR after Tw (200 ms) without traffic, and the other answers. A DWR
  // received is traffic too (RFC 3539), so when one side's timer keeps firing first the other
  // never needs to send one: count the exchanges in both directions together.
  auto dwas = [&] { return p.mme->stats().dwa_received + p.hss->stats().dwa_received; };
  ASSERT_TRUE(p.io.eventually([&] { return dwas() >= 6; }, 5s));
  EXPECT_GE(p.io.call([&] { return p.hss->stats().dwr_received + p.mme->stats().dwr_received; }), 6u);
  EXPECT_TRUE(p.io.call([&] { return p.mme->peer_open(kHss) && p.hss->peer_open(kMme); }));
  EXPECT_TRUE(p.air("001010000000001").ok());
}

TEST(Node, ReconnectsAfterThePeerRestarts) {
  Pair p;
  p.io.call([&] {
    p.hss.reset();
    return 0;
  });
  ASSERT_TRUE(p.io.eventually([&] { return !p.mme->peer_open(kHss); }));
  EXPECT_FALSE(p.air("001010000000001").ok());
  p.io.call([&] {
    p.hss = std::make_unique<Node>(p.io.io, hss_config(p.port));
    serve_one_vector(*p.hss);
    p.hss->start();
    return 0;
  });
  ASSERT_TRUE(p.io.eventually([&] { return p.mme->peer_open(kHss); }));
  EXPECT_TRUE(p.air("001010000000001").ok());
}

TEST(Node, StopSendsDprAndThePeerSeesIt) {
  Pair p;
  p.io.await(p.mme->stop());
  EXPECT_TRUE(p.io.eventually([&] { return !p.hss->peer_open(kMme); }, 1s));
}

// Established TCP sockets on 127.0.0.1 whose local or remote port is either of these
// (/proc/net/tcp: ports in hex, state 01 is ESTABLISHED).
std::size_t established_between(std::uint16_t port_a, std::uint16_t port_b) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  std::size_t n = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state;
    f >> slot >> local >> remote >> state;
    if (state != "01") continue;
    const auto port_of = [](const std::string& address) {
      return static_cast<std::uint16_t>(std::stoul(address.substr(address.find(':') + 1), nullptr, 16));
    };
    const std::uint16_t l = port_of(local), r = port_of(remote);
    if (l == port_a || l == port_b || r == port_a || r == port_b) ++n;
  }
  return n;
}

TEST(Node, ElectionLeavesOneConnectionWhenBothConnect) {
  IoThread io;
  std::unique_ptr<Node> a, b;
  io.call([&] {
    // Reserve two ports by listening first, then point each node at the other.
    NodeConfig ca = base_config(kHss);
    NodeConfig cb = base_config(kMme);
    a = std::make_unique<Node>(io.io, ca);
    a->start();
    b = std::make_unique<Node>(io.io, cb);
    b->start();
    const std::uint16_t pa = a->local_port(), pb = b->local_port();
    a.reset();
    b.reset();
    ca.listen_port = pa;
    cb.listen_port = pb;
    ca.peers.push_back({std::string(kMme), std::string(kRealm), "127.0.0.1", pb, true, {{app::kS6a}}, false});
    cb.peers.push_back({std::string(kHss), std::string(kRealm), "127.0.0.1", pa, true, {{app::kS6a}}, false});
    a = std::make_unique<Node>(io.io, ca);
    b = std::make_unique<Node>(io.io, cb);
    serve_one_vector(*a);
    b->use_application(app::kS6a);
    a->use_application(app::kS6a);
    a->start();
    b->start();
    return 0;
  });
  ASSERT_TRUE(io.eventually([&] { return a->peer_open(kMme) && b->peer_open(kHss); }));
  // Of the two connections, the election closes one: one TCP connection is left between the
  // nodes (two sockets of this process, one at each end).
  const std::uint16_t pa = io.call([&] { return a->local_port(); }), pb = io.call([&] { return b->local_port(); });
  EXPECT_TRUE(io.eventually([&] { return established_between(pa, pb) == 2; }, 5s))
      << established_between(pa, pb) << " sockets";
  EXPECT_TRUE(io.call([&] { return a->peer_open(kMme) && b->peer_open(kHss); }));
  io.call([&] {
    a.reset();
    b.reset();
    return 0;
  });
}

// --- Hostile and malformed input, through a raw connection ---

struct RawSession : Pair {
  test::RawPeer raw;
  RawSession() : Pair(), raw(port) {
    io.call([&] {
      mme.reset();
      return 0;
    });
    EXPECT_TRUE(io.eventually([&] { return !hss->peer_open(kMme); }));
    EXPECT_EQ(raw.exchange_capabilities(kMme, kRealm), result::kSuccess);
  }
};

std::uint32_t result_of(const std::vector<std::uint8_t>& answer) {
  MessageView m(answer);
  if (auto rc = m.find(268)) return *as_u32(*rc);
  return 0;
}

using namespace wire;

Octets air_avps() {
  return cat({AVP(263, M, text("mme.iotboot.test;1;1")), AVP(277, M, be32(1)), AVP(264, M, text("mme.iotboot.test")),
              AVP(296, M, text("iotboot.test")), AVP(283, M, text("iotboot.test")), AVP(1, M, text("001010000000001")),
              AVP(1407, VM, k3gpp, {0, 0xf1, 0x10})});
}

TEST(NodeInput, ValidRawAirIsAnswered) {
  RawSession s;
  s.raw.send(message(0xc0, 318, 16777251, 7, 8, air_avps()));
  auto a = s.raw.receive();
  ASSERT_TRUE(a);
  EXPECT_EQ(MessageView(*a).header().hop_by_hop, 7u);
  EXPECT_EQ(result_of(*a), 2001u);
}

TEST(NodeInput, UnsupportedCommandIs3001) {
  RawSession s;
  s.raw.send(message(0xc0, 319, 16777251, 7, 8, air_avps()));
  auto a = s.raw.receive();
  ASSERT_TRUE(a);
  EXPECT_EQ(result_of(*a), 3001u);
  EXPECT_TRUE(MessageView(*a).header().is_error());
}

// Each malformed request on a fresh session: the Result-Code of the node's answer.
TEST(NodeInput, MalformedRequestsGetTheirResultCodes) {
  Octets bad_length = message(0xc0, 318, 16777251, 7, 8, air_avps());
  bad_length[20 + 7] = 0xff;  // Session-Id claims 255 octets
  const struct {
    const char* what;
    Octets request;
    std::uint32_t result;
  } kCases[] = {
      {"application not served", message(0xc0, 318, 16777252, 7, 8, air_avps()), 3007},
      {"unknown AVP with the M bit", message(0xc0, 318, 16777251, 7, 8, cat({air_avps(), AVP(77777, M, text("?"))})),
       5001},
      {"AVP length past the message", bad_length, 5014},
      {"P bit clear", message(0x80, 318, 16777251, 7, 8, air_avps()), 3008},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.what);
    RawSession s;
    s.raw.send(c.request);
    auto a = s.raw.receive();
    ASSERT_TRUE(a);
    EXPECT_EQ(result_of(*a), c.result);
  }
}

TEST(NodeInput, MissingAvpIs5005WithFailedAvp) {
  RawSession s;
  Octets avps = air_avps();
  avps.resize(avps.size() - 16);  // drop Visited-PLMN-Id
  s.raw.send(message(0xc0, 318, 16777251, 7, 8, avps));
  auto a = s.raw.receive();
  ASSERT_TRUE(a);
  EXPECT_EQ(result_of(*a), 5005u);
  auto failed = MessageView(*a).find(279);
  ASSERT_TRUE(failed);
  EXPECT_EQ(Octets(failed->data.begin(), failed->data.end()), AVP(1407, VM, k3gpp, {}));
}

TEST(NodeInput, BadVersionIsAnsweredAndClosed) {
  RawSession s;
  Octets m = message(0xc0, 318, 16777251, 7, 8, air_avps());
  m[0] = 2;
  s.raw.send(m);
  auto a = s.raw.receive();
  ASSERT_TRUE(a);
  EXPECT_EQ(result_of(*a), 5011u);
  EXPECT_TRUE(s.raw.closed_by_node());
}

TEST(NodeInput, OversizeLengthClosesTheConnection) {
  RawSession s;
  s.raw.send(Octets{1, 0x7f, 0xff, 0xff, 0xc0, 0, 1, 0x3e, 1, 0, 0, 0x23});
  EXPECT_TRUE(s.raw.closed_by_node());
  // The node serves others as before.
  test::RawPeer again(s.port);
  EXPECT_EQ(again.exchange_capabilities(kMme, kRealm), result::kSuccess);
}

TEST(NodeInput, ApplicationMessageBeforeCerClosesTheConnection) {
  Pair p;
  test::RawPeer early(p.port);
  early.send(message(0xc0, 318, 16777251, 7, 8, air_avps()));
  EXPECT_TRUE(early.closed_by_node());
}

TEST(NodeInput, GarbageNeverTakesTheNodeDown) {
  Pair p;
  for (int i = 0; i < 20; ++i) {
    test::RawPeer junk(p.port);
    Octets noise(64 + i * 13);
    for (std::size_t k = 0; k < noise.size(); ++k) noise[k] = static_cast<std::uint8_t>(k * 37 + i);
    noise[0] = 1;
    junk.send(noise);
  }
  EXPECT_TRUE(p.air("001010000000001").ok());
}

// A peer that sends and never reads: once max_pending_output waits for it, the node closes it
// instead of buffering without bound.
TEST(NodeInput, APeerThatDoesNotReadIsClosed) {
  IoThread io;
  std::unique_ptr<Node> node;
  io.call([&] {
    NodeConfig c = hss_config();
    c.max_pending_output = 4096;
    node = std::make_unique<Node>(io.io, c);
    serve_one_vector(*node);
    node->start();
    return 0;
  });
  test::RawPeer raw(io.call([&] { return node->local_port(); }));
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm), result::kSuccess);
  const int small = 4096;
  setsockopt(raw.native_handle(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  // DWRs: each is answered with a DWA that is never read.
  Octets burst;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const Octets dwr = message(0x80, 280, 0, i, i, cat({AVP(264, M, text(kMme)), AVP(296, M, text(kRealm))}));
    burst.insert(burst.end(), dwr.begin(), dwr.end());
  }
  bool failed = false;
  for (int round = 0; round < 50 && !failed; ++round) failed = !raw.try_send(burst);
  EXPECT_TRUE(failed) << "the node kept taking messages from a peer that reads nothing";
  io.call([&] {
    node.reset();
    return 0;
  });
}

}  // namespace
}  // namespace iotboot::diameter

namespace iotboot::diameter {
namespace {

// Election made deterministic: the node connects to a raw listener that holds back its CEA,
// while the raw peer connects to the node with a CER under the same identity.
std::uint32_t election(std::string_view node_host, std::string_view peer_host, NodeStats& stats, bool& node_kept_own) {
  IoThread io;
  asio::io_context raw_io;
  asio::ip::tcp::acceptor listener(raw_io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t raw_port = listener.local_endpoint().port();
  std::unique_ptr<Node> node;
  io.call([&] {
    NodeConfig c = base_config(node_host);
    c.peers.push_back({std::string(peer_host), std::string(kRealm), "127.0.0.1", raw_port, true, {{app::kS6a}}, false});
    node = std::make_unique<Node>(io.io, c);
    node->use_application(app::kS6a);
    node->start();
    return 0;
  });
  asio::ip::tcp::socket held(raw_io);
  listener.accept(held);  // the node's own connection: its CER is never answered
  test::RawPeer incoming(io.call([&] { return node->local_port(); }));
  const std::uint32_t result = incoming.exchange_capabilities(peer_host, kRealm);
  // The node closes the connection it lost with (if it did) when it decides the election.
  EXPECT_TRUE(io.eventually([&] { return node->stats().elections_won + node->stats().elections_lost == 1; }));
  stats = io.call([&] { return node->stats(); });
  // If the node kept its own connection, the held socket is still open.
  boost::system::error_code ec;
  held.non_blocking(true);
  std::uint8_t b[4096];
  held.read_some(asio::buffer(b), ec);  // drains its CER
  held.read_some(asio::buffer(b), ec);
  node_kept_own = ec == asio::error::would_block;
  io.call([&] {
    node.reset();
    return 0;
  });
  return result;
}

TEST(NodeElection, TheHigherOriginHostKeepsThePeersConnection) {
  struct Case {
    const char* node;
    const char* peer;
    std::uint32_t cea_result;
    bool node_wins;
  };
  // "zzz" > "aaa": a node that wins drops its own connection and accepts the peer's.
  for (const Case& c : {Case{"zzz.iotboot.test", "aaa.iotboot.test", result::kSuccess, true},
                        Case{"aaa.iotboot.test", "zzz.iotboot.test", result::kElectionLost, false}}) {
    SCOPED_TRACE(c.node);
    NodeStats stats;
    bool kept_own = c.node_wins;
    EXPECT_EQ(election(c.node, c.peer, stats, kept_own), c.cea_result);
    EXPECT_EQ(stats.elections_won, c.node_wins ? 1u : 0u);
    EXPECT_EQ(stats.elections_lost, c.node_wins ? 0u : 1u);
    EXPECT_EQ(kept_own, !c.node_wins);
  }
}

TEST(NodeRouting, DestinationHostPicksThePeerAndRealmSpreads) {
  IoThread io;
  std::unique_ptr<Node> h1, h2, mme;
  auto serve_named = [](Node& n, std::uint8_t tag) {
    n.serve<s6a::Air>([tag](const s6a::Air&, Reply& reply) {
      s6a::Aia aia;
      aia.origin = reply.success_origin();
      s6a::EutranVector v;
      v.rand[0] = tag;
      v.xres.size = 8;
      aia.vectors.push_back(v);
      reply.send(aia);
    });
  };
  io.call([&] {
    NodeConfig c1 = hss_config(), c2 = hss_config();
    c2.origin_host = "hss2.iotboot.test";
    h1 = std::make_unique<Node>(io.io, c1);
    h2 = std::make_unique<Node>(io.io, c2);
    serve_named(*h1, 1);
    serve_named(*h2, 2);
    h1->start();
    h2->start();
    NodeConfig m = mme_config(h1->local_port());
    m.peers.push_back({"hss2.iotboot.test", std::string(kRealm), "127.0.0.1", h2->local_port(), true, {}, false});
    mme = std::make_unique<Node>(io.io, m);
    mme->use_application(app::kS6a);
    mme->start();
    return 0;
  });
  ASSERT_TRUE(io.await(mme->wait_open(kHss, 5s)));
  ASSERT_TRUE(io.await(mme->wait_open("hss2.iotboot.test", 5s)));
  auto ask = [&](std::optional<std::string> host) {
    return io.await([](Node& n, std::optional<std::string> h) -> asio::awaitable<int> {
      const std::string sid = n.new_session_id();
      s6a::Air air;
      air.routing = n.routing(sid, kRealm);
      if (h) air.routing.destination_host = *h;
      air.user_name = "001010000000001";
      RequestResult r = co_await n.request(air);
      if (!r.ok()) co_return -1;
      auto aia = s6a::Aia::decode(r->view());
      co_return aia.ok() && !aia->vectors.empty() ? aia->vectors[0].rand[0] : -1;
    }(*mme, std::move(host)));
  };
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(ask("hss2.iotboot.test"), 2);
    EXPECT_EQ(ask(std::string(kHss)), 1);
  }
  std::set<int> served;
  for (int i = 0; i < 6; ++i) served.insert(ask(std::nullopt));
  EXPECT_EQ(served, (std::set<int>{1, 2}));  // by realm, spread over both
  // A named host that is gone is not replaced by another peer of its realm (it may hold what
  // no other has, as an MME holds its UEs' contexts); a request naming none still goes through.
  io.call([&] {
    h1.reset();
    return 0;
  });
  ASSERT_TRUE(test::eventually([&] { return io.call([&] { return !mme->peer_open(std::string(kHss)); }); }, 5s));
  EXPECT_EQ(ask(std::string(kHss)), -1);
  EXPECT_EQ(ask(std::nullopt), 2);
  io.call([&] {
    mme.reset();
    h2.reset();
    return 0;
  });
}

// RFC 6733 §5.5.4: an HSS that dies with AIRs pending. Each is sent again to the realm's other
// open HSS, with the T flag and its first End-to-End Identifier, and answered there.
TEST(NodeRouting, RequestsPendingAtAPeerThatDiesAreAnsweredByAnother) {
  IoThread io;
  std::unique_ptr<Node> h1, h2, mme;
  int reached_h1 = 0;                                 // io thread
  std::vector<std::pair<bool, std::uint32_t>> at_h2;  // T flag, End-to-End; io thread
  io.call([&] {
    NodeConfig c1 = hss_config(), c2 = hss_config();
    c2.origin_host = "hss2.iotboot.test";
    h1 = std::make_unique<Node>(io.io, c1);
    h2 = std::make_unique<Node>(io.io, c2);
    h1->serve_async<s6a::Air>([&](s6a::Air, ReceivedMessage, Reply) -> asio::awaitable<void> {
      ++reached_h1;  // and never answered
      asio::steady_timer t(co_await asio::this_coro::executor, 3s);
      boost::system::error_code ec;
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    });
    h2->serve_async<s6a::Air>([&](s6a::Air air, ReceivedMessage m, Reply reply) -> asio::awaitable<void> {
      at_h2.emplace_back((m.view().header().flags & kFlagRetransmit) != 0, m.view().header().end_to_end);
      s6a::EutranVector v;
      v.xres.size = 8;
      reply.send(test::aia_for(air, reply, v));
      co_return;
    });
    h1->start();
    h2->start();
    NodeConfig m = mme_config(h1->local_port());
    m.request_timeout = 3s;
    m.peers.push_back({"hss2.iotboot.test", std::string(kRealm), "127.0.0.1", h2->local_port(), true, {}, false});
    mme = std::make_unique<Node>(io.io, m);
    mme->use_application(app::kS6a);
    mme->start();
    return 0;
  });
  ASSERT_TRUE(io.await(mme->wait_open(kHss, 5s)));
  ASSERT_TRUE(io.await(mme->wait_open("hss2.iotboot.test", 5s)));
  constexpr int kAirs = 10;
  std::vector<int> outcome(kAirs, -1);  // 1 answered with a vector
  io.call([&] {
    for (int i = 0; i < kAirs; ++i) {
      asio::co_spawn(
          io.io,
          [](Node& n, int& out) -> asio::awaitable<void> {
            const std::string sid = n.new_session_id();
            s6a::Air air;
            air.routing = n.routing(sid, kRealm);
            air.user_name = "001010000000001";
            RequestResult r = co_await n.request(air);
            out = r.ok() && s6a::Aia::decode(r->view()).ok() ? 1 : 0;
          }(*mme, outcome[static_cast<std::size_t>(i)]),
          asio::detached);
    }
    return 0;
  });
  // Round robin: half reach h1, which holds them; then h1 dies.
  ASSERT_TRUE(test::eventually([&] { return io.call([&] { return reached_h1; }) == kAirs / 2; }, 5s));
  io.call([&] {
    h1.reset();
    return 0;
  });
  ASSERT_TRUE(test::eventually(
      [&] { return io.call([&] { return std::count(outcome.begin(), outcome.end(), -1) == 0; }); }, 5s));
  EXPECT_EQ(std::count(outcome.begin(), outcome.end(), 1), kAirs);
  io.call([&] {
    std::set<std::uint32_t> retransmitted;
    for (const auto& [t, e2e] : at_h2) {
      if (t) retransmitted.insert(e2e);
    }
    EXPECT_EQ(at_h2.size(), static_cast<std::size_t>(kAirs));
    EXPECT_EQ(retransmitted.size(), static_cast<std::size_t>(kAirs / 2));
    EXPECT_EQ(mme->stats().failovers, static_cast<std::uint64_t>(kAirs / 2));
    mme.reset();
    h2.reset();
    return 0;
  });
}

// RFC 6733 §7.1.3: with max_pending_requests being served, one more is answered 3004
// DIAMETER_TOO_BUSY at once, and the node serves again once they are answered.
TEST(NodeOverload, PastMaxPendingRequestsTheAnswerIs3004AtOnce) {
  IoThread io;
  std::unique_ptr<Node> hss, mme;
  io.call([&] {
    NodeConfig c = hss_config();
    c.max_pending_requests = 2;
    hss = std::make_unique<Node>(io.io, c);
    hss->serve_async<s6a::Air>([](s6a::Air air, ReceivedMessage, Reply reply) -> asio::awaitable<void> {
      asio::steady_timer t(co_await asio::this_coro::executor, 300ms);  // a slow store
      boost::system::error_code ec;
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      s6a::EutranVector v;
      v.xres.size = 8;
      reply.send(test::aia_for(air, reply, v));
    });
    hss->start();
    mme = std::make_unique<Node>(io.io, mme_config(hss->local_port()));
    mme->use_application(app::kS6a);
    mme->start();
    return 0;
  });
  ASSERT_TRUE(io.await(mme->wait_open(kHss, 5s)));
  std::vector<std::uint32_t> answered;  // Result-Codes in the order they came; io thread
  auto air = [](Node& n, std::vector<std::uint32_t>& out) -> asio::awaitable<void> {
    const std::string sid = n.new_session_id();
    s6a::Air a;
    a.routing = n.routing(sid, kRealm);
    a.user_name = "001010000000001";
    RequestResult r = co_await n.request(a);
    std::uint32_t rc = 0;
    if (r.ok()) {
      if (auto avp = r->view().find(268)) rc = as_u32(*avp).value_or(0);
    }
    out.push_back(rc);
  };
  io.call([&] {
    for (int i = 0; i < 3; ++i) asio::co_spawn(io.io, air(*mme, answered), asio::detached);
    return 0;
  });
  ASSERT_TRUE(test::eventually([&] { return io.call([&] { return answered.size(); }) == 3; }, 5s));
  io.call([&] {
    EXPECT_EQ(answered, (std::vector<std::uint32_t>{3004, 2001, 2001}));
    EXPECT_EQ(hss->stats().too_busy, 1u);
    asio::co_spawn(io.io, air(*mme, answered), asio::detached);  // room again
    return 0;
  });
  ASSERT_TRUE(test::eventually([&] { return io.call([&] { return answered.size(); }) == 4; }, 5s));
  io.call([&] {
    EXPECT_EQ(answered.back(), 2001u);
    mme.reset();
    hss.reset();
    return 0;
  });
}

// --- Per-peer authorisation (docs/diameter.md "Who may send what") ---

// An HSS-like node that serves S6a and T6a, whose one peer (kMme) is configured by the test.
struct Guarded {
  IoThread io;
  std::unique_ptr<Node> node;
  std::uint16_t port = 0;
  explicit Guarded(PeerConfig mme) {
    io.call([&] {
      NodeConfig c = base_config(kHss);
      c.peers = {std::move(mme),
                 {"other.iotboot.test", std::string(kRealm), "127.0.0.1", 0, false, {{app::kS6a}}, false}};
      node = std::make_unique<Node>(io.io, c);
      serve_one_vector(*node);
      node->on(app::kT6a, cmd::kReportingInformation, [](const MessageView&, Reply& reply) {
        reply.send(PlainAnswer<app::kT6a, cmd::kReportingInformation>{{}, reply.success_origin()});
      });
      node->start();
      port = node->local_port();
      return 0;
    });
  }
  ~Guarded() {
    io.call([&] {
      node.reset();
      return 0;
    });
  }
  NodeStats stats() {
    return io.call([&] { return node->stats(); });
  }
};

PeerConfig mme_peer(std::vector<RequestPermission> requests, bool pin = false, std::string address = "127.0.0.1") {
  return {std::string(kMme), std::string(kRealm), std::move(address), 0, false, std::move(requests), pin};
}

Octets rir_avps(std::string_view origin_host = kMme) {
  return cat({AVP(263, M, text("mme.iotboot.test;1;2")), AVP(277, M, be32(1)), AVP(264, M, text(origin_host)),
              AVP(296, M, text("iotboot.test")), AVP(283, M, text("iotboot.test")),
              AVP(3102, VM, k3gpp, AVP(1, M, text("001010000000001"))), AVP(4, V, kIot, be32(1)),
              AVP(1447, VM, k3gpp, Octets(16, 0x23))});
}

std::optional<std::vector<std::uint8_t>> ask(test::RawPeer& raw, const Octets& request) {
  raw.send(request);
  return raw.receive();
}

TEST(NodeAuthorisation, ThePeerMaySendWhatItIsAllowed) {
  Guarded g(mme_peer({RequestPermission(app::kS6a), RequestPermission(app::kT6a)}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a, app::kT6a}), result::kSuccess);
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, 318, app::kS6a, 1, 1, air_avps()))), 2001u);
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, cmd::kReportingInformation, app::kT6a, 2, 2, rir_avps()))), 2001u);
  EXPECT_EQ(g.stats().requests_refused, 0u);
}

// The review's reproduction: a peer allowed one application sent another's request (a KeySet
// over S6t from the MME's identity) and got 2001.
TEST(NodeAuthorisation, AnApplicationNotAllowedForThePeerIs3007) {
  Guarded g(mme_peer({RequestPermission(app::kS6a)}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a, app::kT6a}), result::kSuccess);
  auto a = ask(raw, message(0xc0, cmd::kReportingInformation, app::kT6a, 2, 2, rir_avps()));
  ASSERT_TRUE(a);
  EXPECT_EQ(result_of(*a), 3007u);
  EXPECT_TRUE(MessageView(*a).header().is_error());
  EXPECT_EQ(g.stats().requests_refused, 1u);
  // The connection stays: what it may send is still served.
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, 318, app::kS6a, 3, 3, air_avps()))), 2001u);
}

TEST(NodeAuthorisation, AnApplicationThePeerDidNotAdvertiseIs3007) {
  Guarded g(mme_peer({RequestPermission(app::kS6a), RequestPermission(app::kT6a)}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a}), result::kSuccess);
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, cmd::kReportingInformation, app::kT6a, 2, 2, rir_avps()))), 3007u);
}

TEST(NodeAuthorisation, ACommandNotAllowedForThePeerIs3001) {
  Guarded g(mme_peer({RequestPermission(app::kS6a), RequestPermission(app::kT6a, 318)}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a, app::kT6a}), result::kSuccess);
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, cmd::kReportingInformation, app::kT6a, 2, 2, rir_avps()))), 3001u);
}

TEST(NodeAuthorisation, ARequestCarryingAnotherIdentityIs3010WithTheOriginHost) {
  Guarded g(mme_peer({RequestPermission(app::kS6a), RequestPermission(app::kT6a)}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a, app::kT6a}), result::kSuccess);
  auto a = ask(raw, message(0xc0, cmd::kReportingInformation, app::kT6a, 2, 2, rir_avps("other.iotboot.test")));
  ASSERT_TRUE(a);
  EXPECT_EQ(result_of(*a), 3010u);
  auto failed = MessageView(*a).find(279);
  ASSERT_TRUE(failed);
  EXPECT_EQ(Octets(failed->data.begin(), failed->data.end()), AVP(264, M, text("other.iotboot.test")));
}

TEST(NodeAuthorisation, APeerWithNoRequestsListedMaySendNone) {
  Guarded g(mme_peer({}));
  test::RawPeer raw(g.port);
  ASSERT_EQ(raw.exchange_capabilities(kMme, kRealm, {app::kS6a}), result::kSuccess);
  EXPECT_EQ(result_of(*ask(raw, message(0xc0, 318, app::kS6a, 1, 1, air_avps()))), 3007u);
}

TEST(NodeAuthorisation, APinnedPeerIsAcceptedOnlyFromItsAddress) {
  Guarded g(mme_peer({RequestPermission(app::kS6a)}, true, "127.0.0.2"));
  test::RawPeer elsewhere(g.port, "127.0.0.1");
  EXPECT_EQ(elsewhere.exchange_capabilities(kMme, kRealm), result::kUnknownPeer);
  EXPECT_TRUE(elsewhere.closed_by_node());
  EXPECT_EQ(g.stats().peers_refused, 1u);
  test::RawPeer pinned(g.port, "127.0.0.2");
  EXPECT_EQ(pinned.exchange_capabilities(kMme, kRealm), result::kSuccess);
}

}  // namespace
}  // namespace iotboot::diameter
