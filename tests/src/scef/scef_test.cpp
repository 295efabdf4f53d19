// The SCEF over its real interfaces: S6t and T6a notifications from Diameter peers, and the
// Key API over HTTPS with mutual TLS, with every status the issue names.
#include <gtest/gtest.h>

#include <openssl/ssl.h>
#include <nlohmann/json.hpp>

#include "../../lib/diameter/io_thread.hpp"
#include "crypto/bootstrap_keys.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/dictionary.hpp"
#include "nas/identities.hpp"
#include "net/dev_pki.hpp"
#include "net/https_client.hpp"
#include "net/tls.hpp"
#include "scef/key_api.hpp"
#include "scef/scef.hpp"
#include "store/sqlite.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"

namespace iotboot::scef {
namespace {

using namespace std::chrono_literals;
using namespace diameter;
using nlohmann::json;

constexpr std::string_view kImsi = "001010000000001";
const Key256 kKs = test::key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
const Bytes<16> kRand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
const char* kGuti = "001-01-8001-01-c0ffee01";

struct ScefLab {
  std::filesystem::path dir = test::temp_dir("scef");
  net::DevPkiFiles pki =
      net::make_dev_pki(dir, "scef.iotboot.test", {"as1.example.com", "as2.example.com", "as3.example.com"});
  std::uint16_t diameter_port = test::free_port();
  test::IoThread io;
  std::unique_ptr<Scef> scef;
  std::unique_ptr<Node> hss, mme;
  OffsetUnixClock time;

  ScefConfig config() const {
    ScefConfig c;
    c.db = (dir / "scef.db").string();
    c.durability = store::Durability::normal;
    c.diameter.origin_host = "scef.iotboot.test";
    c.diameter.origin_realm = "iotboot.test";
    c.diameter.listen_port = diameter_port;
    c.diameter.peers = {{"hss.iotboot.test", "iotboot.test", "127.0.0.1", 0, false, {{app::kS6t}}, false},
                        {"mme.iotboot.test", "iotboot.test", "127.0.0.1", 0, false, {{app::kT6a}}, false}};
    c.api.port = 0;
    c.api.certificate = pki.scef_certificate;
    c.api.private_key = pki.scef_key;
    c.api.ca = pki.ca_certificate;
    c.api.allowed_as = {"as1.example.com", "as2.example.com"};  // not as3
    return c;
  }

  ScefLab() {
    start_scef();
    io.call([&] {
      for (auto [node, host] : {std::pair{&hss, "hss.iotboot.test"}, std::pair{&mme, "mme.iotboot.test"}}) {
        NodeConfig n;
        n.origin_host = host;
        n.origin_realm = "iotboot.test";
        n.listen = false;
        n.reconnect_min = 20ms;
        n.reconnect_max = 100ms;
        n.peers.push_back({"scef.iotboot.test", "iotboot.test", "127.0.0.1", diameter_port, true, {}, false});
        *node = std::make_unique<Node>(io.io, n);
      }
      hss->use_application(app::kS6t);
      mme->use_application(app::kT6a);
      hss->start();
      mme->start();
      return 0;
    });
    wait_peers();
  }
  ~ScefLab() {
    io.call([&] {
      hss.reset();
      mme.reset();
      scef.reset();
      return 0;
    });
    std::filesystem::remove_all(dir);
  }
  void start_scef() {
    io.call([&] {
      scef = std::make_unique<Scef>(io.io, config(), time.clock());
      scef->start();
      return 0;
    });
  }
  void wait_peers() {
    EXPECT_TRUE(io.await(hss->wait_open("scef.iotboot.test", 5s)));
    EXPECT_TRUE(io.await(mme->wait_open("scef.iotboot.test", 5s)));
  }
  std::uint16_t api_port() {
    return io.call([&] { return scef->key_api_port(); });
  }

  bool push_key_set(std::string imsi, Bytes<16> rand, const Key256& ks, std::optional<std::uint32_t> lifetime = {}) {
    return io.await(
        [](Node& n, std::string i, Bytes<16> r, Key256 k, std::optional<std::uint32_t> l) -> asio::awaitable<bool> {
          const std::string sid = n.new_session_id();
          s6t::Rir rir;
          rir.routing = n.routing(sid, "iotboot.test");
          rir.user_name = i;
          s6t::IotKeySet set;
          set.user_name = i;
          set.rand = r;
          set.ks = k;
          set.lifetime_s = l;
          rir.key_sets.push_back(set);
          RequestResult res = co_await n.request(rir);
          if (!res.ok()) co_return false;
          auto ria = s6t::Ria::decode(res->view());
          co_return ria.ok() && ria->origin.succeeded();
        }(*hss, std::move(imsi), rand, ks, lifetime));
  }

  bool notify(std::string imsi, Bytes<16> rand, std::optional<std::string> guti) {
    return io.await([](Node& n, std::string i, Bytes<16> r, std::optional<std::string> g) -> asio::awaitable<bool> {
      const std::string sid = n.new_session_id();
      t6a::Rir rir;
      rir.routing = n.routing(sid, "iotboot.test");
      rir.user_name = i;
      rir.rand = r;
      rir.auth_result = g ? avp::IotAuthResult::success : avp::IotAuthResult::failure;
      if (g) rir.guti = nas::Guti::parse(*g)->binary();
      RequestResult res = co_await n.request(rir);
      if (!res.ok()) co_return false;
      auto ria = t6a::Ria::decode(res->view());
      co_return ria.ok() && ria->origin.succeeded();
    }(*mme, std::move(imsi), rand, std::move(guti)));
  }

  // A Key API request as AS `as_index` (0: as1, 1: as2, 2: as3; -1: no client certificate).
  net::HttpReply ask(int as_index, const std::string& body) {
    asio::ssl::context tls =
        as_index >= 0 ? net::make_client_tls(pki.as_certificates[static_cast<std::size_t>(as_index)],
                                             pki.as_keys[static_cast<std::size_t>(as_index)], pki.ca_certificate)
                      : asio::ssl::context(asio::ssl::context::tls_client);
    if (as_index < 0) {
      tls.load_verify_file(pki.ca_certificate);
      tls.set_verify_mode(asio::ssl::verify_peer);
    }
    net::HttpsClient client(tls, "127.0.0.1", api_port(), "scef.iotboot.test");
    auto r = client.post(std::string(kKeyApiPath), body);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().reason);
    return r.ok() ? r.value() : net::HttpReply{};
  }
  net::HttpReply ask(int as_index, const std::string& guti, const std::string& as_id) {
    return ask(as_index, json{{"guti", guti}, {"asId", as_id}}.dump());
  }
};

void expect_problem(const net::HttpReply& r, int status, const std::string& cause) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/problem+json");
  const json j = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["status"], status);
  EXPECT_EQ(j["cause"], cause);
  EXPECT_TRUE(j.contains("title") && j.contains("detail") && j.contains("type"));
}

TEST(Scef, KeySetAndNotificationGiveEachAsItsOwnKsAs) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const net::HttpReply one = lab.ask(0, kGuti, "as1.example.com");
  ASSERT_EQ(one.status, 200) << one.body;
  const json j1 = json::parse(one.body);
  EXPECT_EQ(j1["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
  EXPECT_TRUE(j1["expiry"].get<std::string>().ends_with("Z"));
  const json j2 = json::parse(lab.ask(1, kGuti, "as2.example.com").body);
  EXPECT_EQ(j2["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as2.example.com")));
  EXPECT_NE(j1["ksAs"], j2["ksAs"]);
  // Never Ks, the IMSI or RAND.
  EXPECT_EQ(one.body.find(reveal_hex(kKs)), std::string::npos);
  EXPECT_EQ(one.body.find(std::string(kImsi)), std::string::npos);
  EXPECT_EQ(one.body.find(to_hex(kRand)), std::string::npos);
}

TEST(Scef, NoClientCertificateIs401) {
  ScefLab lab;
  expect_problem(lab.ask(-1, kGuti, "as1.example.com"), 401, "NO_CLIENT_CERTIFICATE");
}

TEST(Scef, AsAskingAsAnotherIs403AndUnlistedAsIs403) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  expect_problem(lab.ask(0, kGuti, "as2.example.com"), 403, "AS_NOT_AUTHORIZED");
  expect_problem(lab.ask(2, kGuti, "as3.example.com"), 403, "AS_NOT_AUTHORIZED");
}

TEST(Scef, UnknownFailedExpiredAndSupersededAre404) {
  ScefLab lab;
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");  // unknown
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  // A new attach supersedes the old GUTI.
  const Bytes<16> rand2 = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), rand2, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), rand2, "001-01-8001-01-0000beef"));
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  EXPECT_EQ(lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com").status, 200);
  // A failed authentication of the same RAND ends it too.
  ASSERT_TRUE(lab.notify(std::string(kImsi), rand2, std::nullopt));
  expect_problem(lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  // A key that expires.
  ASSERT_TRUE(lab.push_key_set("001010000000002", rand2, kKs, 60));
  ASSERT_TRUE(lab.notify("001010000000002", rand2, "001-01-8001-01-0000f00d"));
  ASSERT_EQ(lab.ask(0, "001-01-8001-01-0000f00d", "as1.example.com").status, 200);
  lab.time.advance(61);  // past its lifetime of a minute
  const net::HttpReply expired = lab.ask(0, "001-01-8001-01-0000f00d", "as1.example.com");
  expect_problem(expired, 404, "CONTEXT_NOT_FOUND");
  EXPECT_NE(expired.body.find("expired"), std::string::npos);
}

TEST(Scef, NotificationBeforeItsKeySetIsJoinedWhenItComes) {
  ScefLab lab;
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const net::HttpReply early = lab.ask(0, kGuti, "as1.example.com");
  expect_problem(early, 404, "CONTEXT_NOT_FOUND");
  EXPECT_NE(early.body.find("KeySet"), std::string::npos);
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
}

TEST(Scef, MalformedRequestsAre400) {
  ScefLab lab;
  for (const std::string body : {"not json", "[]", "{}", R"({"guti": 7, "asId": "as1.example.com"})",
                                 R"({"guti": "001-01-8001-01", "asId": "as1.example.com"})",
                                 R"({"guti": "001-01-8001-01-c0ffee01", "asId": "as_1"})"}) {
    expect_problem(lab.ask(0, body), 400, "MALFORMED_REQUEST");
  }
}

TEST(Scef, StoreUnavailableIs503) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  {
    store::Database db((lab.dir / "scef.db").string());
    db.exec("DROP TABLE auth_contexts");
  }
  EXPECT_FALSE(lab.notify("001010000000002", kRand, "001-01-8001-01-00000002"));  // RIA: store failed
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 503, "STORE_UNAVAILABLE");
}

// The review's reproduction: anyone knowing an IMSI could start an attach and fail its
// authentication; the MME's failure notification then deleted every context of the IMSI, so
// the UE's GUTI answered 404 from then on, across restarts. Now a failure removes only what its
// own authentication (RAND) brought: its KeySet.
TEST(Scef, AFailedAuthenticationRemovesOnlyItsOwnKeySet) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  const Bytes<16> attempt = test::hex<16>("00112233445566778899aabbccddeeff");
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), attempt, kKs));  // the failed attempt's vector
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, std::nullopt));
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  // The attempt's KeySet went: a context for its RAND finds no key.
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, "001-01-8001-01-0000beef"));
  const net::HttpReply none = lab.ask(0, "001-01-8001-01-0000beef", "as1.example.com");
  expect_problem(none, 404, "CONTEXT_NOT_FOUND");
  EXPECT_NE(none.body.find("KeySet"), std::string::npos) << none.body;
  // And across a restart, from the store.
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_TRUE(lab.notify(std::string(kImsi), attempt, std::nullopt));
  lab.io.call([&] {
    lab.scef.reset();
    return 0;
  });
  lab.start_scef();
  lab.wait_peers();
  EXPECT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
}

TEST(Scef, AcknowledgedDataSurvivesARestart) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  lab.io.call([&] {
    lab.scef.reset();  // gone without any shutdown procedure
    return 0;
  });
  lab.start_scef();
  lab.wait_peers();
  const net::HttpReply r = lab.ask(0, kGuti, "as1.example.com");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, "as1.example.com")));
}

}  // namespace
}  // namespace iotboot::scef
