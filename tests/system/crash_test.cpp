// An SQN is never handed out twice, even across a crash: the HSS is killed with SIGKILL in
// the middle of a 5,000-UE run and restarted; across every challenge the UEs saw, no
// (IMSI, SQN) appears twice. HSS, MME and UEs are separate `iotboot` processes.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "provisioning/subscriber_csv.hpp"
#include "support/eventually.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/sqn_record.hpp"
#include "topology/network.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string result_line(const std::string& out) {
  const auto at = out.rfind("RESULT ");
  return at == std::string::npos ? "" : out.substr(at);
}

TEST(Crash, HssKilledMidRunNeverRepeatsAnSqn) {
  const auto dir = temp_dir("crash");
  const std::string bin = IOTBOOT_BIN;
  topology::Network net(dir, topology::Network::free_ports());
  net.add_hss();
  net.add_mme();
  {
    std::ofstream csv(dir / "subs.csv");
    provisioning::write_subscribers(
        csv, provisioning::generate_subscribers("001010000000001", 5000, provisioning::BootstrapMode::off));
  }
  ASSERT_EQ(run_process(bin, {"subscriber", "import", "--store", net.hss_store(), (dir / "subs.csv").string()}).status,
            0);
  net.write(dir);
  YAML::Node mme_yaml = net.mme_config();
  mme_yaml["diameter"]["request_timeout_ms"] = 1000;
  mme_yaml["diameter"]["reconnect_min_ms"] = 50;
  mme_yaml["diameter"]["reconnect_max_ms"] = 200;
  write(dir / "mme.yaml", topology::to_text(mme_yaml));
  YAML::Node ue_yaml = net.ue_config();
  ue_yaml["log"]["level"] = "error";
  ue_yaml["ue"]["attach_timeout_ms"] = 5000;
  write(dir / "ue.yaml", topology::to_text(ue_yaml));

  auto hss = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"hss", "-c", (dir / "hss.yaml").string()},
                                            (dir / "hss1").string());
  ChildProcess mme(bin, {"mme", "-c", (dir / "mme.yaml").string()}, (dir / "mme").string());
  ASSERT_TRUE(mme.wait_for_output("peer " + net.hss[0].host + " open", 10s)) << mme.out() << mme.err();

  const std::vector<std::string> load = {"ue",
                                         "-c",
                                         (dir / "ue.yaml").string(),
                                         "--subscribers",
                                         (dir / "subs.csv").string(),
                                         "--count",
                                         "5000",
                                         "--concurrency",
                                         "200",
                                         "--rate",
                                         "2500",
                                         "--record-sqns",
                                         (dir / "sqns.csv").string()};
  ChildProcess first(bin, load, (dir / "ue1").string());
  // The kill lands once the HSS has answered a few hundred AIRs (the UE's SQN record, buffered,
  // is first written then) and well before the 2 s run ends: the run reports failures below.
  ASSERT_TRUE(eventually(
      [&] { return std::filesystem::exists(dir / "sqns.csv") && std::filesystem::file_size(dir / "sqns.csv") > 0; },
      10s));
  hss->signal(SIGKILL);
  ASSERT_EQ(hss->wait(5s), 128 + SIGKILL);
  hss = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"hss", "-c", (dir / "hss.yaml").string()},
                                       (dir / "hss2").string());
  ASSERT_NE(first.wait(60s), -1);
  const std::string first_result = result_line(first.out());
  ASSERT_FALSE(first_result.empty()) << first.err();
  EXPECT_NE(first_result.find("failed="), std::string::npos);
  EXPECT_EQ(first_result.find("failed=0 "), std::string::npos) << "the kill fell outside the run: " << first_result;

  // After the restart, everyone attaches again.
  ChildProcess second(bin, load, (dir / "ue2").string());
  ASSERT_EQ(second.wait(60s), 0) << second.out() << second.err();
  EXPECT_NE(result_line(second.out()).find("attached=5000 failed=0"), std::string::npos) << second.out();

  const SqnRecord sqns = read_sqn_record(dir / "sqns.csv");
  EXPECT_TRUE(sqns.repeated.empty()) << "SQN handed out twice: " << sqns.repeated.front();
  EXPECT_GE(sqns.challenges, 5000u);
  EXPECT_EQ(result_line(second.out()).find("replayed"), std::string::npos);
  mme.signal(SIGTERM);
  hss->signal(SIGTERM);
  EXPECT_EQ(mme.wait(10s), 0);
  EXPECT_EQ(hss->wait(10s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::test
