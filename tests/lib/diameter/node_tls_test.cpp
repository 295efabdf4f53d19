// Diameter over TLS (RFC 6733 §13) between two of our nodes, over real loopback TLS with
// certificates from the development PKI: CER/CEA, DWR/DWA and AIR/AIA on TLS 1.3 and 1.2; an
// untrusted certificate, a certificate that does not name the Origin-Host, and a TLS peer over
// plaintext are refused; bad TLS material stops the node at construction with its file named.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/node/node.hpp"
#include "hss_answers.hpp"
#include "io_thread.hpp"
#include "net/dev_pki.hpp"
#include "support/ports.hpp"

namespace iotboot::diameter {
namespace {

using namespace std::chrono_literals;
using test::IoThread;

constexpr std::string_view kTlsRealm = "iotboot.test";
constexpr std::string_view kTlsHss = "hss.iotboot.test";
constexpr std::string_view kTlsMme = "mme.iotboot.test";

// Two PKIs: the lab's, and another CA's that the lab does not trust.
struct Pkis {
  std::filesystem::path lab = test::temp_dir("diameter-tls-lab");
  std::filesystem::path other = test::temp_dir("diameter-tls-other");
  Pkis() {
    const std::vector<std::string> ids = {std::string(kTlsHss), std::string(kTlsMme), "scef.iotboot.test"};
    net::make_dev_pki(lab, "scef.iotboot.test", {}, ids);
    net::make_dev_pki(other, "scef.iotboot.test", {}, ids);
  }
  // The certificate of `id` from `dir`, with the lab's CA as trust anchor.
  TlsConfig tls(const std::string& id, const std::filesystem::path& dir) const {
    return TlsConfig{(dir / (id + ".pem")).string(), (dir / (id + ".key")).string(), (lab / "ca.pem").string(), true};
  }
};

const Pkis& pkis() {
  static const Pkis p;
  return p;
}

NodeConfig tls_node(std::string_view host) {
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kTlsRealm;
  c.listen = false;
  c.watchdog_interval = 200ms;
  c.request_timeout = 2000ms;
  c.reconnect_min = 20ms;
  c.reconnect_max = 200ms;
  c.cer_timeout = 2000ms;
  c.tls = pkis().tls(std::string(host), pkis().lab);
  return c;
}

// An HSS listening for TLS only (and, with `plain`, plaintext too), accepting the MME as a TLS
// peer; an MME connecting to it over `transport`.
struct TlsPair {
  IoThread io;
  std::unique_ptr<Node> hss;
  std::unique_ptr<Node> mme;

  TlsPair(NodeConfig h, NodeConfig m, Transport mme_transport = Transport::tls, bool plain = false) {
    io.call([&] {
      h.listen = plain;
      h.listen_port = 0;
      h.listen_tls_port = 0;
      h.peers.push_back(PeerConfig{
          std::string(kTlsMme), std::string(kTlsRealm), "127.0.0.1", 0, false, {{app::kS6a}}, false, Transport::tls});
      hss = std::make_unique<Node>(io.io, std::move(h));
      test::serve_one_vector(*hss);
      hss->start();
      const std::uint16_t port = mme_transport == Transport::tls ? hss->local_tls_port() : hss->local_port();
      m.peers.push_back(
          PeerConfig{std::string(kTlsHss), std::string(kTlsRealm), "127.0.0.1", port, true, {}, false, mme_transport});
      mme = std::make_unique<Node>(io.io, std::move(m));
      mme->use_application(app::kS6a);
      mme->start();
      return 0;
    });
  }
  ~TlsPair() {
    io.call([&] {
      mme.reset();
      hss.reset();
      return 0;
    });
  }

  std::string version(Node& n, std::string_view host) {
    return io.call([&] {
      for (const PeerStatus& p : n.peers()) {
        if (p.host == host) return p.tls_version;
      }
      return std::string();
    });
  }

  RequestResult air() { return io.await(test::send_air(*mme, "001010000000001", std::string(kTlsRealm))); }

  // Stays closed: the refusing side counts `what` and neither side opens the peer.
  void expect_refused(const std::function<std::uint64_t(const NodeStats&)>& what, Node& refuser) {
    EXPECT_TRUE(io.eventually([&] { return what(refuser.stats()) >= 2; }));  // refused, and again on reconnection
    EXPECT_FALSE(io.call([&] { return mme->peer_open(kTlsHss) || hss->peer_open(kTlsMme); }));
  }
};

// The log lines of a test, captured beside the default sink.
struct LogCapture {
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(256);
  LogCapture() { spdlog::default_logger()->sinks().push_back(sink); }
  ~LogCapture() { spdlog::default_logger()->sinks().pop_back(); }
  int count(std::string_view text) const {
    int n = 0;
    for (const std::string& line : sink->last_formatted()) n += line.find(text) != std::string::npos;
    return n;
  }
};

void expect_exchanges(TlsPair& p, std::string_view version) {
  ASSERT_TRUE(p.io.await(p.mme->wait_open(kTlsHss, 10s)));
  EXPECT_TRUE(p.io.eventually([&] { return p.hss->peer_open(kTlsMme); }));
  EXPECT_EQ(p.version(*p.mme, kTlsHss), version);
  EXPECT_EQ(p.version(*p.hss, kTlsMme), version);
  for (int i = 0; i < 20; ++i) {
    RequestResult r = p.air();
    ASSERT_TRUE(r.ok()) << to_string(r.error());
    auto aia = s6a::Aia::decode(r->view());
    ASSERT_TRUE(aia.ok());
    EXPECT_TRUE(aia->origin.succeeded());
    EXPECT_EQ(aia->origin.origin_host, kTlsHss);
  }
  // Idle: DWR/DWA both ways (Tw 200 ms) over the TLS connection.
  EXPECT_TRUE(p.io.eventually([&] { return p.mme->stats().dwa_received >= 2 && p.hss->stats().dwa_received >= 2; }));
  EXPECT_EQ(p.io.call([&] { return p.hss->stats().requests_received; }), 20u);
}

TEST(NodeTls, ExchangesCerDwrAndAirOverTls13) {
  TlsPair p(tls_node(kTlsHss), tls_node(kTlsMme));
  expect_exchanges(p, "TLSv1.3");
}

TEST(NodeTls, ExchangesCerDwrAndAirOverTls12) {
  NodeConfig h = tls_node(kTlsHss);
  h.tls->allow_tls13 = false;
  TlsPair p(std::move(h), tls_node(kTlsMme));
  expect_exchanges(p, "TLSv1.2");
}

TEST(NodeTls, CertificateFromAnUntrustedCaIsRefused) {
  NodeConfig m = tls_node(kTlsMme);
  m.tls = pkis().tls(std::string(kTlsMme), pkis().other);
  TlsPair p(tls_node(kTlsHss), std::move(m));
  p.expect_refused([](const NodeStats& s) { return s.tls_handshakes_failed; }, *p.hss);
}

TEST(NodeTls, CertificateNotNamingTheOriginHostIsRefusedAndLogged) {
  LogCapture log;
  NodeConfig m = tls_node(kTlsMme);
  m.tls = pkis().tls("scef.iotboot.test", pkis().lab);  // trusted, but another identity's
  TlsPair p(tls_node(kTlsHss), std::move(m));
  p.expect_refused([](const NodeStats& s) { return s.peers_refused; }, *p.hss);
  EXPECT_GE(log.count("mme.iotboot.test at 127.0.0.1:"), 1);
  EXPECT_GE(log.count("refused: its Origin-Host is mme.iotboot.test but its certificate names scef.iotboot.test"), 1);
}

TEST(NodeTls, ServerCertificateNotNamingTheConfiguredPeerIsRefused) {
  LogCapture log;
  NodeConfig h = tls_node(kTlsHss);
  h.tls = pkis().tls("scef.iotboot.test", pkis().lab);
  TlsPair p(std::move(h), tls_node(kTlsMme));
  p.expect_refused([](const NodeStats& s) { return s.peers_refused; }, *p.mme);
  EXPECT_GE(log.count("peer hss.iotboot.test at 127.0.0.1:"), 1);
  EXPECT_GE(log.count("refused: its certificate names scef.iotboot.test, not hss.iotboot.test"), 1);
}

TEST(NodeTls, TlsPeerOverPlaintextIsRefused) {
  LogCapture log;
  TlsPair p(tls_node(kTlsHss), tls_node(kTlsMme), Transport::tcp, true);
  p.expect_refused([](const NodeStats& s) { return s.peers_refused; }, *p.hss);
  EXPECT_GE(log.count("the peer is configured for TLS and came over plaintext"), 1);
  EXPECT_EQ(p.io.call([&] { return p.hss->stats().requests_received; }), 0u);
}

std::string construction_error(NodeConfig c) {
  asio::io_context io;
  try {
    Node n(io, std::move(c));
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(NodeTls, BadMaterialStopsTheNodeNamingTheFile) {
  const auto dir = test::temp_dir("diameter-tls-bad");
  NodeConfig c = tls_node(kTlsHss);
  c.tls->private_key = (dir / "missing.key").string();
  EXPECT_EQ(construction_error(c), "private key " + c.tls->private_key + ": cannot read: No such file or directory");
  c = tls_node(kTlsHss);
  c.tls->private_key = (pkis().lab / "mme.iotboot.test.key").string();
  EXPECT_EQ(construction_error(c),
            "private key " + c.tls->private_key + ": not the key of certificate " + c.tls->certificate);
  c = tls_node(kTlsHss);
  c.tls->ca = (dir / "ca.pem").string();
  std::ofstream(c.tls->ca) << "not a certificate\n";
  EXPECT_EQ(construction_error(c).rfind("CA " + c.tls->ca + ": not a PEM certificate (", 0), 0u)
      << construction_error(c);
  c = tls_node(kTlsHss);
  c.tls.reset();
  c.listen_tls_port = 0;
  EXPECT_EQ(construction_error(c), "diameter: TLS is used but no tls material is configured");
}

}  // namespace
}  // namespace iotboot::diameter
