#include "nf/nf_commands.hpp"

#include <CLI/CLI.hpp>

#include <memory>

#include "hss/hss.hpp"

namespace iotboot::cli {

void add_nf_commands(CLI::App& app) {
  auto hss_config = std::make_shared<std::string>();
  CLI::App* hss = app.add_subcommand("hss", "run the HSS (S6a) until SIGINT/SIGTERM");
  hss->add_option("-c,--config", *hss_config, "YAML configuration (see config/hss.yaml)")->required();
  hss->callback([hss_config] {
    const int status = hss::run_hss(*hss_config);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace iotboot::cli
