// Every NF doubled (or more), each in its own `iotboot` process, on one PostgreSQL database:
// optionally a primary with a synchronous streaming standby, reached by a multi-host URI. The
// UE simulator runs in the test's process (ue::run_load), so a test can kill NFs under load.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "process_lab.hpp"
#include "support/postgres_server.hpp"
#include "ue/load_driver.hpp"

namespace iotboot::test {

struct ClusterOptions {
  std::size_t hss = 2, scef = 2, mme = 2, as = 1, as_instances = 2;
  std::size_t subscribers = 200;
  provisioning::BootstrapMode mode = provisioning::BootstrapMode::push;
  bool standby = false;  // a private primary and standby (else a database on the shared server)
};

class ClusterLab {
 public:
  ClusterLab(const ClusterOptions& options, const std::string& name);
  ~ClusterLab();

  struct Nf {
    std::string kind;  // hss, scef, mme, as
    std::size_t index = 0;
    std::string name;  // its configuration file's stem: hss2, as3...
    std::unique_ptr<ChildProcess> process;
  };

  void start_all();  // SCEFs, HSSs, MMEs (each with every HSS and SCEF open), then ASs
  Nf& nf(const std::string& kind, std::size_t index);
  void kill(Nf& nf);   // SIGKILL
  void start(Nf& nf);  // (again) and wait until it is ready
  void kill_primary() { primary_->kill(); }
  void promote_standby() { standby_->promote(); }
  // SIGTERM to each NF still running; its SUMMARY line's `key=value` pairs, by NF name.
  std::map<std::string, std::map<std::string, std::uint64_t>> stop_all();

  ue::UeConfig ue_config() const;
  // The Key API of SCEF `scef` asked, as the first AS, for each GUTI's Ks_AS.
  std::vector<KeyApiReply> key_api(std::size_t scef, const std::vector<std::string>& gutis) const;

  std::filesystem::path dir;
  topology::Network net;
  std::vector<provisioning::SubscriberCredentials> subscribers;
  std::vector<Nf> nfs;

 private:
  std::unique_ptr<PostgresServer> primary_, standby_;
};

}  // namespace iotboot::test
