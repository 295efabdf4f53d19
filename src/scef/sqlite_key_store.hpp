#pragma once

#include "scef/key_store.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_checkpointer.hpp"

namespace iotboot::scef {

// SQLite in WAL mode: one file for the single-box default. Several connections (the SCEF's
// writer and reader, or several SCEF processes on one machine) share it; readers never wait
// for a commit.
class SqliteKeyStore final : public KeyStore {
 public:
  explicit SqliteKeyStore(const std::string& path, store::Durability durability = store::Durability::full,
                          std::shared_ptr<const crypto::KeyRing> kek = nullptr);

  std::unique_ptr<Transaction> begin() override;
  void put_key_set(const KeySetRecord& k) override;
  void put_context(const AuthContextRecord& c) override;
  std::vector<std::optional<StoredKey>> find(std::span<const Bytes<10>> gutis) override;
  std::size_t purge(std::int64_t now, std::size_t limit) override;
  Counts count() override;

 private:
  std::size_t seal_plaintext();

  std::shared_ptr<const crypto::KeyRing> kek_;
  store::Database db_;
  store::Statement put_key_set_;
  store::Statement drop_contexts_;
  store::Statement drop_failed_key_set_;
  store::Statement drop_failed_context_;
  store::Statement put_context_;
  store::Statement find_;
  store::SqliteCheckpointer checkpointer_;  // last: stops before the connection closes
};

}  // namespace iotboot::scef
