// Chaos under load: every NF doubled, each a process, on a PostgreSQL primary with a
// synchronous streaming standby reached through a multi-host URI. While 5,000 UEs bootstrap,
// one HSS, one SCEF, one MME, one instance of the AS and then the database primary are
// SIGKILLed in turn, and the standby promoted. The UEs behave as devices: a failed attach or
// bootstrap is tried again, a bounded number of times. Afterwards: every UE bootstrapped (or
// failed with a named cause), no (IMSI, SQN) in two challenges, and the surviving SCEF answers
// every bootstrapped UE's GUTI with the Ks_AS the UE derived: no acknowledged row was lost.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cluster_lab.hpp"
#include "support/sqn_record.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(Chaos, OneOfEachNfAndTheDatabasePrimaryKilledUnderLoadLoseNothing) {
  constexpr std::size_t kUes = 5000;
  const double rate = std::getenv("IOTBOOT_CHAOS_RATE") ? std::stod(std::getenv("IOTBOOT_CHAOS_RATE")) : 200.0;
  ClusterLab lab({.subscribers = kUes, .standby = true}, "chaos");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());

  ue::LoadOptions o;
  o.count = kUes;
  o.concurrency = 100;
  o.rate = rate;
  o.retries = 4;
  o.record_sqns = (lab.dir / "sqns.csv").string();
  o.key_log = (lab.dir / "keys.jsonl").string();
  ue::UeConfig config = lab.ue_config();
  config.attach_timeout = 4s;
  config.ua.timeout = 2s;

  ue::LoadReport report;
  const auto start = Clock::now();
  std::thread load([&] { report = ue::run_load(config, lab.subscribers, o); });

  // The kills, spread over the run's planned length; each at its moment (a chaos schedule,
  // not a wait for anything).
  const double planned_s = static_cast<double>(kUes) / rate;
  struct Kill {
    std::string what;
    double at_s = 0;
  };
  std::vector<Kill> kills;
  auto at = [&](double fraction) {
    std::this_thread::sleep_until(start + std::chrono::duration<double>(fraction * planned_s));
  };
  auto killed = [&](const std::string& what) {
    kills.push_back({what, std::chrono::duration<double>(Clock::now() - start).count()});
  };
  const struct {
    double fraction;
    const char* nf;  // the first instance of this kind; "" for the database primary
    const char* what;
  } schedule[] = {{0.12, "hss", "HSS hss"},
                  {0.27, "scef", "SCEF scef"},
                  {0.42, "mme", "MME mme"},
                  {0.57, "as", "AS instance as1"},
                  {0.72, "", "database primary"}};
  for (const auto& k : schedule) {
    at(k.fraction);
    if (*k.nf) {
      lab.kill(lab.nf(k.nf, 0));
    } else {
      lab.kill_primary();
    }
    killed(k.what);
  }
  std::this_thread::sleep_for(1s);  // an operator's (or Patroni's) reaction time, then the promotion
  lab.promote_standby();
  load.join();

  // Every kill landed while UEs were still bootstrapping.
  ASSERT_GT(report.seconds, kills.back().at_s);
  std::vector<std::size_t> retried(kills.size(), 0);
  for (const auto& r : report.retried) {
    std::size_t k = 0;
    while (k + 1 < kills.size() && r.at_s >= kills[k + 1].at_s) ++k;
    if (r.at_s >= kills[0].at_s) ++retried[k];
  }
  std::ostringstream summary;
  summary << kUes << " UEs in " << report.seconds << " s: bootstrapped " << report.bootstrapped << ", failed "
          << report.failed << ", exchanges tried again " << report.exchange_retries << "\n";
  for (std::size_t k = 0; k < kills.size(); ++k) {
    summary << "  killed " << kills[k].what << " at " << kills[k].at_s << " s: " << retried[k]
            << " UEs tried again before the next kill\n";
  }
  for (const auto& [why, n] : report.retries) summary << "  tried again after: " << why << ": " << n << "\n";
  for (const auto& [why, n] : report.failures) summary << "  failed: " << why << ": " << n << "\n";
  std::cout << summary.str();
  std::ofstream(lab.dir / "chaos-summary.txt") << summary.str();
  EXPECT_EQ(report.bootstrapped, kUes);
  EXPECT_EQ(report.bootstrapped + report.failed, kUes);

  // No SQN reached two challenges, across both HSSs, the HSS's death and the failover.
  const SqnRecord sqns = read_sqn_record(o.record_sqns);
  EXPECT_TRUE(sqns.repeated.empty()) << "SQN in two challenges: " << sqns.repeated.front();
  EXPECT_GE(sqns.challenges, kUes);

  // Each UE's last bootstrap: the surviving SCEF (on the promoted standby) still has its
  // KeySet and context, and derives the UE's Ks_AS.
  std::map<std::string, KeyLogEntry> last;
  for (KeyLogEntry& e : read_key_log(o.key_log)) last[e.imsi] = std::move(e);
  for (std::size_t i = 0; i < kUes; ++i) {
    if (!report.ok[i]) last.erase(lab.subscribers[i].imsi);  // failed, with its cause counted
  }
  EXPECT_EQ(last.size(), report.bootstrapped);
  std::vector<std::string> gutis;
  std::vector<std::string> want;
  const std::string as_id = lab.net.as.front().id;
  for (const auto& [imsi, e] : last) {
    gutis.push_back(e.guti);
    want.push_back(e.ks_as.at(as_id));
  }
  const std::vector<KeyApiReply> got = lab.key_api(1, gutis);
  std::size_t matching = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i].status != 200) {
      ADD_FAILURE() << gutis[i] << ": Key API " << got[i].status << " " << got[i].body;
      continue;
    }
    matching += nlohmann::json::parse(got[i].body).at("ksAs") == want[i];
  }
  EXPECT_EQ(matching, report.bootstrapped);
}

}  // namespace
}  // namespace iotboot::test
