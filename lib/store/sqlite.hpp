// A thin RAII layer over SQLite: a connection, prepared statements, transactions and
// schema migrations by PRAGMA user_version. One Database per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "store/durability.hpp"
#include "store/store_error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace iotboot::store {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, ByteView blob);
  Statement& bind_null(int index);
  // true while there is a row; false at the end. Throws StoreError.
  bool step();
  // Runs to completion (for writes); returns the number of changed rows.
  int run();
  void reset();

  std::int64_t column_int(int i) const;
  std::string column_text(int i) const;
  ByteView column_blob(int i) const;  // valid until the next step/reset
  bool column_is_null(int i) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  static constexpr std::int64_t kWalSizeLimit = 16 << 20;  // bytes the WAL is cut back to when reset
  // memory_map: read the file through a map (a file of fixed size read at random, like the
  // HSS's subscribers); not for a file that grows with every commit (the SCEF's), which SQLite
  // would unmap and map again as it grows.
  explicit Database(const std::string& path, Durability durability = Durability::full, bool create = true,
                    bool memory_map = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  std::int64_t changes() const;
  // Applies migrations[user_version..] in one transaction each, in order.
  void migrate(std::span<const std::string_view> migrations);
  int schema_version();
  sqlite3* handle() noexcept { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE .. COMMIT; rolled back when destroyed uncommitted.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

// A store interface's Transaction (an abstract class with commit()) as an SQLite transaction:
// the stores behind the HSS and the SCEF hand these out from begin().
template <typename Interface>
class TransactionFor final : public Interface {
 public:
  explicit TransactionFor(Database& db) : t_(db) {}
  void commit() override { t_.commit(); }

 private:
  Transaction t_;
};

// The database, its schema migrated first (for use in a constructor's initialiser list).
inline Database& migrated(Database& db, std::span<const std::string_view> migrations) {
  db.migrate(migrations);
  return db;
}

}  // namespace iotboot::store
