#pragma once

#include "scef/key_store.hpp"
#include "store/postgres.hpp"

namespace iotboot::scef {

// PostgreSQL, shared by any number of SCEF processes: what one commits, every other reads.
class PgKeyStore final : public KeyStore {
 public:
  // Connects and migrates now: throws StoreError when the database is unreachable.
  explicit PgKeyStore(const std::string& uri, std::shared_ptr<const crypto::KeyRing> kek = nullptr,
                      KeyAccess access = KeyAccess::keys);

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
  store::PgConnection db_;
};

std::span<const std::string_view> pg_key_store_migrations();

}  // namespace iotboot::scef
