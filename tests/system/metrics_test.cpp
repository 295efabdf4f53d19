// Operations of the NFs as processes: a real Prometheus server scrapes every NF while UEs
// bootstrap and counts what the UE simulator reported; /readyz follows the Diameter peers; a
// service manager hears READY=1 and WATCHDOG=1; promtool finds every exposition clean.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "process_lab.hpp"
#include "support/eventually.hpp"
#include "support/http_get.hpp"
#include "support/prometheus_server.hpp"
#include "support/promtool.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

std::size_t reported(const std::string& result_line, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(result_line, m, std::regex(key + "=(\\d+)"))) return 0;
  return std::stoul(m[1]);
}

TEST(Metrics, PrometheusCountsWhatTheUesReported) {
  constexpr std::size_t kUes = 20;
  ProcessLab lab(kUes, "metrics");
  lab.start_all();
  const auto targets = lab.network.metrics_targets();
  PrometheusServer prometheus(lab.dir / "prometheus", targets,
                              {std::string(IOTBOOT_SOURCE_DIR) + "/config/prometheus/alerts.yml"});
  ASSERT_TRUE(prometheus.wait_ready(20s)) << prometheus.log();
  ASSERT_TRUE(eventually([&] { return prometheus.query("count(up == 1)") == double(targets.size()); }, 20s))
      << prometheus.log();

  const ProcessResult ues = lab.run_ues(kUes, 10);
  const std::string result = ProcessLab::result_line(ues.out);
  const std::size_t attached = reported(result, "attached"), bootstrapped = reported(result, "bootstrapped");
  ASSERT_EQ(bootstrapped, kUes) << result << ues.err;
  const double ases = double(lab.network.as_ids().size());  // every UE bootstraps with each AS once
  // Each counter, as Prometheus scraped it, reaches what the UEs did (polled: the next scrape).
  const auto reaches = [&](const std::string& promql, double want) {
    return eventually([&] { return prometheus.query(promql) == want; }, 10s);
  };
  EXPECT_TRUE(reaches("sum(iotboot_mme_attaches_total{outcome=\"accepted\"})", double(attached)));
  EXPECT_TRUE(reaches("sum(iotboot_hss_s6a_airs_total{result_code=\"2001\"})", double(attached)));
  EXPECT_TRUE(reaches("sum(iotboot_scef_key_api_requests_total{status=\"200\"})", ases * double(bootstrapped)));
  EXPECT_TRUE(reaches("sum(iotboot_as_dtls_handshakes_total{result=\"completed\"})", ases * double(bootstrapped)));
  EXPECT_TRUE(reaches("sum(iotboot_mme_ues{state=\"registered\"})", double(attached)));
  EXPECT_TRUE(reaches("sum(iotboot_mme_attach_duration_seconds_count)", double(attached)));
  EXPECT_TRUE(reaches("min(iotboot_diameter_peer_open{node=\"mme.iotboot.test\"})", 1));
  EXPECT_TRUE(reaches("count(iotboot_build_info)", double(targets.size())));
  EXPECT_TRUE(reaches("min(iotboot_ready)", 1));
  // Nothing failed, so nothing of that kind was counted.
  EXPECT_EQ(prometheus.query("sum(iotboot_mme_attaches_total{outcome!=\"accepted\"})"), 0.0);

  // What each NF exposes is clean to Prometheus' own checker.
  for (const auto& [job, target] : targets) {
    const auto port = static_cast<std::uint16_t>(std::stoi(target.substr(target.rfind(':') + 1)));
    const HttpAnswer metrics = http_get(port, "/metrics");
    ASSERT_EQ(metrics.status, 200) << job;
    const ProcessResult checked = promtool_check_metrics(metrics.body);
    EXPECT_EQ(checked.status, 0) << job << ": " << checked.out << checked.err;
    EXPECT_EQ(checked.out + checked.err, "") << job;
    EXPECT_EQ(http_get(port, "/readyz").status, 200) << job;
  }
  EXPECT_TRUE(lab.stop_all());
}

// A datagram socket in the role of systemd's notify socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval t{0, 100000};  // a receive returns at least this often, to check the deadline
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
  }
  ~NotifySocket() { close(fd_); }
  // Receives until a message contains `what`; false when none has within 10 s (other messages
  // may keep arriving: the deadline is the whole wait's).
  bool receive(const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    char buf[512];
    while (std::chrono::steady_clock::now() < deadline) {
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0 && std::string(buf, static_cast<std::size_t>(n)).find(what) != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

TEST(Metrics, ServiceManagerHearsReadyAndWatchdogAndReadyzFollowsThePeers) {
  ProcessLab lab(1, "notify");
  NotifySocket notify(lab.dir / "notify.sock");
  setenv("NOTIFY_SOCKET", (lab.dir / "notify.sock").c_str(), 1);
  setenv("WATCHDOG_USEC", "200000", 1);  // WATCHDOG=1 every 100 ms
  lab.hss = std::make_unique<ChildProcess>(
      lab.bin, std::vector<std::string>{"hss", "-c", (lab.dir / "hss.yaml").string()}, (lab.dir / "hss").string());
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  EXPECT_TRUE(notify.receive("READY=1")) << lab.hss->err();
  EXPECT_TRUE(notify.receive("WATCHDOG=1")) << lab.hss->err();
  EXPECT_TRUE(notify.receive("WATCHDOG=1"));  // again: from the io loop's timer, not once at start

  const std::uint16_t port = lab.network.hss.front().metrics_port;
  ASSERT_TRUE(eventually([&] { return http_get(port, "/healthz").status == 200; }, 10s));
  // The HSS's SCEF is not running: alive, but not ready, and it says why.
  const HttpAnswer not_ready = http_get(port, "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body, "not ready: no Diameter peer of hss.iotboot.test open\n");
  lab.start_scef();
  EXPECT_TRUE(eventually([&] { return http_get(port, "/readyz").status == 200; }, 10s));
  EXPECT_EQ(http_get(port, "/nope").status, 404);
  EXPECT_EQ(http_request("PUT", port, "/metrics").status, 405);
  EXPECT_TRUE(lab.stop_all());
}

// A peer marked `required` must be open, whatever else is: an MME whose SCEF is up but whose
// HSS is not cannot attach anyone.
TEST(Metrics, ReadyzWaitsForEveryRequiredPeer) {
  ProcessLab lab(1, "required");
  YAML::Node doc = YAML::LoadFile((lab.dir / "mme.yaml").string());
  for (YAML::Node peer : doc["diameter"]["peers"]) {
    if (peer["host"].as<std::string>() == "hss.iotboot.test") peer["required"] = true;
  }
  std::ofstream(lab.dir / "mme.yaml") << topology::to_text(doc);
  ASSERT_NO_FATAL_FAILURE(lab.start_scef());
  lab.mme = std::make_unique<ChildProcess>(
      lab.bin, std::vector<std::string>{"mme", "-c", (lab.dir / "mme.yaml").string()}, (lab.dir / "mme").string());
  const std::uint16_t port = lab.network.mme.front().metrics_port;
  ASSERT_TRUE(eventually(
      [&] { return http_get(port, "/metrics").body.find("peer=\"scef.iotboot.test\"} 1") != std::string::npos; }, 10s));
  const HttpAnswer not_ready = http_get(port, "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body, "not ready: required Diameter peers of mme.iotboot.test not open: hss.iotboot.test\n");
  lab.start_hss();
  EXPECT_TRUE(eventually([&] { return http_get(port, "/readyz").status == 200; }, 10s));
  EXPECT_TRUE(lab.stop_all());
}

TEST(Metrics, AMetricsSectionWithoutAPortIsOneLineNamingTheKey) {
  ProcessLab lab(1, "badmetrics");
  YAML::Node doc = YAML::LoadFile((lab.dir / "mme.yaml").string());
  doc["metrics"].remove("port");
  std::ofstream(lab.dir / "bad.yaml") << topology::to_text(doc);
  // A child, so that an MME that took the configuration (and runs) fails the test, not hangs it.
  ChildProcess mme(lab.bin, {"mme", "-c", (lab.dir / "bad.yaml").string()}, (lab.dir / "bad").string());
  EXPECT_EQ(mme.wait(10s), 2);
  EXPECT_EQ(mme.err(), "iotboot: configuration: metrics.port: required\n");
}

// The example alert rules are valid (and the e2e test above has Prometheus load them).
TEST(Metrics, ExampleAlertRulesPassPromtool) {
  const ProcessResult r = promtool_check_rules(std::string(IOTBOOT_SOURCE_DIR) + "/config/prometheus/alerts.yml");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

}  // namespace
}  // namespace iotboot::test
