// WAL checkpoints on a thread and connection of their own. By default the connection that
// commits copies the WAL back into the database file itself, every 1,000 pages, inside the
// commit that crosses the mark: with millions of rows updated at random that copy is about one
// random page write per row, and every AIR of that batch waits for it. Here the committing
// connection only appends to the WAL; its WAL hook wakes this thread, which checkpoints
// (PASSIVE: never blocking a writer or a reader) while the next batches commit.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/durability.hpp"

struct sqlite3;

namespace iotboot::store {

class Database;

class SqliteCheckpointer {
 public:
  // Takes over `writer`'s WAL hook (which turns its automatic checkpoints off); `path` is the
  // same database, opened again for the checkpoints.
  SqliteCheckpointer(Database& writer, const std::string& path, Durability durability, int pages = 1000);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* name, int pages) noexcept;
  void run();

  Database& writer_;
  std::string path_;
  Durability durability_;
  int pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last
};

}  // namespace iotboot::store
