#include "support/promtool.hpp"

#include <fstream>

#include "support/ports.hpp"

namespace iotboot::test {

ProcessResult promtool_check_metrics(const std::string& exposition) {
  const auto file = temp_dir("promtool") / "metrics.txt";
  std::ofstream(file) << exposition;
  // promtool reads the exposition from standard input.
  return run_process("/bin/sh", {"-c", kPromtool + " check metrics < '" + file.string() + "'"});
}

ProcessResult promtool_check_rules(const std::string& file) { return run_process(kPromtool, {"check", "rules", file}); }

}  // namespace iotboot::test
