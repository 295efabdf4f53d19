#include "scef/key_store.hpp"

#include "scef/pg_key_store.hpp"
#include "scef/sqlite_key_store.hpp"

namespace iotboot::scef {

std::unique_ptr<KeyStore> open_key_store(const store::Location& where, store::Durability durability,
                                         std::shared_ptr<const crypto::KeyRing> kek, KeyAccess access) {
  if (where.engine == store::Location::Engine::postgresql) {
    return std::make_unique<PgKeyStore>(where.target, std::move(kek), access);
  }
  return std::make_unique<SqliteKeyStore>(where.target, durability, std::move(kek), access);
}

}  // namespace iotboot::scef
