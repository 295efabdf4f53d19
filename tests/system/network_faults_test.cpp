// Network faults between real processes: this test process moves into a network namespace of
// its own (root only; CI runs as root), so the NFs it starts share its loopback, and nftables
// rules in that namespace drop packets of one port at random or all of them. Nothing leaves the
// namespace. Delay needs tc netem, which this machine's kernel lacks (docs/development.md): Ua's
// delay and loss come from a relay in front of each AS instead.
#include <gtest/gtest.h>

#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <regex>
#include <thread>

#include "process_lab.hpp"
#include "support/eventually.hpp"
#include "support/files.hpp"
#include "support/impaired_udp_link.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

class NetworkFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "a network namespace and nftables need root (CI runs as root)";
    ASSERT_EQ(unshare(CLONE_NEWNET), 0) << std::strerror(errno);
    ASSERT_EQ(run_process("/usr/sbin/ip", {"link", "set", "lo", "up"}).status, 0);
    nft({"add", "table", "inet", "faults"});
    nft({"add", "chain", "inet", "faults", "out", "{ type filter hook output priority 0; }"});
  }
  // One nft command; every rule is in the table `faults`, chain `out` (loopback packets pass it once).
  static void nft(std::vector<std::string> args) {
    const ProcessResult r = run_process("/usr/sbin/nft", args);
    ASSERT_EQ(r.status, 0) << r.err;
  }
  // Drops `percent` of the TCP segments (or UDP datagrams) to and from `port` (100: all).
  static void drop(std::uint16_t port, int percent, const char* protocol = "tcp") {
    for (const char* side : {"dport", "sport"}) {
      std::vector<std::string> rule = {"add", "rule", "inet", "faults", "out", protocol, side, std::to_string(port)};
      if (percent < 100) rule.insert(rule.end(), {"numgen", "random", "mod", "100", "<", std::to_string(percent)});
      rule.insert(rule.end(), {"counter", "drop"});
      nft(rule);
    }
  }
  static void heal() { nft({"flush", "chain", "inet", "faults", "out"}); }
  // Segments the rules dropped so far.
  static long dropped() {
    const ProcessResult r = run_process("/usr/sbin/nft", {"list", "chain", "inet", "faults", "out"});
    long n = 0;
    const std::regex packets("packets ([0-9]+)");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), packets); it != std::sregex_iterator(); ++it) {
      n += std::stol((*it)[1]);
    }
    return n;
  }
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// 1% of the segments of every Diameter connection and of the Key API lost: TCP retransmits, and
// every UE still bootstraps.
TEST_F(NetworkFaults, OnePercentLossOnDiameterAndTheKeyApiFailsNoBootstrap) {
  ProcessLab lab(500, "loss");
  lab.adjust = [](const std::string& nf, YAML::Node& doc) {
    // A lost segment costs a TCP retransmission (200 ms or more): the S6t and T6a waits allow two.
    if (nf == "hss") doc["hss"]["bootstrap"]["s6t_timeout_ms"] = 2000;
    if (nf == "mme") doc["mme"]["t6a_timeout_ms"] = 2000;
  };
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  for (std::uint16_t port : {lab.hss_port, lab.scef_port, lab.key_api_port}) drop(port, 1);
  const ProcessResult run = lab.run_ues(500, 20);
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(ProcessLab::result_line(run.out).find("bootstrapped=500 failed=0"), std::string::npos) << run.out;
  const long lost = dropped();
  EXPECT_GT(lost, 0);  // the rules did drop segments
  std::cout << "1% loss on Diameter and the Key API (" << lost
            << " segments dropped): " << ProcessLab::result_line(run.out) << std::endl;
}

// Ua as a poor radio path: 10% of the datagrams between the UEs and both ASs lost and the rest
// delayed 50 ± 20 ms each way, by a relay in front of each AS (this kernel has no tc netem).
// DTLS retransmits each flight from 1 s, doubling, for four timeouts a handshake in all, and
// CoAP from 2-3 s. The UE's budget is that of a device on a poor radio path: three exchanges
// with each AS of at most 40 s each (one exchange failed 3 of 100 UEs here); the AS waits 30 s
// for a handshake's Finished.
TEST_F(NetworkFaults, UaWithLossAndDelayBootstrapsEveryUeWithinTheRetransmissionBudget) {
  ProcessLab lab(100, "ua-faults");
  const LinkImpairment radio{50ms, 20ms, 10, 20261201};
  ImpairedUdpLink to_as1(lab.as1_port, radio), to_as2(lab.as2_port, radio);
  lab.adjust = [&](const std::string& nf, YAML::Node& doc) {
    if (nf == "ue") {
      doc["ue"]["ua_timeout_ms"] = 40000;
      doc["ue"]["ua_attempts"] = 3;
      YAML::Node servers = doc["ue"]["application_servers"];
      servers[0]["port"] = to_as1.port();
      servers[1]["port"] = to_as2.port();
    }
    if (nf == "as") doc["as"]["coap"]["handshake_timeout_ms"] = 30000;
  };
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  const ProcessResult run = lab.run_ues(100, 50);
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(ProcessLab::result_line(run.out).find("bootstrapped=100 failed=0"), std::string::npos) << run.out;
  // The relays did lose and delay datagrams on both paths.
  for (const ImpairedUdpLink* link : {&to_as1, &to_as2}) {
    EXPECT_GT(link->dropped(), 0u);
    EXPECT_GT(link->forwarded(), 0u);
  }
  std::smatch m;
  const std::string retried =
      std::regex_search(run.out, m, std::regex("exchanges tried again: ([0-9]+)")) ? m[1].str() : "0";
  std::cout << "Ua with 10% loss and 50 +- 20 ms delay (" << to_as1.dropped() + to_as2.dropped() << " of "
            << to_as1.dropped() + to_as2.dropped() + to_as1.forwarded() + to_as2.forwarded() << " datagrams lost, "
            << retried << " exchanges tried afresh): " << ProcessLab::result_line(run.out) << std::endl;
}

// The MME-HSS link silent for 10 s: the MME's watchdog (Tw 1 s) closes the connection within
// 2 Tw and a tick, attaches meanwhile are rejected with a defined cause, and once the link
// carries packets again the MME reconnects by itself and UEs attach.
TEST_F(NetworkFaults, ABlackholedHssLinkIsNoticedWithinTwoTwAndComesBack) {
  ProcessLab lab(30, "blackhole");
  lab.adjust = [](const std::string& nf, YAML::Node& doc) {
    if (nf == "hss" || nf == "mme") doc["diameter"]["watchdog_ms"] = 1000;
  };
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(10, 5).status, 0);
  const std::string hss_open = "peer hss.iotboot.test open";
  ASSERT_EQ(count(lab.mme->out(), hss_open), 1u) << lab.mme->out();

  const auto cut = std::chrono::steady_clock::now();
  drop(lab.hss_port, 100);
  ASSERT_TRUE(lab.mme->wait_for_output("watchdog: no answer to DWR", 5s)) << lab.mme->out();
  EXPECT_GT(dropped(), 0);
  const auto noticed = std::chrono::steady_clock::now() - cut;
  EXPECT_LE(noticed, 2200ms);  // 2 Tw, and the watchdog's tick of Tw / 10
  std::cout << "watchdog noticed the silent link after " << std::chrono::duration<double>(noticed).count() << " s"
            << std::endl;
  const ProcessResult during = lab.run_ues(5, 5);
  EXPECT_NE(ProcessLab::result_line(during.out).find("attached=0 "), std::string::npos) << during.out;
  EXPECT_NE(during.out.find("Attach Reject #"), std::string::npos) << during.out;  // a cause, not silence

  while (std::chrono::steady_clock::now() - cut < 10s) std::this_thread::sleep_for(100ms);  // the outage's length
  heal();
  const auto healed = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return count(lab.mme->out(), hss_open) >= 2; }, 10s)) << lab.mme->out();
  std::cout << "reconnected " << std::chrono::duration<double>(std::chrono::steady_clock::now() - healed).count()
            << " s after the link came back" << std::endl;
  const ProcessResult after = lab.run_ues(10, 5);
  EXPECT_EQ(after.status, 0) << after.out;
}

}  // namespace
}  // namespace iotboot::test
