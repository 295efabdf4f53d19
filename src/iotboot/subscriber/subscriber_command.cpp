#include "commands.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <iostream>
#include <memory>

#include "core/external_identifier.hpp"
#include "core/fqdn.hpp"
#include "core/hex.hpp"
#include "core/imsi.hpp"
#include "core/private_file.hpp"
#include "flag_values.hpp"
#include "hss/provisioned.hpp"
#include "hss/subscriber_store.hpp"
#include "keys/subscriber_flags.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "scef/key_store.hpp"

namespace iotboot::cli {
namespace {

using Json = nlohmann::ordered_json;

// What list/show print: everything but K and OPc.
Json describe(const hss::Subscriber& s) {
  return Json{{"imsi", s.imsi},
              {"amf", to_hex(s.amf)},
              {"sqn", to_hex(s.sqn.bytes())},
              {"ind_bits", s.ind_bits},
              {"bootstrap", to_string(s.bootstrap)},
              {"scef_id", s.scef_id}};
}

std::string imsi_value(const std::string& flag, const std::string& text) {
  if (auto why = check_imsi(text)) throw UsageError(flag, *why);
  return text;
}

struct Flags {
  std::string store, kek_file, imsi, amf = "8000", sqn = "000000000000", scef_id, file, first_imsi = "001010000000001";
  std::string bootstrap = "default";
  bool update = false;
  std::size_t count = 1000;
  SubscriberFlags keys;
};

void add_store(CLI::App& sub, Flags& f) {
  sub.add_option("--store", f.store, "the HSS's store: sqlite:PATH or postgresql://URI")->required();
  sub.add_option("--kek-file", f.kek_file,
                 "key-encryption key(s): PATH or ID=PATH,ID=PATH,... (the first current); default $IOTBOOT_KEK_FILE");
}

// The store, its schema migrated (a new SQLite file is created owner-only).
std::unique_ptr<hss::SubscriberStore> open_store(const Flags& f) {
  auto where = store::Location::parse(f.store);
  if (!where) throw UsageError("--store", where.error().reason);
  return hss::open_subscriber_store(where.value(), store::Durability::full, kek_file_value(f.kek_file));
}

constexpr const char* kBootstrapHelp =
    "bootstrapping: push (solution #12), pull (solution #11), off, or default (the HSS's; the default)";

void add_add(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("add", "add one subscriber");
  add_store(*sub, *f);
  sub->add_option("--imsi", f->imsi, "IMSI (6-15 digits)")->required();
  f->keys.add_to(*sub);
  sub->add_option("--amf", f->amf, "AMF (4 hex digits, default 8000)");
  sub->add_option("--sqn", f->sqn, "first SQN_HE (12 hex digits, default 0)");
  sub->add_option("--bootstrap", f->bootstrap, kBootstrapHelp);
  sub->add_option("--scef-id", f->scef_id, "push mode: this subscriber's SCEF (default: the HSS's)");
  sub->callback([f] {
    hss::Subscriber s;
    s.imsi = imsi_value("--imsi", f->imsi);
    s.k = f->keys.k();
    s.opc = f->keys.opc();
    s.amf = hex_value<2>("--amf", f->amf);
    if (!crypto::has_separation_bit(s.amf)) throw UsageError("--amf", std::string(crypto::kAmfWithoutSeparationBit));
    s.sqn = sqn_value("--sqn", f->sqn);
    s.bootstrap = bootstrap_mode_value("--bootstrap", f->bootstrap);
    if (!f->scef_id.empty()) s.scef_id = fqdn_value("--scef-id", f->scef_id);
    if (!open_store(*f)->insert(s)) throw UsageError("--imsi", "subscriber exists already");
    std::cout << describe(s).dump() << "\n";
  });
}

// Changes how one subscriber bootstraps, keeping its keys and SQN; takes effect at its next
// authentication (the HSS reads the subscriber at every AIR).
void add_set(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("set", "change one subscriber's bootstrapping mode or SCEF");
  add_store(*sub, *f);
  sub->add_option("--imsi", f->imsi, "IMSI")->required();
  CLI::Option* mode = sub->add_option("--bootstrap", f->bootstrap, kBootstrapHelp);
  CLI::Option* scef = sub->add_option("--scef-id", f->scef_id, "push mode: this subscriber's SCEF (\"\": the HSS's)");
  sub->callback([f, mode, scef] {
    if (mode->count() == 0 && scef->count() == 0) throw UsageError("--bootstrap", "nothing to change");
    const auto store = open_store(*f);
    auto tx = store->begin();
    auto s = store->find(imsi_value("--imsi", f->imsi));
    if (!s) throw UsageError("--imsi", "no such subscriber");
    if (mode->count() > 0) s->bootstrap = bootstrap_mode_value("--bootstrap", f->bootstrap);
    if (scef->count() > 0) s->scef_id = f->scef_id.empty() ? "" : fqdn_value("--scef-id", f->scef_id);
    store->replace(*s);
    tx->commit();
    std::cout << describe(*s).dump() << "\n";
  });
}

void add_import(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("import", "add subscribers from a CSV file (imsi,k,opc|op,amf,sqn,bootstrap)");
  add_store(*sub, *f);
  sub->add_option("file", f->file, "CSV file, - for standard input")->required();
  sub->add_flag("--update", f->update, "replace subscribers that exist (default: refuse the import)");
  sub->callback([f] {
    std::optional<std::string> note;
    auto subs =
        f->file == "-" ? provisioning::read_subscribers(std::cin) : provisioning::read_subscribers_file(f->file, &note);
    if (note) std::cerr << "iotboot: " << *note << "\n";
    if (!subs) throw UsageError(f->file, subs.error().reason);
    std::vector<hss::Subscriber> rows;
    rows.reserve(subs->size());
    for (const auto& c : subs.value()) rows.push_back(hss::to_subscriber(c));
    const auto store = open_store(*f);
    auto tx = store->begin();  // all or nothing
    if (auto exists = store->import(rows, f->update)) {
      throw UsageError(f->file, "subscriber " + *exists + " exists already (use --update)");
    }
    tx->commit();
    std::cout << Json{{"imported", subs->size()}}.dump() << "\n";
  });
}

void add_list(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("list", "list subscribers as JSON lines (no keys)");
  add_store(*sub, *f);
  sub->callback([f] {
    const auto store = open_store(*f);
    std::string after;
    for (;;) {
      const auto page = store->list(after, 1000);
      for (const auto& s : page) std::cout << describe(s).dump() << "\n";
      if (page.size() < 1000) break;
      after = page.back().imsi;
    }
  });
}

void add_show(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("show", "one subscriber as JSON (no keys)");
  add_store(*sub, *f);
  sub->add_option("--imsi", f->imsi, "IMSI")->required();
  sub->callback([f] {
    const auto s = open_store(*f)->find(imsi_value("--imsi", f->imsi));
    if (!s) throw UsageError("--imsi", "no such subscriber");
    std::cout << describe(*s).dump(2) << "\n";
  });
}

void add_delete(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("delete", "delete one subscriber");
  add_store(*sub, *f);
  sub->add_option("--imsi", f->imsi, "IMSI")->required();
  sub->callback([f] {
    if (!open_store(*f)->erase(imsi_value("--imsi", f->imsi))) throw UsageError("--imsi", "no such subscriber");
    std::cout << Json{{"deleted", f->imsi}}.dump() << "\n";
  });
}

void add_generate(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("generate", "write a CSV of subscribers with random K and OPc (for labs)");
  sub->add_option("--count", f->count, "how many (default 1000)");
  sub->add_option("--first-imsi", f->first_imsi, "first IMSI (default 001010000000001)");
  sub->add_option("--bootstrap", f->bootstrap, kBootstrapHelp);
  sub->add_option("-o,--output", f->file, "write to this file (mode 0600) instead of standard output");
  sub->callback([f] {
    imsi_value("--first-imsi", f->first_imsi);
    if (f->count == 0 || f->count > 10000000) throw UsageError("--count", "must be between 1 and 10000000");
    const auto mode = bootstrap_mode_value("--bootstrap", f->bootstrap);
    const auto subs = provisioning::generate_subscribers(f->first_imsi, f->count, mode);
    if (!f->file.empty()) {
      if (auto note = provisioning::write_subscribers_file(f->file, subs)) std::cerr << "iotboot: " << *note << "\n";
      return;
    }
    // Redirected to a file, standard output holds K and OPc too: owner only.
    if (auto note = restrict_to_owner(STDOUT_FILENO, "standard output")) std::cerr << "iotboot: " << *note << "\n";
    provisioning::write_subscribers(std::cout, subs);
  });
}

// Seals every subscriber's K and OPc under the current KEK, a page per transaction, while HSSs
// keep serving (a page's rows are locked as an AIR batch locks them, in IMSI order).
void add_rekey(CLI::App& parent) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = parent.add_subcommand("rekey", "seal every subscriber's keys under the current KEK");
  add_store(*sub, *f);
  sub->add_option("--batch", f->count, "subscribers per transaction (default 1000)");
  sub->callback([f] {
    if (f->count == 0 || f->count > 100000) throw UsageError("--batch", "must be between 1 and 100000");
    auto kek = kek_file_value(f->kek_file);
    if (!kek) throw UsageError("--kek-file", "rekey needs the KEKs: --kek-file or IOTBOOT_KEK_FILE");
    auto where = store::Location::parse(f->store);
    if (!where) throw UsageError("--store", where.error().reason);
    const std::uint32_t current = kek->current();
    const auto store = hss::open_subscriber_store(where.value(), store::Durability::full, std::move(kek));
    std::size_t scanned = 0, resealed = 0;
    std::string after;
    for (;;) {
      const auto page = store->reseal(after, f->count);
      if (page.scanned == 0) break;
      scanned += page.scanned;
      resealed += page.resealed;
      after = page.last;
    }
    std::cout << Json{{"scanned", scanned}, {"resealed", resealed}, {"kek_id", current}}.dump() << "\n";
  });
}

// External-Identifiers live in the SCEFs' store: they are what the Key API tells an AS
// (deviceId), per subscriber and AS; every SCEF on that store answers with them at once.
struct ExternalIdFlags {
  std::string store, imsi, as_id, external_id;
};

void add_external_id_flags(CLI::App& sub, ExternalIdFlags& f, bool with_as) {
  sub.add_option("--scef-store", f.store, "the SCEFs' store: sqlite:PATH or postgresql://URI")->required();
  sub.add_option("--imsi", f.imsi, "IMSI")->required();
  if (with_as) sub.add_option("--as-id", f.as_id, "the application server (its AS_ID, an FQDN)")->required();
}

std::unique_ptr<scef::KeyStore> open_scef_store(const ExternalIdFlags& f) {
  auto where = store::Location::parse(f.store);
  if (!where) throw UsageError("--scef-store", where.error().reason);
  return scef::open_key_store(where.value(), store::Durability::full, nullptr, scef::KeyAccess::external_ids_only);
}

std::string as_id_value(const std::string& text) {
  if (auto why = check_fqdn(text)) throw UsageError("--as-id", "not a valid FQDN: " + *why);
  return text;
}

void add_external_id(CLI::App& parent) {
  CLI::App* group =
      parent.add_subcommand("external-id", "a subscriber's External-Identifier for one AS (its deviceId)");
  group->require_subcommand(1);
  auto f = std::make_shared<ExternalIdFlags>();
  CLI::App* set = group->add_subcommand("set", "give the subscriber an External-Identifier for one AS");
  add_external_id_flags(*set, *f, true);
  set->add_option("--external-id", f->external_id, "local-identifier@domain (TS 23.003 19.7.2)")->required();
  set->callback([f] {
    if (auto why = check_external_identifier(f->external_id)) throw UsageError("--external-id", *why);
    scef::ExternalIdRecord e{imsi_value("--imsi", f->imsi), as_id_value(f->as_id), f->external_id};
    open_scef_store(*f)->set_external_id(e);
    std::cout << Json{{"imsi", e.imsi}, {"as_id", e.as_id}, {"external_id", e.external_id}}.dump() << "\n";
  });
  CLI::App* remove = group->add_subcommand("delete", "remove the subscriber's External-Identifier for one AS");
  add_external_id_flags(*remove, *f, true);
  remove->callback([f] {
    if (!open_scef_store(*f)->remove_external_id(imsi_value("--imsi", f->imsi), as_id_value(f->as_id))) {
      throw UsageError("--as-id", "the subscriber has no External-Identifier for this AS");
    }
    std::cout << Json{{"deleted", f->imsi}, {"as_id", f->as_id}}.dump() << "\n";
  });
  CLI::App* list = group->add_subcommand("list", "the subscriber's External-Identifiers as JSON lines");
  add_external_id_flags(*list, *f, false);
  list->callback([f] {
    for (const scef::ExternalIdRecord& e : open_scef_store(*f)->external_ids_of(imsi_value("--imsi", f->imsi))) {
      std::cout << Json{{"imsi", e.imsi}, {"as_id", e.as_id}, {"external_id", e.external_id}}.dump() << "\n";
    }
  });
}

}  // namespace

void add_subscriber_command(CLI::App& app) {
  CLI::App* sub = app.add_subcommand("subscriber", "provision the HSS's subscribers");
  sub->require_subcommand(1);
  add_add(*sub);
  add_set(*sub);
  add_import(*sub);
  add_list(*sub);
  add_show(*sub);
  add_delete(*sub);
  add_generate(*sub);
  add_rekey(*sub);
  add_external_id(*sub);
}

}  // namespace iotboot::cli
