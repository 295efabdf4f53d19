#include "support/store_engine.hpp"

#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "support/postgres_server.hpp"

namespace iotboot::test {

store::Location fresh_store(Engine e, const std::filesystem::path& dir, const std::string& file) {
  if (e == Engine::sqlite) return store::Location::sqlite((dir / file).string());
  return {store::Location::Engine::postgresql, shared_postgres().create_database()};
}

void exec_sql(const store::Location& where, const std::string& sql) {
  if (where.engine == store::Location::Engine::sqlite) {
    store::Database(where.target).exec(sql);
  } else {
    store::PgConnection(where.target).exec(sql);
  }
}

}  // namespace iotboot::test
