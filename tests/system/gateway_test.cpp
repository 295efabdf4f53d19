// The AS as a gateway (docs/application-servers.md): libcoap's stock coap-client as the device,
// every NF an `iotboot` process, and a real HTTP server (tests/system/http_backend.py, Python's
// http.server) as the backend: methods, paths, identity headers, 16 KB each way block-wise, the
// backend's 4xx, a slow backend (5.04 within the bound), a backend that is down (5.02), and an
// https backend that requires the AS's client certificate.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "process_lab.hpp"
#include "support/files.hpp"
#include "support/ports.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

constexpr const char* kBackend = IOTBOOT_SOURCE_DIR "/tests/system/http_backend.py";

struct Backend {
  std::uint16_t port;
  std::unique_ptr<ChildProcess> process;
  explicit Backend(const std::filesystem::path& dir, std::vector<std::string> tls = {}, std::uint16_t on = free_port())
      : port(on) {
    std::vector<std::string> args = {kBackend, std::to_string(port)};
    if (!tls.empty()) args.push_back("--tls");
    args.insert(args.end(), tls.begin(), tls.end());
    process = std::make_unique<ChildProcess>("/usr/bin/python3", args, (dir / "backend").string());
    EXPECT_TRUE(process->wait_for_output("listening", 10s)) << process->err();
  }
};

std::string sha256_hex(const std::string& data) {
  unsigned char digest[32];
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return to_hex(ByteView(digest, len));
}

// A lab whose AS 1 forwards to `upstream` (YAML flow map), its UEs bootstrapped; the device for
// coap-client is the first UE whose Ks_AS has no NUL octet.
struct GatewayLab {
  ProcessLab lab;
  const KeyLogEntry* device = nullptr;
  std::vector<KeyLogEntry> log;
  std::string key;
  GatewayLab(const std::string& name, const std::string& upstream,
             const std::function<void(ProcessLab&)>& before_start = {})
      : lab(10, name) {
    lab.as_options = "upstream: " + upstream;
    lab.write_configs();
    if (before_start) before_start(lab);
    lab.start_all();
    const ProcessResult ues = lab.run_ues(10, 5);
    EXPECT_EQ(ues.status, 0) << ues.out << ues.err;
    log = lab.key_log();
    device = usable(log, "as1.example.com");
    if (device) key = *key_bytes(device->ks_as.at("as1.example.com"));
  }
  ProcessResult request(std::vector<std::string> options, const std::string& path, int wait_s = 5) {
    return lab.coap_request("openssl", lab.as1_port, device->guti, key, std::move(options), path, wait_s);
  }
};

TEST(Gateway, ForwardsEachRequestWithTheDevicesIdentityAndMapsTheAnswer) {
  Backend backend(temp_dir("gw-backend"));
  GatewayLab g("gateway", "{url: \"http://127.0.0.1:" + std::to_string(backend.port) + "/api\", timeout_ms: 1000}");
  ASSERT_NE(g.device, nullptr);
  // The UEs' own POST /app went through the backend (its 200 became 2.04 Changed).
  EXPECT_NE(g.lab.as1->out().find("CoAP over DTLS-PSK"), std::string::npos);

  const ProcessResult echo = g.request({"-m", "post", "-t", "json", "-e", "{\"t\":21.5}"}, "/echo/meters/7?unit=C");
  ASSERT_EQ(echo.status, 0) << echo.err;
  const json seen = json::parse(echo.out, nullptr, false);
  ASSERT_TRUE(seen.is_object()) << echo.out << echo.err;
  EXPECT_EQ(seen["method"], "POST");
  EXPECT_EQ(seen["path"], "/api/echo/meters/7");
  EXPECT_EQ(seen["query"], "unit=C");
  EXPECT_EQ(seen["body"], "{\"t\":21.5}");
  const json& h = seen["headers"];
  EXPECT_EQ(h["Content-Type"], "application/json");
  EXPECT_EQ(h["Iotboot-Guti"], g.device->guti);
  EXPECT_EQ(h["Iotboot-As-Id"], "as1.example.com");
  EXPECT_EQ(h["Iotboot-Device-Id-Type"], "PSEUDONYM");
  EXPECT_EQ(h["Iotboot-Device-Id"].get<std::string>().size(), 32u);
  EXPECT_EQ(h["Forwarded"], "for=\"127.0.0.1\";proto=coaps");
  EXPECT_EQ(echo.out.find(g.device->imsi), std::string::npos);  // the IMSI stays in the core

  // The same device after a new attach: a new GUTI, the same deviceId.
  ASSERT_EQ(g.lab.run_ues(10, 5).status, 0);
  const auto later = g.lab.key_log();
  for (const KeyLogEntry& e : later) {
    if (e.imsi != g.device->imsi || e.guti == g.device->guti || !key_bytes(e.ks_as.at("as1.example.com"))) continue;
    const ProcessResult again = g.lab.coap_request("openssl", g.lab.as1_port, e.guti,
                                                   *key_bytes(e.ks_as.at("as1.example.com")), {"-m", "get"}, "/echo");
    const json j = json::parse(again.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << again.out << again.err;
    EXPECT_EQ(j["headers"]["Iotboot-Device-Id"], h["Iotboot-Device-Id"]);
    EXPECT_EQ(j["headers"]["Iotboot-Guti"], e.guti);
    break;
  }

  // 16 KB each way, block-wise (RFC 7959) over the DTLS session.
  std::string upload;
  for (int i = 0; upload.size() < 16384; ++i) upload += "block " + std::to_string(i) + ";";
  upload.resize(16384);
  const std::filesystem::path file = g.lab.dir / "upload.bin";
  std::ofstream(file, std::ios::binary) << upload;
  const ProcessResult up = g.request({"-m", "put", "-b", "1024", "-f", file.string()}, "/echo/upload");
  const json upj = json::parse(up.out, nullptr, false);
  ASSERT_TRUE(upj.is_object()) << up.out << up.err;
  EXPECT_EQ(upj["method"], "PUT");
  EXPECT_EQ(upj["length"], 16384);
  EXPECT_EQ(upj["sha256"], sha256_hex(upload));
  const std::filesystem::path got = g.lab.dir / "download.bin";
  const ProcessResult down = g.request({"-m", "get", "-o", got.string()}, "/download?n=16384");
  const std::string downloaded = read_text(got);
  ASSERT_EQ(downloaded.size(), 16384u) << down.err;
  std::string pattern;
  while (pattern.size() < 16384) pattern += "0123456789abcdef";
  EXPECT_EQ(downloaded, pattern);

  // The backend's 4xx is the device's 4.xx.
  for (const auto& [status, code] : {std::pair{"404", "4.04"}, std::pair{"403", "4.03"}, std::pair{"429", "4.29"}}) {
    const ProcessResult r = g.request({"-m", "get"}, std::string("/status/") + status);
    EXPECT_NE((r.out + r.err).find(code), std::string::npos) << status << ": " << r.out << r.err;
  }
  // FETCH has no HTTP counterpart: 4.05.
  EXPECT_NE(g.request({"-m", "fetch", "-e", "x"}, "/echo").err.find("4.05"), std::string::npos);
}

TEST(Gateway, ASlowBackendIs504WithinTheBoundAndADownOneIs502) {
  Backend backend(temp_dir("gw-slow"));
  GatewayLab g("gateway-slow", "{url: \"http://127.0.0.1:" + std::to_string(backend.port) +
                                   "\", timeout_ms: 1000, max_pending_per_device: 1}");
  ASSERT_NE(g.device, nullptr);
  // While one request of the device waits for the backend, its next one is 5.03 at once.
  ChildProcess waiting("/usr/bin/coap-client-openssl",
                       {"-B", "5", "-m", "get", "-u", g.device->guti, "-k", g.key,
                        "coaps://127.0.0.1:" + std::to_string(g.lab.as1_port) + "/slow?ms=3000"},
                       (g.lab.dir / "waiting").string());
  ASSERT_TRUE(backend.process->wait_for_output("slow begins", 5s)) << backend.process->out();
  const ProcessResult busy = g.request({"-m", "get"}, "/echo");
  EXPECT_NE((busy.out + busy.err).find("5.03"), std::string::npos) << busy.out << busy.err;
  // The waiting one gets 5.04 at the bound, well before the backend's 3 s.
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(waiting.wait(5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_NE((waiting.out() + waiting.err()).find("5.04"), std::string::npos) << waiting.out() << waiting.err();
  // The backend stops: 5.02, and the AS goes on serving.
  backend.process->signal(SIGKILL);
  backend.process->wait(5s);
  const ProcessResult down = g.request({"-m", "get"}, "/echo");
  EXPECT_NE((down.out + down.err).find("5.02"), std::string::npos) << down.out << down.err;
  EXPECT_NE(g.lab.as1->out().find("upstream: 5.02"), std::string::npos) << g.lab.as1->out();
}

TEST(Gateway, AnHttpsBackendGetsTheAsClientCertificate) {
  // The backend's CA signs its server certificate; the lab's CA the AS's client certificate.
  const std::filesystem::path certs = temp_dir("gw-tls-certs");
  ASSERT_EQ(
      run_process(IOTBOOT_BIN, {"certs", "--dir", certs.string(), "--diameter-id", "backend.iotboot.test"}).status, 0);
  const std::uint16_t port = free_port();
  std::unique_ptr<Backend> backend;
  GatewayLab g("gateway-tls",
               "{url: \"https://backend.iotboot.test:" + std::to_string(port) +
                   "/api\", address: 127.0.0.1, timeout_ms: 2000, ca: \"" + (certs / "ca.pem").string() + "\"}",
               [&](ProcessLab& lab) {
                 backend =
                     std::make_unique<Backend>(certs,
                                               std::vector<std::string>{(certs / "backend.iotboot.test.pem").string(),
                                                                        (certs / "backend.iotboot.test.key").string(),
                                                                        (lab.network.certs() / "ca.pem").string()},
                                               port);
               });
  ASSERT_NE(g.device, nullptr);
  const ProcessResult echo = g.request({"-m", "get"}, "/echo/tls");
  const json seen = json::parse(echo.out, nullptr, false);
  ASSERT_TRUE(seen.is_object()) << echo.out << echo.err;
  EXPECT_EQ(seen["path"], "/api/echo/tls");
  EXPECT_EQ(seen["client"], json::array({"as1.example.com"}));  // mutual TLS: the AS's certificate
  EXPECT_EQ(seen["headers"]["Iotboot-Guti"], g.device->guti);
}

}  // namespace
}  // namespace iotboot::test
