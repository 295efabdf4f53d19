#pragma once

#include "hss/subscriber_store.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_checkpointer.hpp"

namespace iotboot::hss {

// SQLite in WAL mode, schema versioned by PRAGMA user_version and migrated on open. Several
// processes may share the file: transactions take its write lock first (BEGIN IMMEDIATE).
class SqliteSubscriberStore final : public SubscriberStore {
 public:
  explicit SqliteSubscriberStore(const std::string& path, store::Durability durability = store::Durability::full,
                                 std::shared_ptr<const crypto::KeyRing> kek = nullptr);

  std::unique_ptr<Transaction> begin() override;
  // BEGIN IMMEDIATE already holds the database's one write lock: reading is locking.
  std::vector<Subscriber> lock(std::span<const std::string> imsis) override;
  void set_sqns(std::span<const SqnUpdate> updates) override;
  std::optional<Subscriber> find(std::string_view imsi) override;
  bool insert(const Subscriber& s) override;
  void replace(const Subscriber& s) override;
  bool erase(std::string_view imsi) override;
  std::optional<std::string> import(std::span<const Subscriber> subs, bool update) override;
  std::vector<Subscriber> list(std::string_view after, std::size_t limit) override;
  std::size_t count() override;
  ResealPage reseal(std::string_view after, std::size_t limit) override;

 private:
  // Seals the rows `select` yields (a SELECT of kColumns whose ?1 and ?2 are given).
  ResealPage reseal_rows(store::Statement& select);

  std::shared_ptr<const crypto::KeyRing> kek_;
  store::Database db_;
  store::Statement find_;
  store::Statement set_sqn_;
  store::Statement insert_, replace_;       // prepared once: an import runs them per row
  store::SqliteCheckpointer checkpointer_;  // last: stops before the connection closes
};

}  // namespace iotboot::hss
