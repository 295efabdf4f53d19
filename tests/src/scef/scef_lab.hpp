// An SCEF over its real interfaces, with Diameter nodes playing its HSS and MME (the MME also
// answers pull mode's CIRs as a test sets) and HTTPS clients playing the ASs.
#pragma once

#include <gtest/gtest.h>

#include <openssl/ssl.h>
#include <functional>
#include <nlohmann/json.hpp>

#include "../../lib/diameter/io_thread.hpp"
#include "as/as_config.hpp"
#include "core/plmn.hpp"
#include "crypto/kek_source.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/result_codes.hpp"
#include "nas/identities.hpp"
#include "net/dev_pki.hpp"
#include "net/https_client.hpp"
#include "net/tls.hpp"
#include "scef/key_api.hpp"
#include "scef/scef.hpp"
#include "support/hex_literals.hpp"
#include "support/key_api_contract.hpp"
#include "support/ports.hpp"
#include "support/store_engine.hpp"

namespace iotboot::scef::test_lab {

using namespace std::chrono_literals;
using namespace diameter;
using nlohmann::json;

constexpr std::string_view kImsi = "001010000000001";
inline const Key256 kKs = test::key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
inline const Bytes<16> kRand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
inline const char* kGuti = "001-01-8001-01-c0ffee01";

struct ScefLab {
  std::filesystem::path dir = test::temp_dir("scef");
  net::DevPkiFiles pki =
      net::make_dev_pki(dir, "scef.iotboot.test", {"as1.example.com", "as2.example.com", "as3.example.com"});
  // The SCEF's deviceId secret (its file, 0600) and, when a test sets it, the one it replaces.
  Key256 device_id_secret = new_secret_file(dir / "device-id.secret");
  std::optional<Key256> previous_device_id_secret;
  store::Location where;  // the SCEF's store
  std::uint16_t diameter_port = test::free_port();
  test::IoThread io;
  std::unique_ptr<Scef> scef;
  std::unique_ptr<Node> hss, mme;
  OffsetUnixClock time;
  // Pull mode: how the test's MME answers the SCEF's CIRs (none set: 5001), and how many came.
  std::function<void(const t6a::Cir&, Reply&)> mme_answers_cir;
  int cirs = 0;
  std::function<void(ScefConfig&)> adjust;  // changes to config(), for restart_scef()
  test::KeyApiResponses responses;          // every answer ask() got, checked against the OpenAPI document

  static Key256 new_secret_file(const std::filesystem::path& file) {
    crypto::write_new_kek_file(file);
    return crypto::read_key_file(file, "device-ID secret file");
  }
  // Starts a rotation: today's secret becomes the previous one, a new one the current.
  void rotate_device_id_secret() {
    std::filesystem::rename(dir / "device-id.secret", dir / "device-id.previous");
    previous_device_id_secret = device_id_secret;
    device_id_secret = new_secret_file(dir / "device-id.secret");
  }

  ScefConfig config() const {
    ScefConfig c;
    c.store = where;
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
    c.mmes.push_back({Plmn::parse("00101")->encoded(), 0x8001, 1, "mme.iotboot.test", "iotboot.test"});
    c.ks_fetch_timeout = 1000ms;
    c.api.device_id_secret_file = (dir / "device-id.secret").string();
    if (previous_device_id_secret) c.api.previous_device_id_secret_file = (dir / "device-id.previous").string();
    if (adjust) adjust(c);
    return c;
  }

  // A new store of `engine`, or (a second SCEF) the store of another lab; likewise its own
  // certificates or another lab's (a second SCEF the same ASs trust).
  explicit ScefLab(test::Engine engine = test::Engine::sqlite, std::optional<store::Location> shared = {},
                   const net::DevPkiFiles* shared_pki = nullptr)
      : where(shared ? *shared : test::fresh_store(engine, dir, "scef.db")) {
    if (shared_pki) pki = *shared_pki;
    start_scef();
    io.call([&] {
      for (auto [node, host] : {std::pair{&hss, "hss.iotboot.test"}, std::pair{&mme, "mme.iotboot.test"}}) {
        NodeConfig n;
        n.origin_host = host;
        n.origin_realm = "iotboot.test";
        n.listen = false;
        n.reconnect_min = 20ms;
        n.reconnect_max = 100ms;
        n.peers.push_back({"scef.iotboot.test",
                           "iotboot.test",
                           "127.0.0.1",
                           diameter_port,
                           true,
                           {{app::kT6a, cmd::kConfigurationInformation}},
                           false});
        *node = std::make_unique<Node>(io.io, n);
      }
      mme->serve<t6a::Cir>([this](const t6a::Cir& cir, Reply& reply) {
        ++cirs;
        if (mme_answers_cir) return mme_answers_cir(cir, reply);
        reply.error(DiameterError::experimental(kVendor3gpp, result::kErrorUserUnknown, "no such GUTI"));
      });
      hss->use_application(app::kS6t);
      mme->use_application(app::kT6a);
      hss->start();
      mme->start();
      return 0;
    });
    wait_peers();
  }
  ~ScefLab() {
    EXPECT_EQ(responses.nonconforming(), "");
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
  void restart_scef() {
    io.call([&] {
      scef.reset();
      return 0;
    });
    start_scef();
    wait_peers();
  }
  void wait_peers() {
    EXPECT_TRUE(io.await(hss->wait_open("scef.iotboot.test", 5s)));
    EXPECT_TRUE(io.await(mme->wait_open("scef.iotboot.test", 5s)));
  }
  std::uint16_t api_port() {
    return io.call([&] { return scef->key_api_port(); });
  }
  // An AS (as1.example.com, with the lab's certificate) whose one SCEF is this one.
  as::AsConfig as1_config() {
    as::AsConfig c;
    c.id = "as1.example.com";
    c.certificate = pki.as_certificates[0].string();
    c.private_key = pki.as_keys[0].string();
    c.ca = pki.ca_certificate.string();
    c.scef = {{"127.0.0.1", api_port(), "scef.iotboot.test"}};
    return c;
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
    if (!r.ok()) return net::HttpReply{};
    responses.record(r.value());
    return r.value();
  }
  net::HttpReply ask(int as_index, const std::string& guti, const std::string& as_id) {
    return ask(as_index, json{{"guti", guti}, {"asId", as_id}}.dump());
  }
};

// Rows in the SCEF's store.
inline KeyStore::Counts stored(ScefLab& lab) {
  return lab.io.await(lab.scef->store().async_count(asio::use_awaitable));
}

inline void expect_problem(const net::HttpReply& r, int status, const std::string& cause) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/problem+json");
  const json j = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.body;
  EXPECT_EQ(j["status"], status);
  EXPECT_EQ(j["cause"], cause);
  EXPECT_TRUE(j.contains("title") && j.contains("detail") && j.contains("type"));
}

}  // namespace iotboot::scef::test_lab
