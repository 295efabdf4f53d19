#include "hss/subscriber_store.hpp"

#include "hss/pg_subscriber_store.hpp"
#include "hss/sqlite_subscriber_store.hpp"

namespace iotboot::hss {

std::unique_ptr<SubscriberStore> open_subscriber_store(const store::Location& where, store::Durability durability) {
  if (where.engine == store::Location::Engine::postgresql) return std::make_unique<PgSubscriberStore>(where.target);
  return std::make_unique<SqliteSubscriberStore>(where.target, durability);
}

}  // namespace iotboot::hss
