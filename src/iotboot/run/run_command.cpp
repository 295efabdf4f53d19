#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "run/all_in_one.hpp"
#include "store/location.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {
namespace {

std::optional<std::uint16_t> parse_port(const std::string& text) {
  std::uint16_t port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return port;
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto ro = std::make_shared<RunOptions>();
  auto wc = std::make_shared<WriteConfigsOptions>();
  auto configs_dir = std::make_shared<std::string>();
  CLI::App* run =
      app.add_subcommand("run", "the whole system in one process: N UEs through all 16 steps (what `make run` runs)");
  run->add_option("--dir", ro->dir, "work directory for certificates, databases and subscribers (default ./var)");
  run->add_option("--ues", ro->ues, "UEs (and subscribers) (default 1000)");
  run->add_option("--concurrency", ro->concurrency, "UEs bootstrapping at once (default 100)");
  run->add_option("--log-level", ro->log_level, "log level of the network functions (default warn)");
  run->add_option("--mode", ro->mode,
                  "bootstrapping: push (solution #12), pull (solution #11) or both (half the UEs each; default)");
  run->add_flag("--diameter-tls,!--diameter-tcp", ro->diameter_tls,
                "Diameter between the HSS, SCEF and MME over TLS (default; certificates per Origin-Host) or plaintext "
                "TCP (with --write-configs the default is TCP)");
  auto metrics_at = std::make_shared<std::string>();
  run->add_option("--metrics", *metrics_at,
                  "ADDRESS:PORT: serve /metrics, /healthz and /readyz of the whole process there while it runs");
  run->add_option("--write-configs", *configs_dir,
                  "instead of running: write the lab network's configurations (free ports) into this directory");
  run->add_option("--hss", wc->hss, "with --write-configs: HSSs (default 1)");
  run->add_option("--scef", wc->scef, "with --write-configs: SCEFs (default 1; 0: attach only)");
  run->add_option("--mme", wc->mme, "with --write-configs: MMEs (default 1)");
  run->add_option("--as", wc->as, "with --write-configs: application servers (default 2)");
  run->add_option("--as-instances", wc->as_instances,
                  "with --write-configs: processes serving each application server's AS_ID (default 1)");
  run->add_option("--postgres", wc->postgres,
                  "with --write-configs: every HSS and SCEF on this PostgreSQL (postgresql://URI) instead of SQLite");
  run->add_flag("--plaintext-keys", wc->plaintext_keys,
                "with --write-configs: no KEK (K, OPc and Ks stored in plaintext); default: sealed under DIR/kek");
  run->callback([ro, wc, configs_dir, metrics_at, run] {
    if (!configs_dir->empty()) {
      if (wc->hss == 0 || wc->mme == 0) throw UsageError("--write-configs", "the network needs an HSS and an MME");
      if (wc->as > 0 && wc->scef == 0) throw UsageError("--as", "application servers need a SCEF");
      if (wc->as_instances == 0) throw UsageError("--as-instances", "must be at least 1");
      if (!wc->postgres.empty()) {
        auto where = store::Location::parse(wc->postgres);
        if (!where || where->engine != store::Location::Engine::postgresql) {
          throw UsageError("--postgres", "expected a postgresql:// URI");
        }
      }
      wc->log_level = ro->log_level;
      wc->diameter_tls = run->count("--diameter-tls") > 0 && ro->diameter_tls;
      if (const int status = write_configs(*configs_dir, *wc); status != 0) throw CLI::RuntimeError(status);
      return;
    }
    if (!metrics_at->empty()) {
      const auto colon = metrics_at->rfind(':');
      const auto port = colon == std::string::npos ? std::nullopt : parse_port(metrics_at->substr(colon + 1));
      if (!port || *port == 0 || colon == 0)
        throw UsageError("--metrics", "expected ADDRESS:PORT, e.g. 127.0.0.1:9100");
      ro->metrics_address = metrics_at->substr(0, colon);
      ro->metrics_port = *port;
    }
    if (ro->ues == 0) throw UsageError("--ues", "must be at least 1");
    if (ro->concurrency == 0) throw UsageError("--concurrency", "must be at least 1");
    if (ro->mode != "push" && ro->mode != "pull" && ro->mode != "both") {
      throw UsageError("--mode", "must be push, pull or both");
    }
    if (const int status = run_all_in_one(*ro); status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace iotboot::cli
