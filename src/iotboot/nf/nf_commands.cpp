#include "nf/nf_commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "as/as.hpp"
#include "core/fqdn.hpp"
#include "hss/hss.hpp"
#include "mme/mme.hpp"
#include "net/dev_pki.hpp"
#include "run/all_in_one.hpp"
#include "scef/scef.hpp"
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

  auto scef_config = std::make_shared<std::string>();
  CLI::App* scef = app.add_subcommand("scef", "run the SCEF (S6t, T6a, Key API) until SIGINT/SIGTERM");
  scef->add_option("-c,--config", *scef_config, "YAML configuration (see config/scef.yaml)")->required();
  scef->callback([scef_config] {
    const int status = scef::run_scef(*scef_config);
    if (status != 0) throw CLI::RuntimeError(status);
  });

  auto as_config = std::make_shared<std::string>();
  CLI::App* as =
      app.add_subcommand("as", "run an application server (Key API client, CoAP over DTLS-PSK) until SIGINT/SIGTERM");
  as->add_option("-c,--config", *as_config, "YAML configuration (see config/as1.yaml)")->required();
  as->callback([as_config] {
    const int status = as::run_as(*as_config);
    if (status != 0) throw CLI::RuntimeError(status);
  });

  struct CertFlags {
    std::string dir, scef_host = "scef.iotboot.test";
    std::vector<std::string> as_ids = {"as1.example.com", "as2.example.com"};
  };
  auto cf = std::make_shared<CertFlags>();
  CLI::App* certs =
      app.add_subcommand("certs", "make a development CA, the SCEF's server certificate and AS client certificates");
  certs->add_option("--dir", cf->dir, "output directory")->required();
  certs->add_option("--scef-host", cf->scef_host, "the SCEF's host name (default scef.iotboot.test)");
  certs->add_option("--as-id", cf->as_ids, "AS identities (default as1.example.com as2.example.com)");
  certs->callback([cf] {
    if (auto why = check_fqdn(cf->scef_host)) throw UsageError("--scef-host", "not a valid FQDN: " + *why);
    for (const auto& id : cf->as_ids) {
      if (auto why = check_fqdn(id)) throw UsageError("--as-id", "not a valid FQDN: " + *why);
    }
    const net::DevPkiFiles f = net::make_dev_pki(cf->dir, cf->scef_host, cf->as_ids);
    for (const std::string& note : f.notes) std::cerr << "iotboot: " << note << "\n";
    std::cout << "CA " << f.ca_certificate.string() << " (its key: " << f.ca_key.string() << ")\nSCEF "
              << f.scef_certificate.string() << "\n";
    for (std::size_t i = 0; i < f.as_certificates.size(); ++i)
      std::cout << "AS " << f.as_certificates[i].string() << "\n";
  });

  auto ro = std::make_shared<RunOptions>();
  CLI::App* run =
      app.add_subcommand("run", "the whole system in one process: N UEs through all 16 steps (what `make run` runs)");
  run->add_option("--dir", ro->dir, "work directory for certificates, databases and subscribers (default ./var)");
  run->add_option("--ues", ro->ues, "UEs (and subscribers) (default 1000)");
  run->add_option("--concurrency", ro->concurrency, "UEs bootstrapping at once (default 100)");
  run->add_option("--log-level", ro->log_level, "log level of the network functions (default warn)");
  run->callback([ro] {
    if (ro->ues == 0) throw UsageError("--ues", "must be at least 1");
    if (ro->concurrency == 0) throw UsageError("--concurrency", "must be at least 1");
    const int status = run_all_in_one(*ro);
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
  ue->add_option("--key-log", f->options.key_log,
                 "append every bootstrapped UE's GUTI and keys (CK, IK, KASME, Ks, Ks_AS) as JSON lines: lab use only");
  ue->callback([f] {
    if (f->options.count == 0) throw UsageError("--count", "must be at least 1");
    if (f->options.concurrency == 0) throw UsageError("--concurrency", "must be at least 1");
    if (f->options.rate < 0) throw UsageError("--rate", "must not be negative");
    const int status = ue::run_ue_command(f->config, f->subscribers, f->options);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace iotboot::cli
