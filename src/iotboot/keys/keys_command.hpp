// `iotboot keys`: the key hierarchy as a calculator (JSON on stdout) and a walk-through demo.
#pragma once

namespace CLI {
class App;
}

namespace iotboot::cli {

void add_keys_command(CLI::App& app);

}  // namespace iotboot::cli
