// The CTest fixture behind the `postgres` label: `postgres_fixture start FILE` starts one test
// server for a whole preset and writes "PORT DIR" to FILE; `postgres_fixture stop FILE` stops
// and removes it (support/postgres_server.hpp). The benchmarks start theirs with `durable`
// (fsync on), so that PostgreSQL and a durable SQLite are compared fairly.
#include <cstdio>
#include <fstream>
#include <string>

#include "support/postgres_server.hpp"

int main(int argc, char** argv) {
  if (argc != 3 && !(argc == 4 && std::string(argv[3]) == "durable")) {
    std::fprintf(stderr, "usage: postgres_fixture start|stop FILE [durable]\n");
    return 2;
  }
  const std::string verb = argv[1], file = argv[2];
  try {
    if (verb == "start") {
      iotboot::test::PostgresServer server(argc == 4);
      std::ofstream(file) << server.port() << ' ' << server.dir().string() << '\n';
      server.release();
      return 0;
    }
    if (verb == "stop") {
      std::ifstream in(file);
      std::string dir;
      unsigned port = 0;
      if (!(in >> port >> dir)) return 0;  // nothing started
      { iotboot::test::PostgresServer server(dir, static_cast<std::uint16_t>(port), true); }
      std::remove(file.c_str());
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "postgres_fixture: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "postgres_fixture: unknown verb %s\n", verb.c_str());
  return 2;
}
