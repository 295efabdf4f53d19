// The lab network, described once: which NFs run, their Diameter identities, ports and files,
// and who may send what to whom. `iotboot run`, the system and process tests and the benchmark
// scripts (through `iotboot run --write-configs DIR`) all take their configurations from here,
// so adding a second HSS or SCEF to any of them is one add_hss() or add_scef().
//
// Each NF's configuration is rendered as the YAML document its process would read; in-process
// runners parse it with the NF's own parser, so the YAML path is the one always exercised.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace iotboot::topology {

struct HssNode {
  std::string host;
  std::uint16_t port = 0;          // Diameter
  std::string db;                  // file name in the network's directory
  std::uint16_t metrics_port = 0;  // /metrics, /healthz, /readyz
};

struct ScefNode {
  std::string host;
  std::uint16_t port = 0;  // Diameter
  std::uint16_t key_api_port = 0;
  std::string db;
  std::uint16_t metrics_port = 0;
};

struct MmeNode {
  std::string host;
  std::uint16_t s1_port = 0;
  std::uint16_t metrics_port = 0;
};

struct AsNode {
  std::string id;            // AS_ID, the DNS name in its certificate
  std::uint16_t port = 0;    // CoAP over DTLS (UDP)
  std::size_t instance = 0;  // 0: the AS's first; more processes serving the same AS_ID
  std::uint16_t metrics_port = 0;
};

class Network {
 public:
  enum class Protocol { tcp, udp };
  // Where ports come from: the standard ones (3868, 8443, 36412, 5684...; metrics listeners
  // from 9110 on) or free ones.
  using PortSource = std::function<std::uint16_t(Protocol, std::uint16_t standard)>;
  static PortSource standard_ports();
  static PortSource free_ports();

  Network(std::filesystem::path dir, PortSource ports);

  // One HSS, SCEF and MME and two ASs (as1.example.com, as2.example.com): the system
  // `make run` runs and config/*.yaml describe.
  static Network standard(std::filesystem::path dir, PortSource ports);

  HssNode& add_hss();
  ScefNode& add_scef();
  MmeNode& add_mme();
  AsNode& add_as();
  // One more process serving the AS_ID of as[of], on its own port (the UEs know every one).
  AsNode& add_as_instance(std::size_t of);
  // That many HSSs, SCEFs, MMEs and ASs, each AS served by as_instances processes.
  void add_pools(std::size_t hss_count, std::size_t scef_count, std::size_t mme_count, std::size_t as_count,
                 std::size_t as_instances);
  std::vector<std::string> as_ids() const;  // each AS_ID once
  // Every HSS's, SCEF's and MME's Origin-Host: the names of their Diameter certificates.
  std::vector<std::string> diameter_ids() const;

  std::string realm = "iotboot.test";
  std::string address = "127.0.0.1";
  std::string log_level = "info";
  std::string log_format = "text";    // of the NFs (`log.format`); the UE simulator's stays text
  std::string ue_log_level = "warn";  // the UE simulator logs per UE: at info, 1,000 UEs drown the rest
  std::string durability = "full";    // of the HSS's and SCEF's SQLite databases
  // A postgresql:// URI: every HSS and SCEF keep their data there (each in its own tables)
  // instead of in their SQLite files.
  std::string postgres;
  // Diameter over TLS (RFC 6733 §13) between every HSS, SCEF and MME: each listens for TLS only
  // (on its Diameter port), connects with TLS, and presents certs()/<its Origin-Host>.pem.
  bool diameter_tls = false;
  std::filesystem::path dir;  // databases; certificates in dir/certs (`iotboot certs`)
  // The HSSs' and SCEFs' key-encryption key (`key_encryption: {kek_file}`); empty: their keys
  // are stored in plaintext. Whoever sets it creates the file (`iotboot kek generate`).
  std::filesystem::path kek_file;
  // The SCEFs' secret for deviceId pseudonyms (`key_api.device_id_secret_file`); empty: none.
  // Whoever sets it creates the file (`iotboot kek generate` writes one too).
  std::filesystem::path device_id_secret_file;
  std::vector<HssNode> hss;
  std::vector<ScefNode> scef;
  std::vector<MmeNode> mme;
  std::vector<AsNode> as;

  std::filesystem::path certs() const { return dir / "certs"; }
  std::filesystem::path db(const std::string& file) const { return dir / file; }
  // The `store:` of an HSS or SCEF: its SQLite file, or the shared PostgreSQL database.
  std::string store(const std::string& file) const;
  std::string hss_store(std::size_t i = 0) const;

  // Each NF's configuration. With no SCEF, the HSS pushes no KeySets and the UE stops after
  // its attach; with no AS, the UE bootstraps with none.
  YAML::Node hss_config(std::size_t i = 0) const;
  YAML::Node scef_config(std::size_t i = 0) const;
  YAML::Node mme_config(std::size_t i = 0) const;
  YAML::Node as_config(std::size_t i) const;
  YAML::Node ue_config() const;
  // Every NF's metrics listener as host:port, by file name without .yaml (hss, scef, mme, as1...).
  std::vector<std::pair<std::string, std::string>> metrics_targets() const;

  // hss.yaml (hss2.yaml, ...), scef.yaml, mme.yaml, as1.yaml, as2.yaml, ue.yaml in `out`.
  void write(const std::filesystem::path& out) const;
  // The file names write() uses.
  static std::string file_name(const std::string& nf, std::size_t i);

 private:
  PortSource ports_;
};

// A YAML document as text, as written to a file.
std::string to_text(const YAML::Node& doc);

}  // namespace iotboot::topology
