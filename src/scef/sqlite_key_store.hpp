#pragma once

#include "scef/key_store.hpp"
#include "store/sqlite.hpp"

namespace iotboot::scef {

class SqliteKeyStore final : public KeyStore {
 public:
  explicit SqliteKeyStore(const std::string& path, store::Durability durability = store::Durability::full);

  std::unique_ptr<Transaction> begin() override;
  void put_key_set(const KeySetRecord& k) override;
  void put_context(const AuthContextRecord& c) override;
  std::vector<KeySetRecord> key_sets(std::int64_t now) override;
  std::vector<AuthContextRecord> contexts(std::int64_t now) override;
  std::size_t purge(std::int64_t now) override;

 private:
  store::Database db_;
  store::Statement put_key_set_;
  store::Statement drop_contexts_;
  store::Statement drop_failed_key_set_;
  store::Statement drop_failed_context_;
  store::Statement put_context_;
};

}  // namespace iotboot::scef
