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
                          std::shared_ptr<const crypto::KeyRing> kek = nullptr, KeyAccess access = KeyAccess::keys);

  std::unique_ptr<Transaction> begin() override;
  void put_key_set(const KeySetRecord& k) override;
  void put_context(const AuthContextRecord& c) override;
  std::vector<std::optional<StoredKey>> find(std::span<const KeyQuery> queries) override;
  void set_external_id(const ExternalIdRecord& e) override;
  bool remove_external_id(std::string_view imsi, std::string_view as_id) override;
  std::optional<std::string> external_id(std::string_view imsi, std::string_view as_id) override;
  std::vector<ExternalIdRecord> external_ids_of(std::string_view imsi) override;
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
  store::Statement external_id_;
  store::SqliteCheckpointer checkpointer_;  // last: stops before the connection closes
};

}  // namespace iotboot::scef
