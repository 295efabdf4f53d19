// Every schema version the HSS's store has had (tests/src/hss/schemas/vN.sql, a database as
// that version left it) is opened by today's store: migrated to the current version, its data
// intact. A new migration comes with the vN.sql of the version before it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hss/sqlite_subscriber_store.hpp"
#include "store/sqlite.hpp"
#include "support/files.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"

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
