#include "hss/subscriber_store.hpp"

#include "hss/pg_subscriber_store.hpp"
#include "hss/sqlite_subscriber_store.hpp"

namespace iotboot::hss {

std::unique_ptr<SubscriberStore> open_subscriber_store(const store::Location& where, store::Durability durability,
                                                       std::shared_ptr<const crypto::KeyRing> kek) {
  if (where.engine == store::Location::Engine::postgresql) {
    return std::make_unique<PgSubscriberStore>(where.target, std::move(kek));
  }
  return std::make_unique<SqliteSubscriberStore>(where.target, durability, std::move(kek));
}

}  // namespace iotboot::hss
