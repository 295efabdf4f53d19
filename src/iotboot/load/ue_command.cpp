#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <memory>

#include "ue/load_driver.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {

void add_ue_command(CLI::App& app) {
  struct UeFlags {
    std::string config, subscribers;
    ue::LoadOptions options;
  };
  auto f = std::make_shared<UeFlags>();
  f->options.progress = true;
  CLI::App* ue = app.add_subcommand("ue", "simulate UEs attaching through the MME (load driver)");
  ue->add_option("-c,--config", f->config, "YAML configuration (see config/ue.yaml)")->required();
  ue->add_option("--subscribers", f->subscribers, "CSV of USIMs (imsi,k,opc,amf,sqn,bootstrap)");
  ue->add_option("--count", f->options.count, "attaches to run (default 1)");
  ue->add_option("--concurrency", f->options.concurrency, "attaches in progress at once (default 1)");
  ue->add_option("--rate", f->options.rate, "attaches started per second (default: unpaced)");
  ue->add_flag("--detach", f->options.detach, "detach after each attach");
  ue->add_flag("--reattach-with-guti", f->options.reattach_with_guti, "later attaches of a UE use its GUTI");
  ue->add_option("--record-sqns", f->options.record_sqns, "append imsi,sqn of every challenge seen to this file");
  ue->add_option("--retries", f->options.retries,
                 "attach and bootstrap again after a failure, up to this many times per UE (default 0)");
  ue->add_option("--key-log", f->options.key_log,
                 "append every bootstrapped UE's GUTI and keys (CK, IK, KASME, Ks, Ks_AS) as JSON lines: lab use only");
  ue->add_flag(
      "--made-up-gutis", f->options.made_up_gutis,
      "attach nowhere: offer the ASs DTLS handshakes with made-up GUTIs, up to the identity (a flood; all must fail)");
  ue->callback([f] {
    if (f->subscribers.empty() && !f->options.made_up_gutis) throw UsageError("--subscribers", "is required");
    if (f->options.count == 0) throw UsageError("--count", "must be at least 1");
    if (f->options.concurrency == 0) throw UsageError("--concurrency", "must be at least 1");
    if (f->options.rate < 0) throw UsageError("--rate", "must not be negative");
    if (const int status = ue::run_ue_command(f->config, f->subscribers, f->options); status != 0)
      throw CLI::RuntimeError(status);
  });
}

}  // namespace iotboot::cli
