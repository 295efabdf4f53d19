#pragma once

#include "hss/subscriber_store.hpp"
#include "store/postgres.hpp"

namespace iotboot::hss {

// PostgreSQL, shared by any number of HSS processes. SQN allocation locks the batch's rows with
// SELECT … FOR UPDATE in IMSI order (so two HSSs locking overlapping batches cannot deadlock)
// and writes every new SQN in one UPDATE before the one COMMIT.
class PgSubscriberStore final : public SubscriberStore {
 public:
  // Connects and migrates now: throws StoreError when the database is unreachable.
  explicit PgSubscriberStore(const std::string& uri, std::shared_ptr<const crypto::KeyRing> kek = nullptr);

  std::unique_ptr<Transaction> begin() override;
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
  // Seals the rows of `locked` (kPgColumns, locked FOR UPDATE) not under the current KEK.
  ResealPage reseal_rows(const store::PgResult& locked);
  std::vector<Subscriber> rows(const store::PgResult& r) const;

  std::shared_ptr<const crypto::KeyRing> kek_;
  store::PgConnection db_;
};

// Each entry upgrades the schema by one version; never edit a released one, append.
std::span<const std::string_view> pg_subscriber_migrations();

}  // namespace iotboot::hss
