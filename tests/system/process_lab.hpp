// The whole system with every NF in its own `iotboot` process on loopback: development
// certificates, an HSS database of bootstrapping subscribers, SCEF, HSS, MME and two ASs
// (as1.example.com, as2.example.com), and helpers to run the UE simulator, read its key log,
// call the Key API as an AS, and drive libcoap's stock coap-client.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provisioning/subscriber_csv.hpp"
#include "support/process.hpp"
#include "topology/network.hpp"

namespace iotboot::test {

// One line of the UE's lab key log (src/ue/key_log.hpp).
struct KeyLogEntry {
  std::string imsi, guti, rand, ck, ik, kasme, ks;
  std::map<std::string, std::string> ks_as;  // by AS_ID, hex
};

struct KeyApiReply {
  int status = 0;  // 0: no answer
  std::string body;
};

// Where the lab's HSS and SCEF keep their data, and whether their keys are sealed.
struct LabStore {
  std::string postgres;  // a postgresql:// URI for both; empty: SQLite files in the lab's directory
  bool kek = false;      // a KEK in dir/kek from the import on (`--kek-file`, key_encryption)
};

class ProcessLab {
 public:
  // Every subscriber is provisioned in `mode` (push: solution #12, pull: solution #11).
  explicit ProcessLab(std::size_t subscribers = 100, const std::string& name = "plab",
                      provisioning::BootstrapMode mode = provisioning::BootstrapMode::push, const LabStore& store = {});
  ~ProcessLab();

  // IOTBOOT_TEST_BIN runs the lab on another build of the program (e.g. an older one, to see a
  // regression test fail there).
  std::string bin = std::getenv("IOTBOOT_TEST_BIN") ? std::getenv("IOTBOOT_TEST_BIN") : IOTBOOT_BIN;
  std::filesystem::path dir;
  topology::Network network;  // one HSS, SCEF, MME and two ASs on free ports
  std::vector<provisioning::SubscriberCredentials> subscribers;
  std::uint16_t hss_port = 0, scef_port = 0, key_api_port = 0, s1_port = 0, as1_port = 0, as2_port = 0;

  // Extra settings for the SCEF's key_api section (YAML lines), and a command the SCEF
  // runs under (e.g. prlimit); call write_configs() after changing them.
  std::string key_api_options;
  std::vector<std::string> scef_wrapper;
  std::string as_options;  // extra settings for every AS's `as` section (YAML lines)
  // Changes to an NF's configuration ("hss", "mme", "scef", "as", "ue") before it is written.
  std::function<void(const std::string& nf, YAML::Node& doc)> adjust;
  void write_configs();

  void start_all();
  // SIGTERM to each NF still running, and wait for it; true when every one exited with 0 (under
  // ASan: without an error or a leak).
  bool stop_all();
  // Waits until the MME has opened its Diameter connection to the SCEF `times` times (it
  // reconnects by itself after an SCEF restart); false after 10 s.
  bool mme_connected_to_scef(std::size_t times) const;
  void start_scef();
  void start_hss();
  void start_mme();
  void start_as(int n);  // 1 or 2
  std::unique_ptr<ChildProcess> scef, hss, mme, as1, as2;
  int scef_runs = 0;  // each SCEF run logs to its own files

  // `iotboot ue` for the first `count` subscribers (or `csv`), each detaching after its
  // bootstrap when asked; returns the process result.
  ProcessResult run_ues(std::size_t count, std::size_t concurrency = 20, const std::string& csv = "",
                        bool detach = false);
  static std::string result_line(const std::string& out);
  std::vector<KeyLogEntry> key_log() const;

  // POST to the Key API with AS n's client certificate (0: none) asking for `as_id`.
  KeyApiReply key_api(int as_cert, const std::string& guti, const std::string& as_id) const;
  // The same for each UE of `entries`, in order, on one connection (and one contract check).
  std::vector<KeyApiReply> key_api(int as_cert, const std::vector<KeyLogEntry>& entries,
                                   const std::string& as_id) const;

  // libcoap's stock coap-client (`flavour`: openssl or gnutls) as the device: POST /app.
  ProcessResult coap_client(const std::string& flavour, std::uint16_t port, const std::string& guti,
                            const std::string& key, const std::string& payload, int wait_s = 3) const;
  // The same with any options (-m, -e, -f, -b, ...) for `path_and_query` ("/echo?a=1").
  ProcessResult coap_request(const std::string& flavour, std::uint16_t port, const std::string& guti,
                             const std::string& key, std::vector<std::string> options,
                             const std::string& path_and_query, int wait_s = 3) const;

  // Every log file the NFs and UE runs wrote.
  std::vector<std::filesystem::path> logs() const;
};

std::vector<KeyLogEntry> read_key_log(const std::filesystem::path& file);

// POSTs to the Key API at `port`, one per GUTI on one connection, with the client
// certificate of AS `cert_id` (empty: none), asking for `as_id`.
std::vector<KeyApiReply> call_key_api(const topology::Network& network, std::uint16_t port, const std::string& cert_id,
                                      const std::vector<std::string>& gutis, const std::string& as_id);

// Hex to raw bytes; nullopt when they contain a NUL (coap-client takes the key as argv text).
std::optional<std::string> key_bytes(const std::string& hex);

// The first key-log entry whose Ks_AS for `as_id` can be passed to coap-client as argv text.
const KeyLogEntry* usable(const std::vector<KeyLogEntry>& log, const std::string& as_id);

}  // namespace iotboot::test
