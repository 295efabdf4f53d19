// The WAL after a spike: while a reader holds a snapshot no checkpoint can finish, so the WAL
// grows with every commit; once the reader is gone and the WAL is reset, its file is cut back
// to Database::kWalSizeLimit instead of keeping the spike's size on disk for good.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "store/sqlite.hpp"
#include "support/ports.hpp"

namespace iotboot::store {
namespace {

TEST(SqliteWal, AWalGrownPastTheLimitIsCutBackWhenReset) {
  const std::filesystem::path dir = test::temp_dir("sqlite-wal");
  const std::string path = (dir / "spike.db").string();
  Database writer(path, Durability::normal);
  writer.exec("PRAGMA wal_autocheckpoint=0");  // checkpoints only where this test asks
  writer.exec("CREATE TABLE t (v BLOB)");
  Database reader(path, Durability::normal, false);
  reader.exec("BEGIN");
  reader.exec("SELECT count(*) FROM t");  // a snapshot that pins the WAL

  for (int i = 0; i < 400; ++i) writer.exec("INSERT INTO t VALUES (randomblob(65536))");  // 25 MB
  writer.exec("PRAGMA wal_checkpoint(PASSIVE)");
  const auto wal = std::filesystem::path(path + "-wal");
  ASSERT_GT(std::filesystem::file_size(wal), static_cast<std::uintmax_t>(Database::kWalSizeLimit));

  reader.exec("COMMIT");
  writer.exec("PRAGMA wal_checkpoint(PASSIVE)");  // every frame back in the database
  writer.exec("INSERT INTO t VALUES (1)");        // the writer starts the WAL over
  EXPECT_LE(std::filesystem::file_size(wal), static_cast<std::uintmax_t>(Database::kWalSizeLimit));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotboot::store
