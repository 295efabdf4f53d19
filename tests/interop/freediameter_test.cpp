// Interoperability with freeDiameter (Debian's libfdcore 1.2.1, through tests/interop/fd_harness):
// CER/CEA, DWR/DWA both ways, and S6a AIR/AIA with our node as server and as client, over
// plaintext TCP and over TLS (RFC 6733 §13: freeDiameter's GnuTLS against our OpenSSL, mutual
// authentication, each side checking the other's certificate names its Diameter identity).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include "../lib/diameter/io_thread.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node.hpp"
#include "net/dev_pki.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::diameter {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kRealm = "iotboot.test";
constexpr std::string_view kFd = "fd.iotboot.test";

// The set-1 subscriber's E-UTRAN vector (docs/keys.md, test vectors), which the harness's server also answers with.
s6a::EutranVector fixed_vector() {
  s6a::EutranVector v;
  v.item_number = 1;
  v.rand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
  v.xres.size = 8;
  const auto x = test::hex<8>("a54211d5e3ba50bf");
  std::copy(x.begin(), x.end(), v.xres.bytes.begin());
  v.autn = test::hex<16>("55f328b43577800059bcea576837152b");
  v.kasme = test::key<32>("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  return v;
}

// freeDiameter's TLS material: its certificate and key (TLS_Cred) and the CA it trusts (TLS_CA).
struct FdTls {
  std::filesystem::path certificate, key, ca;
};

// Plaintext: freeDiameter listens on `port` and connects to the peer without TLS. TLS: it
// listens on `port` as its SecPort (TLS from the first byte) and connects with TLS.
std::string fd_conf(const std::filesystem::path& dir, std::uint16_t port, std::string_view peer,
                    std::uint16_t peer_port, const std::optional<FdTls>& tls = std::nullopt) {
  const auto path = dir / "fd.conf";
  std::ofstream f(path);
  f << "Identity = \"" << kFd << "\";\nRealm = \"" << kRealm << "\";\n";
  if (tls) {
    f << "Port = " << test::free_port() << ";\nSecPort = " << port << ";\nTLS_Cred = \"" << tls->certificate.string()
      << "\", \"" << tls->key.string() << "\";\nTLS_CA = \"" << tls->ca.string() << "\";\n";
  } else {
    f << "Port = " << port << ";\nSecPort = 0;\n";
  }
  f << "No_SCTP;\nNo_IPv6;\nListenOn = \"127.0.0.1\";\nTwTimer = 6;\n"
    << "ConnectPeer = \"" << peer << "\" { " << (tls ? "" : "No_TLS; ")
    << "ConnectTo = \"127.0.0.1\"; Port = " << peer_port << "; };\n";
  return path.string();
}

NodeConfig node_config(std::string_view host, std::uint16_t listen_port, std::uint16_t fd_port, bool connect,
                       std::chrono::milliseconds tw = 300ms) {
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen = listen_port != 0;
  c.listen_port = listen_port;
  c.watchdog_interval = tw;
  c.request_timeout = 3000ms;
  c.reconnect_min = 50ms;
  c.reconnect_max = 500ms;
  c.peers.push_back({std::string(kFd), std::string(kRealm), "127.0.0.1", fd_port, connect, {{app::kS6a}}, false});
  return c;
}

// Our HSS answering every AIR with fixed_vector() (none for other IMSIs).
struct OurHss {
  test::IoThread io;
  std::unique_ptr<Node> hss;

  explicit OurHss(NodeConfig config) {
    io.call([&] {
      hss = std::make_unique<Node>(io.io, std::move(config));
      hss->serve<s6a::Air>([](const s6a::Air& air, Reply& reply) {
        s6a::Aia aia;
        aia.origin = reply.success_origin();
        if (air.user_name == "001010000000001") aia.vectors.push_back(fixed_vector());
        reply.send(aia);
      });
      hss->start();
      return 0;
    });
  }
  ~OurHss() {
    io.call([&] {
      hss.reset();
      return 0;
    });
  }
};

// freeDiameter as the client of our HSS (at our_port): 50 AIRs, each answered with the vector.
void expect_fd_client_gets_vectors(OurHss& s, const std::string& conf, const std::filesystem::path& dir) {
  test::ChildProcess fd(
      FD_HARNESS,
      {"client", "--conf", conf, "--peer", "hss.iotboot.test", "--realm", std::string(kRealm), "--count", "50"},
      (dir / "harness").string());
  ASSERT_EQ(fd.wait(30s), 0) << fd.err();
  std::istringstream lines(fd.out());
  std::string line;
  int answers = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("AIA ", 0) != 0) continue;
    ++answers;
    EXPECT_EQ(line,
              "AIA result=2001 exp=0 vectors=1 rand=23553cbe9637a89d218ae64dae47bf35 xres=a54211d5e3ba50bf "
              "autn=55f328b43577800059bcea576837152b "
              "kasme=48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  }
  EXPECT_EQ(answers, 50);
  EXPECT_EQ(s.io.call([&] { return s.hss->stats().requests_received; }), 50u);
  EXPECT_EQ(s.io.call([&] { return s.hss->stats().error_answers_sent; }), 0u);
}

TEST(FreeDiameter, ClientGetsVectorsFromOurServer) {
  const auto dir = test::temp_dir("fd-client");
  const std::uint16_t our_port = test::free_port(), fd_port = test::free_port();
  OurHss s(node_config("hss.iotboot.test", our_port, fd_port, false));
  expect_fd_client_gets_vectors(s, fd_conf(dir, fd_port, "hss.iotboot.test", our_port), dir);
}

// freeDiameter answering AIRs, and our node connected to it as "mme.iotboot.test".
struct FdServer {
  std::filesystem::path dir = test::temp_dir("fd-server");
  std::uint16_t port = test::free_port();
  test::ChildProcess fd;
  test::IoThread io;
  std::unique_ptr<Node> mme;

  // Without `tls`, plaintext; with it, freeDiameter serves TLS on `port` and our MME (config
  // from `mme_config`) connects over TLS.
  explicit FdServer(std::chrono::milliseconds tw, const std::optional<FdTls>& tls = std::nullopt,
                    const std::function<void(NodeConfig&)>& mme_config = nullptr, bool expect_open = true)
      : fd(FD_HARNESS, {"server", "--conf", fd_conf(dir, port, "mme.iotboot.test", test::free_port(), tls)},
           (dir / "harness").string()) {
    EXPECT_TRUE(fd.wait_for_output("READY", 20s)) << fd.err();
    io.call([&] {
      NodeConfig c = node_config("mme.iotboot.test", 0, port, true, tw);
      if (mme_config) mme_config(c);
      mme = std::make_unique<Node>(io.io, std::move(c));
      mme->use_application(app::kS6a);
      mme->start();
      return 0;
    });
    if (expect_open) {
      EXPECT_TRUE(io.await(mme->wait_open(kFd, 10s)));
    }
  }
  ~FdServer() {
    io.await(mme->stop());
    io.call([&] {
      mme.reset();
      return 0;
    });
    fd.signal(SIGTERM);
    EXPECT_EQ(fd.wait(10s), 0);
  }
};

void expect_vectors_and_watchdog(FdServer& s) {
  test::IoThread& io = s.io;
  std::unique_ptr<Node>& mme = s.mme;
  for (int i = 0; i < 50; ++i) {
    RequestResult r = io.await([](Node& n) -> asio::awaitable<RequestResult> {
      const std::string sid = n.new_session_id();
      s6a::Air air;
      air.routing = n.routing(sid, kRealm);
      air.user_name = "001010000000001";
      air.visited_plmn_id = {0x00, 0xf1, 0x10};
      air.eutran = s6a::RequestedEutranAuthInfo{1, 0, std::nullopt};
      RequestResult res = co_await n.request(air);
      co_return res;
    }(*mme));
    ASSERT_TRUE(r.ok()) << to_string(r.error());
    auto aia = s6a::Aia::decode(r->view());
    ASSERT_TRUE(aia.ok()) << aia.error().message;
    EXPECT_TRUE(aia->origin.succeeded());
    EXPECT_EQ(aia->origin.origin_host, kFd);
    ASSERT_EQ(aia->vectors.size(), 1u);
    EXPECT_TRUE(aia->vectors[0] == fixed_vector());
  }
  // Idle: our DWRs (Tw 300 ms) are answered by freeDiameter and the connection stays open.
  EXPECT_TRUE(io.eventually([&] { return mme->stats().dwa_received >= 3; }, 5s));
  EXPECT_TRUE(io.call([&] { return mme->peer_open(kFd); }));
}

TEST(FreeDiameter, OurClientGetsVectorsAndItAnswersOurWatchdog) {
  FdServer s(300ms);
  expect_vectors_and_watchdog(s);
}

TEST(FreeDiameter, WeAnswerItsWatchdog) {
  FdServer s(30s);  // we stay quiet; freeDiameter's Tw is 6 s (with up to 2 s of jitter)
  EXPECT_TRUE(s.io.eventually([&] { return s.mme->stats().dwr_received >= 1; }, 15s));
  EXPECT_TRUE(s.io.call([&] { return s.mme->peer_open(kFd); }));
}

// --- Diameter over TLS ---

// The lab PKI (our identities and freeDiameter's) and another CA's, which we do not trust.
// freeDiameter refuses to start with a certificate that GnuTLS does not find valid for its own
// Identity, so its wrong names are those GnuTLS accepts and we do not: the name only in the
// subject's common name, and a wildcard. Both are issued by the lab's CA with the openssl tool.
struct InteropPki {
  std::filesystem::path lab = test::temp_dir("fd-tls-lab");
  std::filesystem::path other = test::temp_dir("fd-tls-other");
  InteropPki() {
    const std::vector<std::string> ids = {"hss.iotboot.test", "mme.iotboot.test", std::string(kFd)};
    net::make_dev_pki(lab, "scef.iotboot.test", {}, ids);
    net::make_dev_pki(other, "scef.iotboot.test", {}, ids);
    // freeDiameter checks its own chain against its TLS_CA: with the other CA's certificate, it
    // trusts both CAs (we trust only the lab's).
    std::ofstream(lab / "both-cas.pem") << std::ifstream(lab / "ca.pem").rdbuf()
                                        << std::ifstream(other / "ca.pem").rdbuf();
    issue("cn-only", "");
    issue("wildcard", "subjectAltName=DNS:*.iotboot.test\n");
  }
  // <lab>/<name>.pem and .key: subject CN fd.iotboot.test, the extensions of an NF's plus `extra`.
  void issue(const std::string& name, const std::string& extra) const {
    const std::string d = lab.string() + "/";
    const std::string cmd =
        "set -e; cd '" + d + "'; openssl ecparam -name prime256v1 -genkey -noout -out " + name + ".key; " +
        "openssl req -new -key " + name + ".key -subj /CN=" + std::string(kFd) + " -out " + name + ".csr; " +
        "printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\n" +
        "extendedKeyUsage=serverAuth,clientAuth\\n" + extra + "' > " + name + ".ext; " + "openssl x509 -req -in " +
        name + ".csr -CA ca.pem -CAkey private/ca.key -CAcreateserial -days 30 -extfile " + name + ".ext -out " + name +
        ".pem 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("openssl failed for " + name);
  }
  // freeDiameter with its certificate from the lab's CA.
  FdTls fd(const std::string& name = std::string(kFd)) const {
    return FdTls{lab / (name + ".pem"), lab / (name + ".key"), lab / "ca.pem"};
  }
  // freeDiameter with a certificate of another CA (for its own name).
  FdTls fd_untrusted() const {
    return FdTls{other / (std::string(kFd) + ".pem"), other / (std::string(kFd) + ".key"), lab / "both-cas.pem"};
  }
  TlsConfig ours(const std::string& id) const {
    return TlsConfig{(lab / (id + ".pem")).string(), (lab / (id + ".key")).string(), (lab / "ca.pem").string(), true};
  }
};

const InteropPki& interop_pki() {
  static const InteropPki p;
  return p;
}

// Our node with its certificate, its freeDiameter peer a TLS peer.
void use_tls(NodeConfig& c) {
  c.tls = interop_pki().ours(c.origin_host);
  c.peers[0].transport = Transport::tls;
}

// Our HSS listening for TLS only.
NodeConfig tls_hss_config() {
  NodeConfig c = node_config("hss.iotboot.test", 0, 0, false);
  use_tls(c);
  c.listen_tls_port = 0;
  return c;
}

std::string peer_tls_version(test::IoThread& io, Node& n, std::string_view host) {
  return io.call([&] {
    for (const PeerStatus& p : n.peers()) {
      if (p.host == host) return p.tls_version;
    }
    return std::string();
  });
}

TEST(FreeDiameterTls, ClientGetsVectorsFromOurServerOverTls) {
  const auto dir = test::temp_dir("fd-tls-client");
  OurHss s(tls_hss_config());
  const std::uint16_t our_port = s.io.call([&] { return s.hss->local_tls_port(); });
  expect_fd_client_gets_vectors(s, fd_conf(dir, test::free_port(), "hss.iotboot.test", our_port, interop_pki().fd()),
                                dir);
  EXPECT_EQ(s.io.call([&] { return s.hss->stats().tls_handshakes_failed + s.hss->stats().peers_refused; }), 0u);
}

TEST(FreeDiameterTls, OurClientGetsVectorsAndItAnswersOurWatchdogOverTls) {
  FdServer s(300ms, interop_pki().fd(), use_tls);
  EXPECT_EQ(peer_tls_version(s.io, *s.mme, kFd).rfind("TLSv1.", 0), 0u);
  expect_vectors_and_watchdog(s);
}

TEST(FreeDiameterTls, WeAnswerItsWatchdogOverTls) {
  FdServer s(30s, interop_pki().fd(), use_tls);
  EXPECT_TRUE(s.io.eventually([&] { return s.mme->stats().dwr_received >= 1; }, 15s));
  EXPECT_TRUE(s.io.call([&] { return s.mme->peer_open(kFd); }));
}

// freeDiameter connecting to our HSS with `tls` is refused: `counter` of the HSS counts it and
// the harness never sees the peer open.
void expect_fd_client_refused(const FdTls& tls, std::uint64_t NodeStats::*counter) {
  const auto dir = test::temp_dir("fd-tls-refused");
  OurHss s(tls_hss_config());
  const std::uint16_t our_port = s.io.call([&] { return s.hss->local_tls_port(); });
  test::ChildProcess fd(FD_HARNESS,
                        {"client", "--conf", fd_conf(dir, test::free_port(), "hss.iotboot.test", our_port, tls),
                         "--peer", "hss.iotboot.test", "--realm", std::string(kRealm), "--count", "1", "--wait", "3"},
                        (dir / "harness").string());
  EXPECT_TRUE(s.io.eventually([&] { return s.hss->stats().*counter >= 1; }, 20s));
  EXPECT_EQ(fd.wait(30s), 1) << fd.err();
  EXPECT_FALSE(s.io.call([&] { return s.hss->peer_open(kFd); }));
  EXPECT_EQ(s.io.call([&] { return s.hss->stats().requests_received; }), 0u);
}

TEST(FreeDiameterTls, UntrustedCertificateIsRefused) {
  expect_fd_client_refused(interop_pki().fd_untrusted(), &NodeStats::tls_handshakes_failed);
}

TEST(FreeDiameterTls, NameOnlyInTheCommonNameIsRefused) {
  expect_fd_client_refused(interop_pki().fd("cn-only"), &NodeStats::peers_refused);
}

TEST(FreeDiameterTls, WildcardNameIsRefused) {
  expect_fd_client_refused(interop_pki().fd("wildcard"), &NodeStats::peers_refused);
}

TEST(FreeDiameterTls, ServerWithoutItsNameAsSubjectAltNameIsRefusedByOurClient) {
  FdServer s(300ms, interop_pki().fd("cn-only"), use_tls, false);
  EXPECT_TRUE(s.io.eventually([&] { return s.mme->stats().peers_refused >= 1; }, 20s));
  EXPECT_FALSE(s.io.call([&] { return s.mme->peer_open(kFd); }));
}

TEST(FreeDiameterTls, ServerWithAnUntrustedCertificateIsRefusedByOurClient) {
  FdServer s(300ms, interop_pki().fd_untrusted(), use_tls, false);
  EXPECT_TRUE(s.io.eventually([&] { return s.mme->stats().tls_handshakes_failed >= 1; }, 20s));
  EXPECT_FALSE(s.io.call([&] { return s.mme->peer_open(kFd); }));
}

}  // namespace
}  // namespace iotboot::diameter
