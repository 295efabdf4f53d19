// Keys at rest in the SCEF's store, on each engine: Ks sealed under the current KEK and bound to
// its KeySet's IMSI and RAND; a store of sealed keys refused without a KEK; plaintext KeySets
// (schema v2 and before, or written without a KEK) sealed when a KEK is given.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "nas/identities.hpp"
#include "scef/key_store.hpp"
#include "scef/pg_key_store.hpp"
#include "scef/sqlite_key_store.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "support/files.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/postgres_server.hpp"
#include "support/store_engine.hpp"

namespace iotboot::scef {
namespace {

namespace fs = std::filesystem;

const Key256 kSealedKs = test::key<32>("6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
const Bytes<16> kSealRand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
constexpr std::int64_t kLater = 4102444800;

std::shared_ptr<const crypto::KeyRing> scef_kek() {
  auto r = std::make_shared<crypto::KeyRing>();
  r->add(1, test::key<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
  r->set_current(1);
  return r;
}

bool holds_ks(const std::vector<std::uint8_t>& v) {
  return std::search(v.begin(), v.end(), kSealedKs.data(), kSealedKs.data() + 32) != v.end();
}

Bytes<10> guti_of(const char* text) { return nas::Guti::parse(text)->binary(); }

class KeyStoreSealing : public testing::TestWithParam<test::Engine> {
 protected:
  fs::path dir = test::temp_dir("key_store_sealing");
  store::Location where = test::fresh_store(GetParam(), dir, "scef.db");
  ~KeyStoreSealing() override { fs::remove_all(dir); }

  std::unique_ptr<KeyStore> open(std::shared_ptr<const crypto::KeyRing> kek = nullptr) const {
    return open_key_store(where, store::Durability::full, std::move(kek));
  }
  static void put(KeyStore& s, const std::string& imsi, const char* guti) {
    auto tx = s.begin();
    s.put_key_set({imsi, kSealRand, kSealedKs, kLater});
    s.put_context({guti_of(guti), imsi, kSealRand, true, kLater});
    tx->commit();
  }
  static std::string error_of(KeyStore& s, const char* guti) {
    const KeyQuery g{guti_of(guti), "as1.example.com"};
    try {
      const auto found = s.find(std::span(&g, 1));
      return found.at(0) && found[0]->has_key_set && found[0]->ks == kSealedKs ? "opened" : "not found";
    } catch (const store::StoreError& e) {
      return e.what();
    }
  }
};

TEST_P(KeyStoreSealing, KsIsSealedAndOpensOnlyInItsOwnRow) {
  auto s = open(scef_kek());
  put(*s, "001010000000001", "001-01-8001-01-c0ffee01");
  put(*s, "001010000000002", "001-01-8001-01-c0ffee02");
  EXPECT_EQ(error_of(*s, "001-01-8001-01-c0ffee01"), "opened");
  const auto stored = test::query_column(where, "SELECT ks FROM key_sets");
  ASSERT_EQ(stored.size(), 2u);
  for (const auto& v : stored) {
    EXPECT_EQ(v.size(), 60u);
    EXPECT_FALSE(holds_ks(v));
  }
  test::exec_sql(where,
                 "UPDATE key_sets SET ks = (SELECT ks FROM key_sets WHERE imsi = '001010000000002') "
                 "WHERE imsi = '001010000000001'");
  EXPECT_EQ(error_of(*s, "001-01-8001-01-c0ffee01"),
            "scef.ks of 001010000000001 sealed under KEK 1 does not authenticate (another KEK, another row, or "
            "altered)");
  EXPECT_EQ(error_of(*s, "001-01-8001-01-c0ffee02"), "opened");
  try {
    open();
    ADD_FAILURE() << "opened a store of sealed keys without a KEK";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("IOTBOOT_KEK_FILE"), std::string::npos) << e.what();
  }
}

TEST_P(KeyStoreSealing, PlaintextKeySetsAreSealedWhenAKekIsGiven) {
  put(*open(), "001010000000001", "001-01-8001-01-c0ffee01");
  ASSERT_EQ(test::query_column(where, "SELECT ks FROM key_sets").at(0).size(), 32u);
  auto s = open(scef_kek());
  const auto stored = test::query_column(where, "SELECT ks FROM key_sets");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].size(), 60u);
  EXPECT_FALSE(holds_ks(stored[0]));
  EXPECT_EQ(error_of(*s, "001-01-8001-01-c0ffee01"), "opened");
}

INSTANTIATE_ON_EVERY_ENGINE(KeyStoreSealing);

// Schema v2 (SQLite) kept Ks in plaintext: opened with a KEK, neither the file nor its WAL keeps it.
TEST(ScefSchema, APlaintextVersion2IsSealedWhenOpenedWithAKek) {
  const fs::path dir = test::temp_dir("scef_schema_sealed");
  const fs::path db = dir / "v2.db";
  store::Database(db.string()).exec(test::read_text(fs::path(IOTBOOT_SCHEMAS) / "v2.sql"));
  {
    SqliteKeyStore s(db.string(), store::Durability::full, scef_kek());
    const KeyQuery g{guti_of("001-01-8001-01-c0ffee01"), "as1.example.com"};
    const auto found = s.find(std::span(&g, 1));
    ASSERT_TRUE(found.at(0) && found[0]->has_key_set);
    EXPECT_TRUE(found[0]->ks == kSealedKs);
    const std::string raw(reinterpret_cast<const char*>(kSealedKs.data()), 32);
    EXPECT_EQ(test::read_text(db).find(raw), std::string::npos);
    EXPECT_EQ(test::read_text(db.string() + "-wal").find(raw), std::string::npos);
  }
  fs::remove_all(dir);
}

// PostgreSQL: a store at schema version 1 with a plaintext KeySet.
TEST(ScefSchema, APostgresVersion1IsMigratedAndSealed) {
  const std::string uri = test::shared_postgres().create_database();
  {
    store::PgConnection c(uri);
    c.migrate("scef", pg_key_store_migrations().first(1));
    c.exec(
        "INSERT INTO key_sets VALUES ('001010000000001', '\\x23553cbe9637a89d218ae64dae47bf35', "
        "'\\x6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857', 4102444800)");
    c.exec(
        "INSERT INTO auth_contexts VALUES ('\\x00f110800101c0ffee01', '001010000000001', "
        "'\\x23553cbe9637a89d218ae64dae47bf35', true, 4102444800)");
  }
  PgKeyStore s(uri, scef_kek());
  EXPECT_EQ(store::PgConnection(uri).schema_version("scef"), static_cast<int>(pg_key_store_migrations().size()));
  const KeyQuery g{guti_of("001-01-8001-01-c0ffee01"), "as1.example.com"};
  const auto found = s.find(std::span(&g, 1));
  ASSERT_TRUE(found.at(0) && found[0]->has_key_set);
  EXPECT_TRUE(found[0]->ks == kSealedKs);
  EXPECT_EQ(store::PgConnection(uri).query("SELECT length(ks) FROM key_sets WHERE kek_id = 1").integer(0, 0), 60);
}

}  // namespace
}  // namespace iotboot::scef
