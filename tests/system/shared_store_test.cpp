// HSS processes on one PostgreSQL: SQNs handed out once across all of them, and through the
// loss of the database server in the middle of a run, restarted or failed over to its standby.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

#include "../lib/diameter/io_thread.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/node/node.hpp"
#include "support/eventually.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/postgres_server.hpp"
#include "support/process.hpp"
#include "support/vector_sqn.hpp"
#include "topology/network.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
using namespace diameter;

const std::string kBin = IOTBOOT_BIN;
constexpr std::string_view kSharedImsi = "001010000000001";
const Key128 kSharedK = key<16>("465b5ce8b199b49faa5f0a2ee238a6bc");
const Key128 kSharedOpc = key<16>("cd63cb71954a9f4e48a5994e37a02baf");

// N HSS processes on one database (a new one of `server`, or the one `store` names), and an
// in-process MME node connected to each.
struct HssPool {
  std::filesystem::path dir = temp_dir("hss-pool");
  topology::Network net{dir, topology::Network::free_ports()};
  std::vector<std::unique_ptr<ChildProcess>> hss;
  IoThread io;
  std::unique_ptr<Node> mme;

  HssPool(std::size_t n, PostgresServer& server) : HssPool(n, server.create_database()) {}
  HssPool(std::size_t n, const std::string& store) {
    net.postgres = store;
    for (std::size_t i = 0; i < n; ++i) net.add_hss();
    net.add_mme();
    const auto add =
        run_process(kBin, {"subscriber", "add", "--store", net.postgres, "--imsi", std::string(kSharedImsi), "--k",
                           "465b5ce8b199b49faa5f0a2ee238a6bc", "--opc", "cd63cb71954a9f4e48a5994e37a02baf"});
    EXPECT_EQ(add.status, 0) << add.err;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string file = topology::Network::file_name("hss", i);
      std::ofstream(dir / file) << topology::to_text(net.hss_config(i));
      hss.push_back(std::make_unique<ChildProcess>(kBin, std::vector<std::string>{"hss", "-c", (dir / file).string()},
                                                   (dir / ("hss" + std::to_string(i))).string()));
      EXPECT_TRUE(hss.back()->wait_for_output("listening", 10s)) << hss.back()->err();
    }
    io.call([&] {
      NodeConfig m;
      m.origin_host = net.mme.front().host;
      m.origin_realm = net.realm;
      m.listen = false;
      m.request_timeout = 10s;
      m.reconnect_min = 50ms;
      m.reconnect_max = 200ms;
      for (const auto& h : net.hss) m.peers.push_back({h.host, net.realm, "127.0.0.1", h.port, true, {}, false});
      mme = std::make_unique<Node>(io.io, m);
      mme->use_application(app::kS6a);
      mme->start();
      return 0;
    });
    for (const auto& h : net.hss) EXPECT_TRUE(io.await(mme->wait_open(h.host, 10s))) << h.host;
  }
  ~HssPool() {
    io.call([&] {
      mme.reset();
      return 0;
    });
    for (auto& p : hss) p->signal(SIGTERM);
    for (auto& p : hss) p->wait(5s);
    if (!testing::Test::HasFailure()) std::filesystem::remove_all(dir);
  }

  // `per_hss` AIRs for one IMSI to each HSS at once; the SQN of each vector that came back,
  // and how many AIRs were answered otherwise (their result codes).
  struct Outcome {
    std::vector<std::uint64_t> sqns;
    std::multiset<std::uint32_t> refused;
  };
  Outcome burst(int per_hss) {
    std::vector<std::string> hosts;
    for (const auto& h : net.hss) hosts.push_back(h.host);
    return io.await([](Node& n, std::vector<std::string> to, int each, std::string realm) -> asio::awaitable<Outcome> {
      Outcome out;
      co_await concurrently(static_cast<int>(to.size()) * each, [&](int i) -> asio::awaitable<void> {
        const std::string sid = n.new_session_id();
        s6a::Air a;
        a.routing = n.routing(sid, realm, to[static_cast<std::size_t>(i) % to.size()]);
        a.user_name = kSharedImsi;
        a.visited_plmn_id = {0x00, 0xf1, 0x10};
        a.eutran = s6a::RequestedEutranAuthInfo{1, std::nullopt, std::nullopt};
        RequestResult r = co_await n.request(a);
        if (!r.ok()) {
          out.refused.insert(0);
          co_return;
        }
        auto aia = s6a::Aia::decode(r->view());
        if (!aia.ok() || aia->vectors.size() != 1) {
          out.refused.insert(aia.ok() ? aia->origin.result_code.value_or(1) : 2);
          co_return;
        }
        out.sqns.push_back(sqn_of(kSharedK, kSharedOpc, aia->vectors[0]).value());
      });
      co_return out;
    }(*mme, hosts, per_hss, net.realm));
  }
};

TEST(SharedStore, FourHssProcessesAnsweringFourThousandAirsForOneImsiShareNoSqn) {
  HssPool pool(4, shared_postgres());
  const HssPool::Outcome o = pool.burst(1000);
  EXPECT_TRUE(o.refused.empty()) << o.refused.size() << " refused";
  const std::set<std::uint64_t> distinct(o.sqns.begin(), o.sqns.end());
  EXPECT_EQ(o.sqns.size(), 4000u);
  EXPECT_EQ(distinct.size(), o.sqns.size());
}

// The database killed (SIGKILL, postmaster and backends) between two bursts, then started
// again: meanwhile the HSSs answer 5012, never a vector; afterwards they answer again by
// themselves, and no SQN of the first burst is handed out again.
TEST(SharedStore, TheDatabaseKilledAndRestartedLosesNoSqnAndTheHssResumes) {
  PostgresServer server;  // its own: this test kills it
  HssPool pool(2, server);
  const HssPool::Outcome before = pool.burst(200);
  ASSERT_EQ(before.sqns.size(), 400u);
  server.kill();
  const HssPool::Outcome down = pool.burst(20);
  EXPECT_TRUE(down.sqns.empty());
  EXPECT_EQ(down.refused.count(5012), 40u);  // DIAMETER_UNABLE_TO_COMPLY
  server.start();
  // Each HSS reconnects by itself, within its back-off (at most 5 s).
  EXPECT_TRUE(eventually([&] { return pool.burst(1).sqns.size() == 2; }, 20s));
  const HssPool::Outcome after = pool.burst(200);
  ASSERT_EQ(after.sqns.size(), 400u);
  std::set<std::uint64_t> all(before.sqns.begin(), before.sqns.end());
  all.insert(after.sqns.begin(), after.sqns.end());
  EXPECT_EQ(all.size(), 800u);
  EXPECT_GT(*std::min_element(after.sqns.begin(), after.sqns.end()),
            *std::max_element(before.sqns.begin(), before.sqns.end()));
}

// The primary killed (SIGKILL) under a running load of AIRs, not restarted, and its synchronous
// standby promoted: meanwhile the HSSs answer 5012, never a vector; after the promotion they
// answer again by themselves, on the standby (libpq skips the dead host, and the standby while
// it is read-only). No SQN is handed out twice: each that left in an AIA had reached the
// standby before the HSS's commit returned.
TEST(SharedStore, ThePrimaryKilledAndItsSynchronousStandbyPromotedLosesNoSqnAndTheHssResumes) {
  PostgresServer primary;  // its own: this test kills it, and the fixture's has no standby
  const std::unique_ptr<PostgresServer> standby = PostgresServer::standby_of(primary);
  HssPool pool(2, multi_host_uri(primary, *standby, primary.new_database()));

  // Bursts of AIRs one after another on a thread of their own, each tagged with the phase of
  // the failover it began and ended in. One follows another at once: the kill catches AIRs,
  // and their commits, in flight.
  enum Phase { kPrimary, kOutage, kPromoting, kPromoted };
  struct Burst {
    int began, ended;
    HssPool::Outcome outcome;
  };
  std::atomic<int> phase{kPrimary};
  std::atomic<bool> threw{false};
  std::mutex m;
  std::vector<Burst> bursts;
  // The SQNs handed out in the bursts that `pred` picks.
  const auto sqns = [&](auto pred) {
    std::lock_guard lock(m);
    std::vector<std::uint64_t> out;
    for (const Burst& b : bursts) {
      if (pred(b)) out.insert(out.end(), b.outcome.sqns.begin(), b.outcome.sqns.end());
    }
    return out;
  };
  const auto any = [&](auto pred) {
    std::lock_guard lock(m);
    return std::any_of(bursts.begin(), bursts.end(), pred);
  };
  std::jthread load([&](std::stop_token stop) {
    while (!stop.stop_requested()) {
      const int began = phase;
      HssPool::Outcome o;
      try {
        o = pool.burst(10);
      } catch (const std::exception&) {  // a burst that did not finish: the test fails below
        threw = true;
        return;
      }
      const bool refused = o.sqns.empty();
      {
        std::lock_guard lock(m);
        bursts.push_back({began, phase, std::move(o)});
      }
      // Paces the instant refusals of the outage (and the HSSs' error logs), no more.
      if (refused) std::this_thread::sleep_for(20ms);
    }
  });

  ASSERT_TRUE(eventually([&] { return sqns([](const Burst& b) { return b.ended == kPrimary; }).size() >= 400; }, 30s));
  primary.kill();
  phase = kOutage;
  // The HSSs have noticed: a burst begun after the kill has come back.
  ASSERT_TRUE(eventually([&] { return any([](const Burst& b) { return b.began == kOutage; }); }, 20s));
  phase = kPromoting;
  standby->promote();
  phase = kPromoted;
  // Each HSS reconnects by itself, within its back-off (at most 5 s), to the promoted standby.
  EXPECT_TRUE(eventually(
      [&] { return any([](const Burst& b) { return b.began == kPromoted && b.outcome.sqns.size() == 20; }); }, 20s));
  load.request_stop();
  load.join();
  ASSERT_FALSE(threw);
  const HssPool::Outcome last = pool.burst(200);
  EXPECT_EQ(last.sqns.size(), 400u);
  EXPECT_TRUE(last.refused.empty()) << last.refused.size() << " refused";

  // Before: bursts over before the promotion began, whose SQNs only the old primary can have
  // committed. After: bursts begun once it was over, and the last.
  std::vector<std::uint64_t> all = sqns([](const Burst&) { return true; });
  all.insert(all.end(), last.sqns.begin(), last.sqns.end());
  const std::vector<std::uint64_t> before = sqns([](const Burst& b) { return b.ended <= kOutage; });
  std::vector<std::uint64_t> after = sqns([](const Burst& b) { return b.began == kPromoted; });
  after.insert(after.end(), last.sqns.begin(), last.sqns.end());
  EXPECT_TRUE(sqns([](const Burst& b) { return b.began == kOutage && b.ended == kOutage; }).empty());
  std::multiset<std::uint32_t> refused;
  for (const Burst& b : bursts) refused.insert(b.outcome.refused.begin(), b.outcome.refused.end());
  EXPECT_GT(refused.count(5012), 0u);
  EXPECT_EQ(refused.count(5012), refused.size());  // DIAMETER_UNABLE_TO_COMPLY, nothing else
  const std::set<std::uint64_t> distinct(all.begin(), all.end());
  EXPECT_EQ(distinct.size(), all.size());
  ASSERT_FALSE(before.empty());
  ASSERT_FALSE(after.empty());
  EXPECT_GT(*std::min_element(after.begin(), after.end()), *std::max_element(before.begin(), before.end()));
}

}  // namespace
}  // namespace iotboot::test
