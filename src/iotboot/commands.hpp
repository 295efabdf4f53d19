// The subcommands of `iotboot`, each added to the program's command line by the folder named
// after it.
#pragma once

namespace CLI {
class App;
}

namespace iotboot::cli {

// keys/: the key hierarchy as a calculator (JSON on stdout) and a walk-through demo.
void add_keys_command(CLI::App& app);
// subscriber/: add|import|list|show|delete|generate, provisioning of the HSS's subscriber
// store (list and show never print K or OPc).
void add_subscriber_command(CLI::App& app);
// db/: `db migrate`, the HSS's or SCEF's store brought to this program's schema.
void add_db_command(CLI::App& app);
void add_kek_command(CLI::App& app);
// nf/: hss, mme, scef, as -c FILE, each network function as its own process.
void add_nf_commands(CLI::App& app);
// certs/: a development CA and the certificates of the SCEF's Key API and of the ASs.
void add_certs_command(CLI::App& app);
// run/: the whole system in one process (`make run`), or its configurations as files.
void add_run_command(CLI::App& app);
// load/: `ue`, the UE simulator as a load driver against an MME and ASs.
void add_ue_command(CLI::App& app);

}  // namespace iotboot::cli
