#include "store/sqlite.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <climits>

#include "core/private_file.hpp"

namespace iotboot::store {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
    fail(db, "prepare");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

Statement& Statement::bind(int index, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
  if (sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Reset (dropping the bound values) before throwing: a prepared statement is used again.
  StoreError e(std::string("step: ") + sqlite3_errmsg(db_));
  reset();
  throw e;
}

int Statement::run() {
  while (step()) {
  }
  const int n = sqlite3_changes(db_);
  reset();
  return n;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }

std::string Statement::column_text(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}

ByteView Statement::column_blob(int i) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, i));
  return ByteView(p, p ? static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)) : 0);
}

bool Statement::column_is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

namespace {

// A database holds key material (K and OPc, or Ks): the file is created 0600 before SQLite opens
// it (SQLite gives its -wal and -shm files the database's own mode), and an existing set of
// files that others may read is narrowed.
void make_private(const std::string& path, bool create) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return;
  if (create) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd >= 0) ::close(fd);
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (auto note = restrict_to_owner(path + suffix)) spdlog::warn("{}", *note);
  }
}

}  // namespace

Database::Database(const std::string& path, Durability durability, bool create, bool memory_map) {
  make_private(path, create);
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA page_size=1024");  // a new database only
  exec("PRAGMA journal_mode=WAL");
  exec(durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  // A WAL that grew while checkpoints could not finish (a long read, a stalled host) keeps its
  // size on disk until it is truncated: back to 16 MB whenever it is reset.
  exec("PRAGMA journal_size_limit=" + std::to_string(kWalSizeLimit));
  // Millions of subscribers or contexts, read at random: up to 64 MB of pages stay in SQLite's
  // own cache, and a mapped file is read without a pread and a copy per page.
  if (memory_map) exec("PRAGMA mmap_size=4294967296");
  exec("PRAGMA cache_size=-65536");
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(std::string_view sql) {
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_, "exec");
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

int Database::schema_version() {
  Statement s = prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.column_int(0));
}

void Database::migrate(std::span<const std::string_view> migrations) {
  for (int v = schema_version(); v < static_cast<int>(migrations.size()); ++v) {
    Transaction t(*this);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (schema_version() > v) continue;
    exec(migrations[static_cast<std::size_t>(v)]);
    exec("PRAGMA user_version=" + std::to_string(v + 1));
    t.commit();
  }
  if (schema_version() > static_cast<int>(migrations.size())) {
    throw StoreError("database schema version " + std::to_string(schema_version()) + " is newer than this program's " +
                     std::to_string(migrations.size()));
  }
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace iotboot::store
