#include "store/sqlite_checkpointer.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "store/sqlite.hpp"

namespace iotboot::store {

SqliteCheckpointer::SqliteCheckpointer(Database& writer, const std::string& path, Durability durability, int pages)
    : writer_(writer), path_(path), durability_(durability), pages_(pages), thread_([this] { run(); }) {
  sqlite3_wal_hook(writer_.handle(), &SqliteCheckpointer::on_commit, this);
}

SqliteCheckpointer::~SqliteCheckpointer() {
  sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Called by SQLite on the writer's thread after each commit: only a flag and a notify.
int SqliteCheckpointer::on_commit(void* self, sqlite3*, const char*, int pages) noexcept {
  auto* c = static_cast<SqliteCheckpointer*>(self);
  if (pages < c->pages_) return SQLITE_OK;
  {
    std::lock_guard lock(c->mutex_);
    c->due_ = true;
  }
  c->wake_.notify_one();
  return SQLITE_OK;
}

void SqliteCheckpointer::run() {
  try {
    Database db(path_, durability_, false);
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return due_ || stopping_; });
        if (stopping_) return;
        due_ = false;
      }
      if (sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) != SQLITE_OK) {
        spdlog::warn("sqlite checkpoint of {}: {}", path_, sqlite3_errmsg(db.handle()));
      }
    }
  } catch (const std::exception& e) {
    // Without checkpoints the WAL only grows; the writer's own work goes on.
    spdlog::error("sqlite checkpointer for {}: {}", path_, e.what());
  }
}

}  // namespace iotboot::store
