// An SQN is never handed out twice, even across a crash: the HSS is killed with SIGKILL in
// the middle of a 5,000-UE run and restarted; across every challenge the UEs saw, no
// (IMSI, SQN) appears twice. HSS, MME and UEs are separate `iotboot` processes.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "provisioning/subscriber_csv.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

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
  const std::uint16_t hss_port = free_port(), s1_port = free_port();
  {
    std::ofstream csv(dir / "subs.csv");
    provisioning::write_subscribers(csv, provisioning::generate_subscribers("001010000000001", 5000, false));
  }
  ASSERT_EQ(
      run_process(bin, {"subscriber", "import", "--db", (dir / "hss.db").string(), (dir / "subs.csv").string()}).status,
      0);
  write(dir / "hss.yaml",
        "hss: {db: " + (dir / "hss.db").string() +
            ", durability: full}\n"
            "diameter:\n  origin_host: hss.iotboot.test\n  origin_realm: iotboot.test\n"
            "  listen: {address: 127.0.0.1, port: " +
            std::to_string(hss_port) +
            "}\n"
            "  peers: [{host: mme.iotboot.test, realm: iotboot.test, connect: false, requests: [s6a]}]\n");
  write(dir / "mme.yaml", "mme: {s1: {address: 127.0.0.1, port: " + std::to_string(s1_port) +
                              "}}\n"
                              "diameter:\n  origin_host: mme.iotboot.test\n  origin_realm: iotboot.test\n"
                              "  request_timeout_ms: 1000\n  reconnect_min_ms: 50\n  reconnect_max_ms: 200\n"
                              "  peers: [{host: hss.iotboot.test, realm: iotboot.test, address: 127.0.0.1, port: " +
                              std::to_string(hss_port) + "}]\n");
  write(dir / "ue.yaml", "log: {level: error}\nue: {mme: {address: 127.0.0.1, port: " + std::to_string(s1_port) +
                             "}, attach_timeout_ms: 5000}\n");

  auto hss = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"hss", "-c", (dir / "hss.yaml").string()},
                                            (dir / "hss1").string());
  ChildProcess mme(bin, {"mme", "-c", (dir / "mme.yaml").string()}, (dir / "mme").string());
  ASSERT_TRUE(mme.wait_for_output("peer hss.iotboot.test open", 10s)) << mme.out() << mme.err();

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
  std::this_thread::sleep_for(700ms);
  hss->signal(SIGKILL);
  ASSERT_EQ(hss->wait(5s), 128 + SIGKILL);
  std::this_thread::sleep_for(300ms);
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

  std::ifstream sqns(dir / "sqns.csv");
  std::set<std::string> seen;
  std::string line;
  std::size_t total = 0;
  while (std::getline(sqns, line)) {
    ++total;
    EXPECT_TRUE(seen.insert(line).second) << "SQN handed out twice: " << line;
  }
  EXPECT_GE(total, 5000u);
  EXPECT_EQ(result_line(second.out()).find("replayed"), std::string::npos);
  mme.signal(SIGTERM);
  hss->signal(SIGTERM);
  EXPECT_EQ(mme.wait(10s), 0);
  EXPECT_EQ(hss->wait(10s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::test
