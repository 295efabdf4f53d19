// The `log:` section of an NF's configuration, through the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::cli {
namespace {

TEST(LogCli, AnUnknownLogFormatIsOneLineNamingTheKey) {
  const auto dir = test::temp_dir("log-cli");
  std::ofstream(dir / "hss.yaml") << "log: {level: info, format: xml}\nhss: {store: 'sqlite:"
                                  << (dir / "hss.db").string() << "'}\n";
  const auto r = test::run_process(IOTBOOT_BIN, {"hss", "-c", (dir / "hss.yaml").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iotboot: configuration: log.format: must be text or json\n");
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace iotboot::cli
