#include "cluster_lab.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/files.hpp"
#include "support/ports.hpp"
#include "ue/ue_config.hpp"

namespace iotboot::test {

using namespace std::chrono_literals;

namespace {

const std::string kBin = IOTBOOT_BIN;

// What an NF prints once it is ready to serve.
std::string ready_line(const std::string& kind) {
  if (kind == "scef") return "Key API on";
  if (kind == "as") return "CoAP over DTLS-PSK";
  if (kind == "mme") return "S1-lite on";  // and ready once its peers are open (start_all)
  return "listening";
}

}  // namespace

ClusterLab::ClusterLab(const ClusterOptions& o, const std::string& name)
    : dir(temp_dir(name)), net(dir, topology::Network::free_ports()) {
  net.log_level = "info";
  if (o.standby) {
    primary_ = std::make_unique<PostgresServer>();
    standby_ = PostgresServer::standby_of(*primary_);
    net.postgres = multi_host_uri(*primary_, *standby_, primary_->new_database());
  } else {
    net.postgres = shared_postgres().create_database();
  }
  net.add_pools(o.hss, o.scef, o.mme, o.as, o.as_instances);
  subscribers = provisioning::generate_subscribers("001010000000001", o.subscribers, o.mode);
  {
    std::ofstream csv(dir / "subs.csv");
    provisioning::write_subscribers(csv, subscribers);
  }
  const ProcessResult imported =
      run_process(kBin, {"subscriber", "import", "--store", net.postgres, (dir / "subs.csv").string()});
  EXPECT_EQ(imported.status, 0) << imported.err;
  EXPECT_EQ(run_process(kBin, {"certs", "--dir", net.certs().string()}).status, 0);
  // The tests' shorter timers and quicker reconnection.
  auto put = [&](const std::string& kind, std::size_t i, YAML::Node doc) {
    if (doc["diameter"]) {
      doc["diameter"]["reconnect_min_ms"] = 50;
      doc["diameter"]["reconnect_max_ms"] = 200;
    }
    const std::string file = topology::Network::file_name(kind, i);
    std::ofstream(dir / file) << topology::to_text(doc);
    nfs.push_back({kind, i, file.substr(0, file.size() - 5), nullptr});
  };
  for (std::size_t i = 0; i < net.scef.size(); ++i) put("scef", i, net.scef_config(i));
  for (std::size_t i = 0; i < net.hss.size(); ++i) {
    YAML::Node doc = net.hss_config(i);
    doc["hss"]["bootstrap"]["s6t_timeout_ms"] = 1000;
    put("hss", i, doc);
  }
  for (std::size_t i = 0; i < net.mme.size(); ++i) {
    YAML::Node doc = net.mme_config(i);
    doc["mme"]["t6a_timeout_ms"] = 1000;
    doc["diameter"]["request_timeout_ms"] = 2000;
    put("mme", i, doc);
  }
  for (std::size_t i = 0; i < net.as.size(); ++i) {
    YAML::Node doc = net.as_config(i);
    doc["as"]["coap"]["handshake_timeout_ms"] = 1000;
    put("as", i, doc);
  }
}

ClusterLab::~ClusterLab() {
  stop_all();
  std::error_code ec;
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir, ec);
}

void ClusterLab::start(Nf& n) {
  n.process = std::make_unique<ChildProcess>(
      kBin, std::vector<std::string>{n.kind, "-c", (dir / (n.name + ".yaml")).string()}, (dir / n.name).string());
  ASSERT_TRUE(n.process->wait_for_output(ready_line(n.kind), 20s)) << n.name << ": " << n.process->err();
}

void ClusterLab::start_all() {
  for (const char* kind : {"scef", "hss", "mme", "as"}) {
    for (Nf& n : nfs) {
      if (n.kind == kind) {
        ASSERT_NO_FATAL_FAILURE(start(n));
      }
    }
    if (std::string(kind) != "mme") continue;
    for (Nf& n : nfs) {
      if (n.kind != "mme") continue;
      for (const auto& h : net.hss) ASSERT_TRUE(n.process->wait_for_output("peer " + h.host + " open", 20s));
      for (const auto& s : net.scef) ASSERT_TRUE(n.process->wait_for_output("peer " + s.host + " open", 20s));
    }
  }
}

ClusterLab::Nf& ClusterLab::nf(const std::string& kind, std::size_t index) {
  for (Nf& n : nfs) {
    if (n.kind == kind && n.index == index) return n;
  }
  throw std::out_of_range("no " + kind + " #" + std::to_string(index));
}

void ClusterLab::kill(Nf& n) {
  n.process->signal(SIGKILL);
  n.process->wait(5s);
}

std::map<std::string, std::map<std::string, std::uint64_t>> ClusterLab::stop_all() {
  std::map<std::string, std::map<std::string, std::uint64_t>> out;
  for (Nf& n : nfs) {
    if (n.process && n.process->wait(0ms) == -1) n.process->signal(SIGTERM);
  }
  for (Nf& n : nfs) {
    if (!n.process) continue;
    n.process->wait(10s);
    const std::string text = n.process->out();
    const auto at = text.rfind("SUMMARY ");
    if (at != std::string::npos) {
      std::istringstream line(text.substr(at, text.find('\n', at) - at));
      std::string word;
      line >> word >> word;  // SUMMARY <kind>
      while (line >> word) {
        const auto eq = word.find('=');
        if (eq != std::string::npos) out[n.name][word.substr(0, eq)] = std::stoull(word.substr(eq + 1));
      }
    }
    n.process.reset();
  }
  return out;
}

ue::UeConfig ClusterLab::ue_config() const {
  ue::UeConfig c = ue::parse_ue_config(net.ue_config());
  c.attach_timeout = 5s;
  c.ua.timeout = 3s;
  return c;
}

std::vector<KeyApiReply> ClusterLab::key_api(std::size_t scef, const std::vector<std::string>& gutis) const {
  return call_key_api(net, net.scef.at(scef).key_api_port, net.as.front().id, gutis, net.as.front().id);
}

}  // namespace iotboot::test
