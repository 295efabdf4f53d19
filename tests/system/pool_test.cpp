// Pools of every NF as processes on one PostgreSQL database: the UE simulator's NAS node
// selection over an MME pool, ASs with several instances, and the load spread over each pool.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "cluster_lab.hpp"

namespace iotboot::test {
namespace {

// Within `share` of an even split over `n` instances.
void expect_even(const std::vector<std::uint64_t>& counts, double share, const char* what) {
  std::uint64_t total = 0;
  for (std::uint64_t c : counts) total += c;
  ASSERT_GT(total, 0u) << what;
  const double even = static_cast<double>(total) / static_cast<double>(counts.size());
  for (std::uint64_t c : counts) EXPECT_NEAR(static_cast<double>(c), even, share * even) << what;
}

// A UE re-attaching with its GUTI goes back to the MME whose code the GUTI carries, so that
// MME knows it (no Identity Request); when that MME is gone the UE goes to another, which asks
// for its IMSI, and bootstraps there.
TEST(MmePool, AUeGoesToTheMmeItsGutiNamesOrAnotherWhenItIsGone) {
  constexpr std::size_t kUes = 200;
  ClusterLab lab({.subscribers = kUes}, "mme-pool");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  const ue::UeConfig config = lab.ue_config();
  ue::LoadOptions o;
  o.count = kUes;
  o.concurrency = 20;
  const ue::LoadReport first = ue::run_load(config, lab.subscribers, o);
  ASSERT_EQ(first.bootstrapped, kUes) << first.failures.size();
  EXPECT_EQ(first.identity_requests, 0u);
  std::size_t at_first_mme = 0;
  for (const auto& g : first.gutis) {
    ASSERT_TRUE(g);
    at_first_mme += g->mme_code == 1;
  }
  EXPECT_NEAR(static_cast<double>(at_first_mme), kUes / 2.0, kUes / 6.0);  // spread at random: 4.7 sigma

  o.gutis = first.gutis;
  o.reattach_with_guti = true;
  const ue::LoadReport again = ue::run_load(config, lab.subscribers, o);
  EXPECT_EQ(again.bootstrapped, kUes);
  EXPECT_EQ(again.identity_requests, 0u);  // each went back to the MME that knew its GUTI

  lab.kill(lab.nf("mme", 0));
  o.gutis = again.gutis;
  const ue::LoadReport moved = ue::run_load(config, lab.subscribers, o);
  EXPECT_EQ(moved.bootstrapped, kUes);
  EXPECT_EQ(moved.identity_requests, at_first_mme);  // the dead MME's UEs, at the other one
  for (const auto& g : moved.gutis) EXPECT_EQ(g->mme_code, 2);

  auto done = lab.stop_all();
  EXPECT_EQ(done["mme2"]["identity_requests"], at_first_mme);
  // Every pool shared the work: the HSSs' AIRs, the SCEFs' RIRs and Key API calls, the AS
  // instances' handshakes (the surviving MME's count holds all three runs, so not the MMEs).
  expect_even({done["hss"]["airs"], done["hss2"]["airs"]}, 0.2, "AIRs per HSS");
  expect_even({done["scef"]["rirs"], done["scef2"]["rirs"]}, 0.2, "RIRs per SCEF");
  expect_even({done["scef"]["key_api_requests"], done["scef2"]["key_api_requests"]}, 0.2, "Key API per SCEF");
  expect_even({done["as1"]["handshakes"], done["as2"]["handshakes"]}, 0.2, "handshakes per AS instance");
}

// An MME that comes back during a run takes UEs again: the simulated eNodeB retries its
// connection, as it would its S1 setup.
TEST(MmePool, AnMmeThatComesBackTakesUesAgain) {
  constexpr std::size_t kUes = 400;
  ClusterLab lab({.subscribers = kUes}, "mme-back");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ue::LoadOptions o;
  o.count = kUes;
  o.concurrency = 20;
  o.rate = 100;
  o.retries = 4;
  ue::LoadReport report;
  std::thread load([&] { report = ue::run_load(lab.ue_config(), lab.subscribers, o); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the schedule: a quarter in
  lab.kill(lab.nf("mme", 0));
  lab.start(lab.nf("mme", 0));
  load.join();
  EXPECT_EQ(report.bootstrapped, kUes);
  auto done = lab.stop_all();
  EXPECT_GT(done["mme"]["attaches"], kUes / 10);  // the restarted MME's share of the rest
}

}  // namespace
}  // namespace iotboot::test
