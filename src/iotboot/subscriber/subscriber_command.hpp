// `iotboot subscriber add|import|list|show|delete|generate`: provisioning of the HSS's
// subscriber store. list and show never print K or OPc.
#pragma once

namespace CLI {
class App;
}

namespace iotboot::cli {

void add_subscriber_command(CLI::App& app);

}  // namespace iotboot::cli
