// `iotboot db migrate --store S --nf hss|scef`: brings a store's schema to this program's
// version, as the NF itself does at start (idempotent; several instances may run it at once).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "crypto/kek_source.hpp"
#include "flag_values.hpp"
#include "hss/subscriber_store.hpp"
#include "scef/key_store.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {
namespace {

// The schema version a store is at (0 for a store not created yet), without migrating it.
int version_of(const store::Location& where, const std::string& component) {
  if (where.engine == store::Location::Engine::postgresql) {
    return store::PgConnection(where.target).schema_version(component);
  }
  if (!std::filesystem::exists(where.target)) return 0;
  return store::Database(where.target, store::Durability::full, false).schema_version();
}

struct MigrateFlags {
  std::string store, nf, kek_file;
};

}  // namespace

void add_db_command(CLI::App& app) {
  CLI::App* db = app.add_subcommand("db", "the HSS's and SCEF's stores");
  db->require_subcommand(1);
  auto f = std::make_shared<MigrateFlags>();
  CLI::App* migrate = db->add_subcommand("migrate", "create or upgrade a store's schema (idempotent)");
  migrate->add_option("--store", f->store, "sqlite:PATH or postgresql://URI")->required();
  migrate->add_option("--nf", f->nf, "whose schema: hss or scef")->required();
  migrate->add_option("--kek-file", f->kek_file,
                      "key-encryption key(s), to seal keys still in plaintext: PATH or ID=PATH,...; "
                      "default $IOTBOOT_KEK_FILE");
  migrate->callback([f] {
    auto where = store::Location::parse(f->store);
    if (!where) throw UsageError("--store", where.error().reason);
    if (f->nf != "hss" && f->nf != "scef") throw UsageError("--nf", "must be hss or scef");
    const int before = version_of(where.value(), f->nf);
    auto kek = kek_file_value(f->kek_file);
    if (f->nf == "hss") {
      hss::open_subscriber_store(where.value(), store::Durability::full, std::move(kek));
    } else {
      scef::open_key_store(where.value(), store::Durability::full, std::move(kek));
    }
    const int after = version_of(where.value(), f->nf);
    std::cout << nlohmann::ordered_json{{"nf", f->nf},
                                        {"store", where->describe()},
                                        {"from_version", before},
                                        {"to_version", after}}
                     .dump()
              << "\n";
  });
}

// `iotboot kek generate -o PATH`: a new random KEK, 64 hex digits, in a file created 0600.
void add_kek_command(CLI::App& app) {
  CLI::App* kek = app.add_subcommand("kek", "key-encryption keys for the keys at rest");
  kek->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* generate =
      kek->add_subcommand("generate", "write a new random KEK to a file (mode 0600, never overwritten)");
  generate->add_option("-o,--output", *path, "the file to create")->required();
  generate->callback([path] {
    crypto::write_new_kek_file(*path);
    std::cout << nlohmann::ordered_json{{"kek_file", *path}}.dump() << "\n";
  });
}

}  // namespace iotboot::cli
