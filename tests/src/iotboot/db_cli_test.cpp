// `iotboot db migrate`: a store brought to this program's schema through the real binary, on
// each engine, idempotent; a store from an older version upgraded with its data.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/sqlite.hpp"
#include "support/files.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/store_engine.hpp"

namespace iotboot::cli {
namespace {

using nlohmann::json;

class DbMigrate : public testing::TestWithParam<test::Engine> {
 protected:
  std::filesystem::path dir = test::temp_dir("db-cli");
  ~DbMigrate() override { std::filesystem::remove_all(dir); }
  std::string store_flag(const store::Location& where) const {
    return where.engine == store::Location::Engine::sqlite ? "sqlite:" + where.target : where.target;
  }
  json migrate(const std::string& store, const std::string& nf) {
    const auto r = test::run_process(IOTBOOT_BIN, {"db", "migrate", "--store", store, "--nf", nf});
    EXPECT_EQ(r.status, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
};

TEST_P(DbMigrate, CreatesThenLeavesAsIs) {
  // On PostgreSQL both NFs may share one database (each has its own tables and version).
  const store::Location hss = test::fresh_store(GetParam(), dir, "hss.db");
  const store::Location scef = GetParam() == test::Engine::sqlite ? test::fresh_store(GetParam(), dir, "scef.db") : hss;
  const json first = migrate(store_flag(hss), "hss");
  EXPECT_EQ(first["from_version"], 0);
  EXPECT_GE(first["to_version"], 1);
  const json again = migrate(store_flag(hss), "hss");
  EXPECT_EQ(again["from_version"], first["to_version"]);
  EXPECT_EQ(again["to_version"], first["to_version"]);
  const json keys = migrate(store_flag(scef), "scef");
  EXPECT_EQ(keys["from_version"], 0);
  EXPECT_GE(keys["to_version"], 1);
  // The store works afterwards.
  const auto add = test::run_process(
      IOTBOOT_BIN, {"subscriber", "add", "--store", store_flag(hss), "--imsi", "001010000000001", "--k",
                    "465b5ce8b199b49faa5f0a2ee238a6bc", "--opc", "cd63cb71954a9f4e48a5994e37a02baf"});
  EXPECT_EQ(add.status, 0) << add.err;
}

// A store written by a newer iotboot is refused, not rewritten.
TEST_P(DbMigrate, NewerSchemaIsRefused) {
  const store::Location hss = test::fresh_store(GetParam(), dir, "hss.db");
  migrate(store_flag(hss), "hss");
  test::exec_sql(
      hss, GetParam() == test::Engine::sqlite ? "PRAGMA user_version = 99" : "UPDATE iotboot_schema SET version = 99");
  const auto r = test::run_process(IOTBOOT_BIN, {"db", "migrate", "--store", store_flag(hss), "--nf", "hss"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("is newer than this program's"), std::string::npos) << r.err;
}

INSTANTIATE_ON_EVERY_ENGINE(DbMigrate);

// The SCEF's SQLite store of schema version 1 (tests/src/scef/schemas) upgraded in place.
TEST(DbMigrateCli, UpgradesAnOlderSqliteStore) {
  const std::filesystem::path dir = test::temp_dir("db-cli-v1");
  const std::filesystem::path db = dir / "scef.db";
  store::Database(db.string()).exec(test::read_text(std::filesystem::path(IOTBOOT_SCEF_SCHEMAS) / "v1.sql"));
  const auto r = test::run_process(IOTBOOT_BIN, {"db", "migrate", "--store", "sqlite:" + db.string(), "--nf", "scef"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["from_version"], 1);
  EXPECT_EQ(j["to_version"], 4);  // v3: Ks sealed under a KEK; v4: External-Identifiers
  EXPECT_EQ(test::run_process(IOTBOOT_BIN, {"db", "migrate", "--store", "x", "--nf", "scef"}).status, 2);
  EXPECT_EQ(test::run_process(IOTBOOT_BIN, {"db", "migrate", "--store", "sqlite:" + db.string(), "--nf", "mme"}).err,
            "iotboot: --nf: must be hss or scef\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::cli
