#include "process_lab.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "net/https_client.hpp"
#include "net/tls.hpp"
#include "support/eventually.hpp"
#include "support/files.hpp"
#include "support/key_api_contract.hpp"
#include "support/ports.hpp"

namespace iotboot::test {

using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

std::optional<std::string> key_bytes(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const char c = static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

ProcessLab::ProcessLab(std::size_t n, const std::string& name, provisioning::BootstrapMode mode, const LabStore& store)
    : dir(temp_dir(name)), network(topology::Network::standard(dir, topology::Network::free_ports())) {
  network.log_level = "debug";
  network.postgres = store.postgres;
  subscribers = provisioning::generate_subscribers("001010000000001", n, mode);
  {
    std::ofstream csv(dir / "subs.csv");
    provisioning::write_subscribers(csv, subscribers);
  }
  std::vector<std::string> import = {"subscriber", "import", "--store", network.hss_store(),
                                     (dir / "subs.csv").string()};
  if (store.kek) {  // sealed from the first row on: no plaintext ever reaches the store
    network.kek_file = dir / "kek";
    EXPECT_EQ(run_process(bin, {"kek", "generate", "-o", network.kek_file.string()}).status, 0);
    import.insert(import.end(), {"--kek-file", network.kek_file.string()});
  }
  const ProcessResult imported = run_process(bin, import);
  EXPECT_EQ(imported.status, 0) << imported.err;
  EXPECT_EQ(run_process(bin, {"certs", "--dir", network.certs().string()}).status, 0);
  network.device_id_secret_file = dir / "device-id.secret";
  EXPECT_EQ(run_process(bin, {"kek", "generate", "-o", network.device_id_secret_file.string()}).status, 0);
  hss_port = network.hss.front().port;
  scef_port = network.scef.front().port;
  key_api_port = network.scef.front().key_api_port;
  s1_port = network.mme.front().s1_port;
  as1_port = network.as[0].port;
  as2_port = network.as[1].port;
  write_configs();
}

ProcessLab::~ProcessLab() {
  stop_all();
  std::error_code ec;
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir, ec);
}

// The lab network's configurations with the tests' shorter timers and quicker reconnection.
void ProcessLab::write_configs() {
  YAML::Node hss_yaml = network.hss_config();
  hss_yaml["hss"]["durability"] = "normal";
  hss_yaml["hss"]["bootstrap"]["s6t_timeout_ms"] = 500;
  hss_yaml["diameter"]["reconnect_min_ms"] = 50;
  hss_yaml["diameter"]["reconnect_max_ms"] = 200;
  if (adjust) adjust("hss", hss_yaml);
  write(dir / "hss.yaml", topology::to_text(hss_yaml));
  YAML::Node mme_yaml = network.mme_config();
  mme_yaml["mme"]["t6a_timeout_ms"] = 500;
  mme_yaml["diameter"]["request_timeout_ms"] = 2000;
  mme_yaml["diameter"]["reconnect_min_ms"] = 50;
  mme_yaml["diameter"]["reconnect_max_ms"] = 200;
  if (adjust) adjust("mme", mme_yaml);
  write(dir / "mme.yaml", topology::to_text(mme_yaml));
  YAML::Node scef_yaml = network.scef_config();
  if (!key_api_options.empty()) {
    for (const auto& kv : YAML::Load(key_api_options))
      scef_yaml["scef"]["key_api"][kv.first.as<std::string>()] = kv.second;
  }
  if (adjust) adjust("scef", scef_yaml);
  write(dir / "scef.yaml", topology::to_text(scef_yaml));
  for (std::size_t i = 0; i < network.as.size(); ++i) {
    YAML::Node as_yaml = network.as_config(i);
    as_yaml["as"]["coap"]["handshake_timeout_ms"] = 1000;
    if (!as_options.empty()) {
      for (const auto& kv : YAML::Load(as_options)) as_yaml["as"][kv.first.as<std::string>()] = kv.second;
    }
    if (adjust) adjust("as", as_yaml);
    write(dir / topology::Network::file_name("as", i), topology::to_text(as_yaml));
  }
  YAML::Node ue_yaml = network.ue_config();
  ue_yaml["ue"]["attach_timeout_ms"] = 5000;
  ue_yaml["ue"]["ua_timeout_ms"] = 3000;
  if (adjust) adjust("ue", ue_yaml);
  write(dir / "ue.yaml", topology::to_text(ue_yaml));
}

void ProcessLab::start_scef() {
  ++scef_runs;
  std::vector<std::string> args = scef_wrapper;
  for (const std::string& a : {bin, std::string("scef"), std::string("-c"), (dir / "scef.yaml").string()})
    args.push_back(a);
  const std::string program = args.front();
  args.erase(args.begin());
  scef = std::make_unique<ChildProcess>(program, args, (dir / ("scef" + std::to_string(scef_runs))).string());
  ASSERT_TRUE(scef->wait_for_output("Key API on", 10s)) << scef->out() << scef->err();
}

void ProcessLab::start_hss() {
  hss = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"hss", "-c", (dir / "hss.yaml").string()},
                                       (dir / "hss").string());
  ASSERT_TRUE(hss->wait_for_output("listening", 10s)) << hss->out() << hss->err();
}

void ProcessLab::start_mme() {
  mme = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"mme", "-c", (dir / "mme.yaml").string()},
                                       (dir / "mme").string());
  ASSERT_TRUE(mme->wait_for_output("peer " + network.hss.front().host + " open", 10s)) << mme->out() << mme->err();
}

void ProcessLab::start_as(int n) {
  const std::string name = "as" + std::to_string(n);
  auto p = std::make_unique<ChildProcess>(bin, std::vector<std::string>{"as", "-c", (dir / (name + ".yaml")).string()},
                                          (dir / name).string());
  ASSERT_TRUE(p->wait_for_output("CoAP over DTLS-PSK", 10s)) << p->out() << p->err();
  (n == 1 ? as1 : as2) = std::move(p);
}

bool ProcessLab::mme_connected_to_scef(std::size_t times) const {
  const std::string open = "peer " + network.scef.front().host + " open";
  return eventually([&] { return count(mme->out(), open) >= times; }, 10s);
}

void ProcessLab::start_all() {
  ASSERT_NO_FATAL_FAILURE(start_scef());
  ASSERT_NO_FATAL_FAILURE(start_hss());
  ASSERT_NO_FATAL_FAILURE(start_mme());
  const std::string scef_open = "peer " + network.scef.front().host + " open";
  ASSERT_TRUE(mme->wait_for_output(scef_open, 10s)) << mme->out();
  ASSERT_TRUE(hss->wait_for_output(scef_open, 10s)) << hss->out();
  ASSERT_NO_FATAL_FAILURE(start_as(1));
  ASSERT_NO_FATAL_FAILURE(start_as(2));
}

bool ProcessLab::stop_all() {
  bool clean = true;
  for (auto* p : {&as1, &as2, &mme, &hss, &scef}) {
    if (*p) {
      (*p)->signal(SIGTERM);
      clean = (*p)->wait(5s) == 0 && clean;
    }
  }
  return clean;
}

ProcessResult ProcessLab::run_ues(std::size_t count, std::size_t concurrency, const std::string& csv, bool detach) {
  static int runs = 0;
  ++runs;
  std::vector<std::string> args = {"ue",
                                   "-c",
                                   (dir / "ue.yaml").string(),
                                   "--subscribers",
                                   csv.empty() ? (dir / "subs.csv").string() : csv,
                                   "--count",
                                   std::to_string(count),
                                   "--concurrency",
                                   std::to_string(concurrency),
                                   "--key-log",
                                   (dir / "keys.jsonl").string()};
  if (detach) args.push_back("--detach");
  ProcessResult r = run_process(bin, args);
  // Kept for the log scan.
  write(dir / ("ue" + std::to_string(runs) + ".out"), r.out);
  write(dir / ("ue" + std::to_string(runs) + ".err"), r.err);
  return r;
}

std::string ProcessLab::result_line(const std::string& out) {
  const auto at = out.rfind("RESULT ");
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

std::vector<KeyLogEntry> ProcessLab::key_log() const { return read_key_log(dir / "keys.jsonl"); }

std::vector<KeyLogEntry> read_key_log(const std::filesystem::path& file) {
  std::vector<KeyLogEntry> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const json j = json::parse(line);
    KeyLogEntry e{j["imsi"], j["guti"], j["rand"], j["ck"], j["ik"], j["kasme"], j["ks"], {}};
    for (const auto& [as, key] : j["ksAs"].items()) e.ks_as[as] = key;
    out.push_back(std::move(e));
  }
  return out;
}

// AS n's certificate name, or "" (n = 0: no client certificate).
static std::string as_cert_id(const topology::Network& network, int n) {
  return n > 0 ? network.as.at(static_cast<std::size_t>(n - 1)).id : "";
}

KeyApiReply ProcessLab::key_api(int as_cert, const std::string& guti, const std::string& as_id) const {
  return call_key_api(network, key_api_port, as_cert_id(network, as_cert), {guti}, as_id).front();
}

std::vector<KeyApiReply> ProcessLab::key_api(int as_cert, const std::vector<KeyLogEntry>& entries,
                                             const std::string& as_id) const {
  std::vector<std::string> gutis;
  for (const KeyLogEntry& e : entries) gutis.push_back(e.guti);
  return call_key_api(network, key_api_port, as_cert_id(network, as_cert), gutis, as_id);
}

std::vector<KeyApiReply> call_key_api(const topology::Network& network, std::uint16_t port, const std::string& id,
                                      const std::vector<std::string>& gutis, const std::string& as_id) {
  namespace ssl = boost::asio::ssl;
  const std::string certs = network.certs().string();
  const bool as_cert = !id.empty();
  ssl::context tls = as_cert
                         ? net::make_client_tls(certs + "/" + id + ".pem", certs + "/" + id + ".key", certs + "/ca.pem")
                         : ssl::context(ssl::context::tls_client);
  if (!as_cert) {
    tls.load_verify_file(certs + "/ca.pem");
    tls.set_verify_mode(ssl::verify_peer);
  }
  net::HttpsClient client(tls, "127.0.0.1", port, network.scef.front().host);  // one keep-alive connection
  std::vector<KeyApiReply> out;
  KeyApiResponses responses;  // checked against the OpenAPI document
  for (const std::string& guti : gutis) {
    auto r = client.post("/iotboot-keys/v1/retrieve", json{{"guti", guti}, {"asId", as_id}}.dump());
    out.push_back(r ? KeyApiReply{r->status, std::string(r->body.begin(), r->body.end())} : KeyApiReply{});
    if (r) responses.record(r.value());
  }
  EXPECT_EQ(responses.nonconforming(), "");
  return out;
}

ProcessResult ProcessLab::coap_client(const std::string& flavour, std::uint16_t port, const std::string& guti,
                                      const std::string& key, const std::string& payload, int wait_s) const {
  return coap_request(flavour, port, guti, key, {"-m", "post", "-e", payload}, "/app", wait_s);
}

ProcessResult ProcessLab::coap_request(const std::string& flavour, std::uint16_t port, const std::string& guti,
                                       const std::string& key, std::vector<std::string> options,
                                       const std::string& path_and_query, int wait_s) const {
  options.insert(options.end(), {"-B", std::to_string(wait_s), "-u", guti, "-k", key,
                                 "coaps://127.0.0.1:" + std::to_string(port) + path_and_query});
  return run_process("/usr/bin/coap-client-" + flavour, options);
}

const KeyLogEntry* usable(const std::vector<KeyLogEntry>& log, const std::string& as_id) {
  for (const KeyLogEntry& e : log) {
    if (key_bytes(e.ks_as.at(as_id))) return &e;
  }
  return nullptr;
}

std::vector<std::filesystem::path> ProcessLab::logs() const {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".out" || ext == ".err") out.push_back(e.path());
  }
  return out;
}

}  // namespace iotboot::test
