// Every schema version the HSS's store has had (tests/src/hss/schemas/vN.sql, a database as
// that version left it) is opened by today's store: migrated to the current version, its data
// intact. A new migration comes with the vN.sql of the version before it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hss/pg_subscriber_store.hpp"
#include "hss/sqlite_subscriber_store.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "support/files.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/postgres_server.hpp"

namespace iotboot::hss {
namespace {

namespace fs = std::filesystem;

// A database made from vN.sql.
fs::path database_of(const fs::path& dir, int version) {
  const fs::path db = dir / ("v" + std::to_string(version) + ".db");
  store::Database(db.string())
      .exec(test::read_text(fs::path(IOTBOOT_SCHEMAS) / ("v" + std::to_string(version) + ".sql")));
  return db;
}

TEST(HssSchema, EveryEarlierVersionIsMigratedWithItsData) {
  const fs::path dir = test::temp_dir("hss_schema");
  int versions = 0;
  for (int v = 1; fs::exists(fs::path(IOTBOOT_SCHEMAS) / ("v" + std::to_string(v) + ".sql")); ++v) {
    ++versions;
    const fs::path db = database_of(dir, v);
    SqliteSubscriberStore store(db.string());
    const auto a = store.find("001010000000001");
    ASSERT_TRUE(a) << "v" << v;
    EXPECT_TRUE(a->k == test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc"));
    EXPECT_TRUE(a->opc == test::key<16>("cd63cb71954a9f4e48a5994e37a02baf"));
    EXPECT_EQ(to_hex(a->amf), "8000");
    EXPECT_EQ(a->sqn.value(), 4256u);
    EXPECT_EQ(a->ind_bits, 5u);
    EXPECT_EQ(a->bootstrap, provisioning::BootstrapMode::push);
    EXPECT_EQ(a->scef_id, "scef.iotboot.test");
    const auto b = store.find("001010000000002");
    ASSERT_TRUE(b) << "v" << v;
    EXPECT_EQ(to_hex(b->amf), "b9b9");
    EXPECT_EQ(b->ind_bits, 4u);
    EXPECT_EQ(b->bootstrap, provisioning::BootstrapMode::off);
    EXPECT_EQ(b->scef_id, "");
  }
  EXPECT_GE(versions, 1);
  // Migrated to the version a new database gets.
  const int current = [&] {
    SqliteSubscriberStore fresh((dir / "fresh.db").string());
    return store::Database((dir / "fresh.db").string()).schema_version();
  }();
  EXPECT_EQ(store::Database((dir / ("v" + std::to_string(versions) + ".db")).string()).schema_version(), current);
  fs::remove_all(dir);
}

std::shared_ptr<const crypto::KeyRing> upgrade_kek() {
  auto r = std::make_shared<crypto::KeyRing>();
  r->add(1, test::key<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
  r->set_current(1);
  return r;
}

bool holds(const std::string& bytes, std::string_view hex) {
  const auto raw = test::hex_bytes(hex);
  return bytes.find(std::string(raw.begin(), raw.end())) != std::string::npos;
}

// Version 1 kept K and OPc in plaintext. Opened with a KEK, they are sealed, and neither the
// file nor its WAL keeps them (the file is rewritten, the WAL emptied).
TEST(HssSchema, APlaintextVersion1IsSealedWhenOpenedWithAKek) {
  const fs::path dir = test::temp_dir("hss_schema_sealed");
  const fs::path db = database_of(dir, 1);
  {
    SqliteSubscriberStore store(db.string(), store::Durability::full, upgrade_kek());
    const auto a = store.find("001010000000001");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->k == test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc"));
    EXPECT_EQ(a->sqn.value(), 4256u);
    const std::string file = test::read_text(db), wal = test::read_text(db.string() + "-wal");
    EXPECT_FALSE(holds(file, "465b5ce8b199b49faa5f0a2ee238a6bc") || holds(file, "cd63cb71954a9f4e48a5994e37a02baf"));
    EXPECT_FALSE(holds(wal, "465b5ce8b199b49faa5f0a2ee238a6bc") || holds(wal, "cd63cb71954a9f4e48a5994e37a02baf"));
  }
  EXPECT_THROW(SqliteSubscriberStore(db.string()), store::StoreError);  // sealed: a KEK is needed now
  fs::remove_all(dir);
}

// The same on PostgreSQL: a store at schema version 1 with plaintext rows.
TEST(HssSchema, APostgresVersion1IsMigratedAndSealed) {
  const std::string uri = test::shared_postgres().create_database();
  {
    store::PgConnection c(uri);
    c.migrate("hss", pg_subscriber_migrations().first(1));
    c.exec(
        "INSERT INTO subscribers VALUES ('001010000000001', '\\x465b5ce8b199b49faa5f0a2ee238a6bc', "
        "'\\xcd63cb71954a9f4e48a5994e37a02baf', '\\x8000', 4256, 5, 1, 'scef.iotboot.test')");
  }
  PgSubscriberStore store(uri, upgrade_kek());
  EXPECT_EQ(store::PgConnection(uri).schema_version("hss"), static_cast<int>(pg_subscriber_migrations().size()));
  const auto a = store.find("001010000000001");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->opc == test::key<16>("cd63cb71954a9f4e48a5994e37a02baf"));
  EXPECT_EQ(a->scef_id, "scef.iotboot.test");
  store::PgConnection c(uri);
  EXPECT_EQ(c.query("SELECT length(k) FROM subscribers WHERE kek_id = 1").integer(0, 0), 44);
}

TEST(HssSchema, ADatabaseOfANewerVersionIsRefused) {
  const fs::path dir = test::temp_dir("hss_schema_newer");
  const fs::path db = dir / "newer.db";
  { SqliteSubscriberStore store(db.string()); }
  store::Database(db.string()).exec("PRAGMA user_version = 99");
  try {
    SqliteSubscriberStore store(db.string());
    ADD_FAILURE() << "opened a database of schema version 99";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this program"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::hss
