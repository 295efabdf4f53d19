// `iotboot hss|mme|ue -c FILE`: each network function as its own process.
#pragma once

namespace CLI {
class App;
}

namespace iotboot::cli {

void add_nf_commands(CLI::App& app);

}  // namespace iotboot::cli
