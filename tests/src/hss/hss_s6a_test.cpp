// The HSS over S6a: vectors a USIM accepts, SQNs never shared under concurrency, the vector
// cap, re-synchronisation and its forgery, and a freeDiameter MME getting correct vectors.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "../../lib/diameter/hss_answers.hpp"
#include "../../lib/diameter/io_thread.hpp"
#include "crypto/autn.hpp"
#include "crypto/auts.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/milenage.hpp"
#include "crypto/usim_aka.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/dictionary.hpp"
#include "hss/hss.hpp"
#include "hss/subscriber_store.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/store_engine.hpp"
#include "support/vector_sqn.hpp"

namespace iotboot::hss {
namespace {

using namespace std::chrono_literals;
using namespace diameter;

constexpr std::string_view kImsi = "001010000000001";
const Key128 kK = test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc");
const Key128 kOpc = test::key<16>("cd63cb71954a9f4e48a5994e37a02baf");

using provisioning::BootstrapMode;

struct Options {
  std::string client_host = "mme.iotboot.test";
  bool start_client = true;
  BootstrapMode mode = BootstrapMode::off;  // the subscriber's
  test::Engine engine = test::Engine::sqlite;
};

// An HSS whose SCEF for push mode is the test's client node, which also counts the S6t RIRs it
// acknowledges.
struct HssUnderTest {
  std::filesystem::path dir = test::temp_dir("hss");
  store::Location where;
  std::uint16_t port = test::free_port();
  test::IoThread io;
  std::unique_ptr<Hss> hss;
  std::unique_ptr<Node> mme;
  int s6t_rirs = 0;  // io thread

  explicit HssUnderTest(Options o = {}) : where(test::fresh_store(o.engine, dir, "hss.db")) {
    const std::string client_host = o.client_host;
    const bool start_client = o.start_client;
    {
      Subscriber s;
      s.imsi = kImsi;
      s.k = kK;
      s.opc = kOpc;
      s.bootstrap = o.mode;
      store()->insert(s);
    }
    HssConfig c;
    c.store = where;
    c.diameter.origin_host = "hss.iotboot.test";
    c.diameter.origin_realm = "iotboot.test";
    c.diameter.listen_port = port;
    c.diameter.peers.push_back({client_host, "iotboot.test", "127.0.0.1", 0, false, {{diameter::app::kS6a}}, false});
    c.scef_id = client_host;
    c.scef_realm = "iotboot.test";
    c.key_lifetime_s = 3600;
    io.call([&] {
      hss = std::make_unique<Hss>(io.io, c);
      hss->start();
      if (start_client) {
        NodeConfig m;
        m.origin_host = "mme.iotboot.test";
        m.origin_realm = "iotboot.test";
        m.listen = false;
        m.request_timeout = 5000ms;
        m.peers.push_back({"hss.iotboot.test", "iotboot.test", "127.0.0.1", port, true, {{app::kS6t}}, false});
        mme = std::make_unique<Node>(io.io, m);
        mme->use_application(app::kS6a);
        mme->serve<s6t::Rir>([this](const s6t::Rir&, Reply& reply) {
          ++s6t_rirs;
          s6t::Ria ria;
          ria.origin = reply.success_origin();
          reply.send(ria);
        });
        mme->start();
      }
      return 0;
    });
    if (start_client) {
      EXPECT_TRUE(io.await(mme->wait_open("hss.iotboot.test", 5s)));
    }
  }
  // Another connection to the HSS's store.
  std::unique_ptr<SubscriberStore> store() const { return open_subscriber_store(where); }
  ~HssUnderTest() {
    io.call([&] {
      mme.reset();
      hss.reset();
      return 0;
    });
  }

  // One AIR; the decoded AIA keeps views into `keep`.
  Result<s6a::Aia, DiameterError> air(std::string imsi, unsigned vectors, std::optional<Bytes<30>> resync,
                                      ReceivedMessage& keep) {
    RequestResult r = io.await(
        [](Node& n, std::string user, unsigned count, std::optional<Bytes<30>> rs) -> asio::awaitable<RequestResult> {
          const std::string sid = n.new_session_id();
          s6a::Air a;
          a.routing = n.routing(sid, "iotboot.test");
          a.user_name = user;
          a.visited_plmn_id = {0x00, 0xf1, 0x10};
          a.eutran = s6a::RequestedEutranAuthInfo{count, std::nullopt, rs};
          RequestResult res = co_await n.request(a);
          co_return res;
        }(*mme, std::move(imsi), vectors, resync));
    EXPECT_TRUE(r.ok());
    keep = std::move(r.value());
    return s6a::Aia::decode(keep.view());
  }
};

// Refused with 4181 (DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE), and the subscriber's SQN untouched.
void expect_4181_and_no_sqn_spent(const HssUnderTest& t, const Result<s6a::Aia, DiameterError>& aia) {
  ASSERT_TRUE(aia.ok());
  ASSERT_TRUE(aia->origin.experimental_result);
  EXPECT_EQ(aia->origin.experimental_result->code, 4181u);
  EXPECT_TRUE(aia->vectors.empty());
  EXPECT_EQ(t.store()->find(kImsi)->sqn.value(), 0u);
}

// The tests that touch the store, on each engine.
class HssS6aStore : public testing::TestWithParam<test::Engine> {};

crypto::Sqn sqn_of(const s6a::EutranVector& v) { return test::sqn_of(kK, kOpc, v); }

TEST_P(HssS6aStore, VectorsAreAcceptedByTheUsimAndKeysAgree) {
  HssUnderTest t({.engine = GetParam()});
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 3, std::nullopt, keep);
  ASSERT_TRUE(aia.ok());
  ASSERT_EQ(aia->vectors.size(), 3u);
  crypto::UsimSqnState usim;
  for (const auto& v : aia->vectors) {
    const crypto::UsimResponse r = crypto::usim_authenticate(kK, kOpc, usim, v.rand, v.autn);
    ASSERT_EQ(r.outcome, crypto::AkaOutcome::success);
    EXPECT_TRUE(ByteView(r.res).size() == v.xres.size);
    EXPECT_TRUE(std::equal(r.res.begin(), r.res.end(), v.xres.bytes.begin()));
    EXPECT_TRUE(crypto::derive_kasme(r.ck, r.ik, {0x00, 0xf1, 0x10}, r.sqn_xor_ak) == v.kasme);
  }
}

// Pull mode (solution #11): each vector carries its own Ks (the one the UE derives from that
// vector's CK and IK) and the key lifetime, and nothing is pushed over S6t. Push mode: no Ks in
// the vectors, one S6t RIR. Off: neither.
TEST(HssS6a, EachModePutsKsWhereItBelongs) {
  for (const BootstrapMode mode : {BootstrapMode::pull, BootstrapMode::push, BootstrapMode::off}) {
    SCOPED_TRACE(std::string(provisioning::to_string(mode)));
    HssUnderTest t({.mode = mode});
    ReceivedMessage keep;
    auto aia = t.air(std::string(kImsi), 2, std::nullopt, keep);
    ASSERT_TRUE(aia.ok());
    ASSERT_EQ(aia->vectors.size(), 2u);
    crypto::UsimSqnState usim;
    for (const auto& v : aia->vectors) {
      const crypto::UsimResponse r = crypto::usim_authenticate(kK, kOpc, usim, v.rand, v.autn);
      ASSERT_EQ(r.outcome, crypto::AkaOutcome::success);
      if (mode != BootstrapMode::pull) {
        EXPECT_FALSE(v.ks);
        EXPECT_FALSE(v.ks_lifetime_s);
        continue;
      }
      ASSERT_TRUE(v.ks);
      EXPECT_TRUE(*v.ks == crypto::derive_ks(r.ck, r.ik));
      EXPECT_EQ(v.ks_lifetime_s, 3600u);
    }
    if (mode == BootstrapMode::pull) {
      EXPECT_FALSE(*aia->vectors[0].ks == *aia->vectors[1].ks);
    }
    EXPECT_EQ(t.io.call([&] { return t.s6t_rirs; }), mode == BootstrapMode::push ? 1 : 0);
    EXPECT_EQ(aia->notify_scef.has_value(), mode == BootstrapMode::push);
  }
}

TEST(HssS6a, NumberOfVectorsIsCapped) {
  HssUnderTest t;
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 20, std::nullopt, keep);
  ASSERT_TRUE(aia.ok());
  EXPECT_EQ(aia->vectors.size(), 5u);  // the default cap
}

TEST_P(HssS6aStore, ThousandConcurrentAirsForOneImsiGetThousandDistinctSqns) {
  HssUnderTest t({.engine = GetParam()});
  const int n = 1000;
  std::vector<ReceivedMessage> answers =
      t.io.await([](Node& node, int count) -> asio::awaitable<std::vector<ReceivedMessage>> {
        std::vector<ReceivedMessage> out(static_cast<std::size_t>(count));
        co_await test::concurrently(count, [&](int i) -> asio::awaitable<void> {
          const std::string sid = node.new_session_id();
          s6a::Air a;
          a.routing = node.routing(sid, "iotboot.test");
          a.user_name = kImsi;
          a.visited_plmn_id = {0x00, 0xf1, 0x10};
          a.eutran = s6a::RequestedEutranAuthInfo{1, std::nullopt, std::nullopt};
          RequestResult r = co_await node.request(a);
          if (r.ok()) out[static_cast<std::size_t>(i)] = std::move(r.value());
        });
        co_return out;
      }(*t.mme, n));
  std::set<std::uint64_t> sqns;
  for (const auto& a : answers) {
    auto aia = s6a::Aia::decode(a.view());
    ASSERT_TRUE(aia.ok());
    ASSERT_EQ(aia->vectors.size(), 1u);
    sqns.insert(sqn_of(aia->vectors[0]).value());
  }
  EXPECT_EQ(sqns.size(), static_cast<std::size_t>(n));
  // And the store holds the highest.
  EXPECT_EQ(t.store()->find(kImsi)->sqn.value(), *sqns.rbegin());
}

TEST_P(HssS6aStore, ResyncWithValidAutsMovesSqnPastTheUsims) {
  HssUnderTest t({.engine = GetParam()});
  const crypto::Rand rand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
  const crypto::Sqn sqn_ms = crypto::Sqn::from_parts(7000, 2, 5);
  Bytes<30> info;
  std::copy(rand.begin(), rand.end(), info.begin());
  const crypto::Auts auts = crypto::build_auts(kK, kOpc, rand, sqn_ms);
  std::copy(auts.begin(), auts.end(), info.begin() + 16);
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 1, info, keep);
  ASSERT_TRUE(aia.ok());
  ASSERT_EQ(aia->vectors.size(), 1u);
  EXPECT_EQ(sqn_of(aia->vectors[0]).seq(5), 7001u);
}

TEST_P(HssS6aStore, ForgedAutsIs4181AndMovesNothing) {
  HssUnderTest t({.engine = GetParam()});
  Bytes<30> info{};
  info[20] = 0x55;  // not a valid AUTS for this subscriber
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 1, info, keep);
  expect_4181_and_no_sqn_spent(t, aia);
}

// TS 33.401 §6.1.1: a subscriber stored with an AMF lacking the separation bit (provisioning
// refuses one; a store may hold one from before) gets no E-UTRAN vector, and spends no SQN.
TEST_P(HssS6aStore, AmfWithoutTheSeparationBitIs4181AndSpendsNoSqn) {
  HssUnderTest t({.engine = GetParam()});
  {
    Subscriber s = *t.store()->find(kImsi);
    s.amf = {0x00, 0x00};
    t.store()->replace(s);
  }
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 1, std::nullopt, keep);
  expect_4181_and_no_sqn_spent(t, aia);
}

TEST_P(HssS6aStore, UnknownImsiIs5001) {
  HssUnderTest t({.engine = GetParam()});
  ReceivedMessage keep;
  auto aia = t.air(std::string(test::kUnknownImsi), 1, std::nullopt, keep);
  ASSERT_TRUE(aia.ok());
  test::expect_user_unknown(aia.value());
}

TEST_P(HssS6aStore, UnavailableStoreIsUnableToComply) {
  HssUnderTest t({.engine = GetParam()});
  test::exec_sql(t.where, "ALTER TABLE subscribers RENAME TO gone");  // the store refuses every statement
  ReceivedMessage keep;
  auto aia = t.air(std::string(kImsi), 1, std::nullopt, keep);
  ASSERT_TRUE(aia.ok());
  EXPECT_EQ(aia->origin.result_code.value_or(0), 5012u);
}

INSTANTIATE_ON_EVERY_ENGINE(HssS6aStore);

// A freeDiameter MME (tests/interop/fd_harness) gets vectors from our HSS; lib/crypto checks them.
TEST(HssS6a, FreeDiameterMmeGetsCorrectVectors) {
  // A pull-mode subscriber: the vectors carry IoT-Ks and IoT-Key-Lifetime (M bit clear), which a
  // standard MME ignores.
  HssUnderTest t({"fd.iotboot.test", false, BootstrapMode::pull});
  const std::uint16_t fd_port = test::free_port();
  const auto conf = t.dir / "fd.conf";
  std::ofstream(conf) << "Identity = \"fd.iotboot.test\";\nRealm = \"iotboot.test\";\nPort = " << fd_port
                      << ";\nSecPort = 0;\nNo_SCTP;\nNo_IPv6;\nListenOn = \"127.0.0.1\";\n"
                      << "ConnectPeer = \"hss.iotboot.test\" { No_TLS; ConnectTo = \"127.0.0.1\"; Port = " << t.port
                      << "; };\n";
  test::ChildProcess fd(FD_HARNESS,
                        {"client", "--conf", conf.string(), "--peer", "hss.iotboot.test", "--realm", "iotboot.test",
                         "--count", "5", "--imsi", std::string(kImsi)},
                        (t.dir / "fd").string());
  ASSERT_EQ(fd.wait(30s), 0) << fd.err();
  std::istringstream lines(fd.out());
  std::string line;
  crypto::UsimSqnState usim;
  int checked = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("AIA result=2001", 0) != 0) continue;
    auto field = [&](const std::string& name) {
      const auto at = line.find(" " + name + "=");
      return at == std::string::npos ? std::string()
                                     : line.substr(at + name.size() + 2, line.find(' ', at + 1) - at - name.size() - 2);
    };
    const auto rand = test::hex<16>(field("rand"));
    const auto autn = test::hex<16>(field("autn"));
    const crypto::UsimResponse r = crypto::usim_authenticate(kK, kOpc, usim, rand, autn);
    ASSERT_EQ(r.outcome, crypto::AkaOutcome::success) << line;
    EXPECT_EQ(to_hex(r.res), field("xres"));
    EXPECT_EQ(reveal_hex(crypto::derive_kasme(r.ck, r.ik, {0x00, 0xf1, 0x10}, r.sqn_xor_ak)), field("kasme"));
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

}  // namespace
}  // namespace iotboot::hss
