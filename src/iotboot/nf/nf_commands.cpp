#include "nf/nf_commands.hpp"

#include <CLI/CLI.hpp>

#include <memory>

#include "hss/hss.hpp"
#include "mme/mme.hpp"
#include "ue/load_driver.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {

void add_nf_commands(CLI::App& app) {
  auto hss_config = std::make_shared<std::string>();
  CLI::App* hss = app.add_subcommand("hss", "run the HSS (S6a) until SIGINT/SIGTERM");
  hss->add_option("-c,--config", *hss_config, "YAML configuration (see config/hss.yaml)")->required();
  hss->callback([hss_config] {
    const int status = hss::run_hss(*hss_config);
    if (status != 0) throw CLI::RuntimeError(status);
  });

  auto mme_config = std::make_shared<std::string>();
  CLI::App* mme = app.add_subcommand("mme", "run the MME (S1-lite NAS, S6a) until SIGINT/SIGTERM");
  mme->add_option("-c,--config", *mme_config, "YAML configuration (see config/mme.yaml)")->required();
  mme->callback([mme_config] {
    const int status = mme::run_mme(*mme_config);
    if (status != 0) throw CLI::RuntimeError(status);
  });

  struct UeFlags {
    std::string config, subscribers;
    ue::LoadOptions options;
  };
  auto f = std::make_shared<UeFlags>();
  f->options.progress = true;
  CLI::App* ue = app.add_subcommand("ue", "simulate UEs attaching through the MME (load driver)");
  ue->add_option("-c,--config", f->config, "YAML configuration (see config/ue.yaml)")->required();
  ue->add_option("--subscribers", f->subscribers, "CSV of USIMs (imsi,k,opc,amf,sqn,bootstrap)")->required();
  ue->add_option("--count", f->options.count, "attaches to run (default 1)");
  ue->add_option("--concurrency", f->options.concurrency, "attaches in progress at once (default 1)");
  ue->add_option("--rate", f->options.rate, "attaches started per second (default: unpaced)");
  ue->add_flag("--detach", f->options.detach, "detach after each attach");
  ue->add_flag("--reattach-with-guti", f->options.reattach_with_guti, "later attaches of a UE use its GUTI");
  ue->add_option("--record-sqns", f->options.record_sqns, "append imsi,sqn of every challenge seen to this file");
  ue->callback([f] {
    if (f->options.count == 0) throw UsageError("--count", "must be at least 1");
    if (f->options.concurrency == 0) throw UsageError("--concurrency", "must be at least 1");
    if (f->options.rate < 0) throw UsageError("--rate", "must not be negative");
    const int status = ue::run_ue_command(f->config, f->subscribers, f->options);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace iotboot::cli
