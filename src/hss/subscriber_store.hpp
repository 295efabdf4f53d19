// The HSS's subscriber data behind a small interface, so that SQLite (the
// embedded default) or a shared PostgreSQL can hold it without touching the HSS logic.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"
#include "crypto/key_wrap.hpp"
#include "crypto/types.hpp"
#include "provisioning/bootstrap_mode.hpp"
#include "store/durability.hpp"
#include "store/location.hpp"

namespace iotboot::hss {

struct Subscriber {
  std::string imsi;
  Key128 k;
  Key128 opc;
  crypto::Amf amf{0x80, 0x00};
  crypto::Sqn sqn;  // the last SQN handed out (SQN_HE)
  unsigned ind_bits = 5;
  provisioning::BootstrapMode bootstrap = provisioning::BootstrapMode::hss_default;
  std::string scef_id;  // push mode: empty for the HSS's configured SCEF
};

// Every method may throw store::StoreError (the store is unavailable or refuses the write).
class SubscriberStore {
 public:
  virtual ~SubscriberStore() = default;

  // A transaction spanning the calls until commit(); rolled back on destruction otherwise.
  class Transaction {
   public:
    virtual ~Transaction() = default;
    virtual void commit() = 0;
  };
  virtual std::unique_ptr<Transaction> begin() = 0;

  // Seed step 4's read-modify-write for a batch of AIRs, inside one transaction: the rows of
  // these IMSIs (those that exist), locked until the transaction ends, so that no other HSS
  // process allocates SQNs from them meanwhile. Then the new SQN_HE of each.
  virtual std::vector<Subscriber> lock(std::span<const std::string> imsis) = 0;
  struct SqnUpdate {
    std::string imsi;
    crypto::Sqn sqn;
  };
  virtual void set_sqns(std::span<const SqnUpdate> updates) = 0;

  virtual std::optional<Subscriber> find(std::string_view imsi) = 0;
  // false when the IMSI exists already.
  virtual bool insert(const Subscriber& s) = 0;
  virtual void replace(const Subscriber& s) = 0;
  virtual bool erase(std::string_view imsi) = 0;
  // Many subscribers at once (within the caller's transaction): with `update`, those that exist
  // are replaced; without, nothing is added when one exists, and its IMSI is returned.
  virtual std::optional<std::string> import(std::span<const Subscriber> subs, bool update) = 0;
  // Ordered by IMSI, from `after` (exclusive), at most `limit`.
  virtual std::vector<Subscriber> list(std::string_view after, std::size_t limit) = 0;
  virtual std::size_t count() = 0;

  // `iotboot subscriber rekey`: in one transaction, the next `limit` subscribers after `after`
  // (by IMSI, locked as lock() does) and, of those not sealed under the current KEK, K and OPc
  // sealed under it. Needs a KEK. An empty page (scanned 0) is the end.
  struct ResealPage {
    std::size_t scanned = 0;
    std::size_t resealed = 0;
    std::string last;  // the page's last IMSI: `after` for the next page
  };
  virtual ResealPage reseal(std::string_view after, std::size_t limit) = 0;
};

// The store the configuration names (SQLite file or PostgreSQL URI), its schema migrated. With a
// KEK, K and OPc are sealed under its current key (rows still in plaintext are sealed now);
// without one, a store that holds sealed keys is refused (StoreError naming the setting).
std::unique_ptr<SubscriberStore> open_subscriber_store(const store::Location& where,
                                                       store::Durability durability = store::Durability::full,
                                                       std::shared_ptr<const crypto::KeyRing> kek = nullptr);

}  // namespace iotboot::hss
