#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <memory>

#include "as/as.hpp"
#include "hss/hss.hpp"
#include "mme/mme.hpp"
#include "nf/nf_runner.hpp"
#include "scef/scef.hpp"

namespace iotboot::cli {
namespace {

struct NfCommand {
  const char* name;
  const char* description;
  const char* example;  // a configuration in config/
  int (*run)(const std::string& config_path);
};

const NfCommand kNfCommands[] = {
    {"hss", "run the HSS (S6a, S6t towards the SCEF) until SIGINT/SIGTERM", "hss.yaml",
     [](const std::string& p) { return run_nf<hss::Hss>("hss", p, hss::parse_hss_config); }},
    {"mme", "run the MME (S1-lite NAS, S6a, T6a) until SIGINT/SIGTERM", "mme.yaml",
     [](const std::string& p) { return run_nf<mme::Mme>("mme", p, mme::parse_mme_config); }},
    {"scef", "run the SCEF (S6t, T6a, Key API) until SIGINT/SIGTERM", "scef.yaml",
     [](const std::string& p) { return run_nf<scef::Scef>("scef", p, scef::parse_scef_config); }},
    {"as", "run an application server (Key API client, CoAP over DTLS-PSK) until SIGINT/SIGTERM", "as1.yaml",
     [](const std::string& p) { return run_nf<as::ApplicationServer>("as", p, as::parse_as_config); }},
};

}  // namespace

void add_nf_commands(CLI::App& app) {
  for (const NfCommand& nf : kNfCommands) {
    auto config = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(nf.name, nf.description);
    cmd->add_option("-c,--config", *config, std::string("YAML configuration (see config/") + nf.example + ")")
        ->required();
    cmd->callback([config, run = nf.run] {
      if (const int status = run(*config); status != 0) throw CLI::RuntimeError(status);
    });
  }
}

}  // namespace iotboot::cli
