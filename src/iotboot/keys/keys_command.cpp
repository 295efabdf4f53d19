#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "flag_values.hpp"
#include "keys/calculators.hpp"
#include "keys/demo.hpp"
#include "keys/subscriber_flags.hpp"

namespace iotboot::cli {
namespace {

struct KeysFlags {
  SubscriberFlags subscriber;
  std::string rand, sqn, amf, plmn, as_id, sqn_ms, auts, ks;
};

void add_milenage(CLI::App& keys) {
  auto f = std::make_shared<KeysFlags>();
  CLI::App* sub = keys.add_subcommand("milenage", "TS 35.206 f1..f5* and OPc");
  f->subscriber.add_to(*sub);
  sub->add_option("--rand", f->rand, "RAND (32 hex digits)")->required();
  sub->add_option("--sqn", f->sqn, "SQN (12 hex digits)")->required();
  sub->add_option("--amf", f->amf, "AMF (4 hex digits)")->required();
  sub->callback([f] {
    print_milenage(std::cout, f->subscriber.k(), f->subscriber.opc(), hex_value<16>("--rand", f->rand),
                   sqn_value("--sqn", f->sqn), hex_value<2>("--amf", f->amf));
  });
}

void add_av(CLI::App& keys) {
  auto f = std::make_shared<KeysFlags>();
  CLI::App* sub = keys.add_subcommand("av", "an E-UTRAN authentication vector with Ks (and Ks_AS)");
  f->subscriber.add_to(*sub);
  sub->add_option("--rand", f->rand, "RAND (32 hex digits)")->required();
  sub->add_option("--sqn", f->sqn, "SQN (12 hex digits)")->required();
  sub->add_option("--amf", f->amf, "AMF (4 hex digits)")->required();
  sub->add_option("--plmn", f->plmn, "serving PLMN: MCC then a 2- or 3-digit MNC, e.g. 00101")->required();
  CLI::Option* as_id = sub->add_option("--as-id", f->as_id, "AS_ID (FQDN): also derive Ks_AS");
  sub->callback([f, as_id] {
    std::optional<std::string> id;
    if (as_id->count() > 0) id = fqdn_value("--as-id", f->as_id);
    print_auth_vector(std::cout, f->subscriber.k(), f->subscriber.opc(), hex_value<16>("--rand", f->rand),
                      sqn_value("--sqn", f->sqn), hex_value<2>("--amf", f->amf), plmn_value("--plmn", f->plmn), id);
  });
}

void add_auts(CLI::App& keys) {
  auto f = std::make_shared<KeysFlags>();
  CLI::App* sub = keys.add_subcommand("auts", "the USIM's re-synchronisation token for SQN_MS");
  f->subscriber.add_to(*sub);
  sub->add_option("--rand", f->rand, "RAND (32 hex digits)")->required();
  sub->add_option("--sqn-ms", f->sqn_ms, "SQN_MS (12 hex digits)")->required();
  sub->callback([f] {
    print_auts(std::cout, f->subscriber.k(), f->subscriber.opc(), hex_value<16>("--rand", f->rand),
               sqn_value("--sqn-ms", f->sqn_ms));
  });
}

void add_resync(CLI::App& keys) {
  auto f = std::make_shared<KeysFlags>();
  CLI::App* sub = keys.add_subcommand("resync", "the HSS's check of an AUTS: SQN_MS and MAC-S");
  f->subscriber.add_to(*sub);
  sub->add_option("--rand", f->rand, "RAND (32 hex digits)")->required();
  sub->add_option("--auts", f->auts, "AUTS (28 hex digits)")->required();
  sub->callback([f] {
    print_resync(std::cout, f->subscriber.k(), f->subscriber.opc(), hex_value<16>("--rand", f->rand),
                 hex_value<14>("--auts", f->auts));
  });
}

void add_ks_as(CLI::App& keys) {
  auto f = std::make_shared<KeysFlags>();
  CLI::App* sub = keys.add_subcommand("ks-as", "Ks_AS = KDF(Ks, 0xC1, AS_ID)");
  sub->add_option("--ks", f->ks, "Ks (64 hex digits, @FILE or @-)")->required();
  sub->add_option("--as-id", f->as_id, "AS_ID (FQDN)")->required();
  sub->callback([f] { print_ks_as(std::cout, secret_value<32>("--ks", f->ks), fqdn_value("--as-id", f->as_id)); });
}

void add_demo(CLI::App& keys) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* sub = keys.add_subcommand("demo", "walk one subscriber through AV, USIM, Ks and Ks_AS on both ends");
  auto as_ids = std::make_shared<std::vector<std::string>>();
  auto rand = std::make_shared<std::string>();
  sub->add_option("--as-id", *as_ids, "AS_IDs to derive Ks_AS for (default as1.example.com as2.example.com)");
  sub->add_option("--rand", *rand,
                  "the first RAND (32 hex digits), each later one the one before plus 1: reproducible output "
                  "(default: random)");
  sub->callback([options, as_ids, rand] {
    if (!rand->empty()) options->rand = hex_value<16>("--rand", *rand);
    if (!as_ids->empty()) {
      for (const std::string& id : *as_ids) fqdn_value("--as-id", id);
      options->as_ids = *as_ids;
    }
    const int status = run_keys_demo(std::cout, *options);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace

void add_keys_command(CLI::App& app) {
  CLI::App* keys = app.add_subcommand("keys", "the EPS-AKA and bootstrapping key hierarchy (JSON on stdout)");
  keys->require_subcommand(1);
  add_milenage(*keys);
  add_av(*keys);
  add_auts(*keys);
  add_resync(*keys);
  add_ks_as(*keys);
  add_demo(*keys);
}

}  // namespace iotboot::cli
