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

std::vector<std::vector<std::uint8_t>> query_column(const store::Location& where, const std::string& sql) {
  std::vector<std::vector<std::uint8_t>> out;
  if (where.engine == store::Location::Engine::sqlite) {
    store::Database db(where.target);
    store::Statement st = db.prepare(sql);
    while (st.step()) {
      const ByteView b = st.column_blob(0);
      out.emplace_back(b.begin(), b.end());
    }
    return out;
  }
  store::PgConnection c(where.target);
  const store::PgResult r = c.query(sql);
  for (int i = 0; i < r.rows(); ++i) {
    const ByteView b = r.bytes(i, 0);
    out.emplace_back(b.begin(), b.end());
  }
  return out;
}

}  // namespace iotboot::test
