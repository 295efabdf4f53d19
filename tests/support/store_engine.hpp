// Tests that run once per store engine (TEST_P over Engine): SQLite in a temporary file, and a
// new database on the test PostgreSQL server (postgres_server.hpp).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/location.hpp"

namespace iotboot::test {

enum class Engine { sqlite, postgresql };

// A store nobody has used: `file` in `dir` for SQLite, a new database for PostgreSQL.
store::Location fresh_store(Engine e, const std::filesystem::path& dir, const std::string& file);
// One SQL statement straight to the store, behind the NF's back (to break it on purpose).
void exec_sql(const store::Location& where, const std::string& sql);
// The first column of every row of a query, as bytes (a blob or bytea; text as its bytes).
std::vector<std::vector<std::uint8_t>> query_column(const store::Location& where, const std::string& sql);

inline std::string engine_name(const testing::TestParamInfo<Engine>& p) {
  return p.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

}  // namespace iotboot::test

// INSTANTIATE_ON_EVERY_ENGINE(Suite): the suite's TEST_Ps on SQLite and on PostgreSQL.
#define INSTANTIATE_ON_EVERY_ENGINE(suite)                                                                        \
  INSTANTIATE_TEST_SUITE_P(Engines, suite,                                                                        \
                           testing::Values(::iotboot::test::Engine::sqlite, ::iotboot::test::Engine::postgresql), \
                           ::iotboot::test::engine_name)
