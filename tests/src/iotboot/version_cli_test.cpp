// `iotboot --version`, through the real binary.
#include <gtest/gtest.h>

#include <regex>

#include "support/process.hpp"

namespace iotboot::cli {
namespace {

// `iotboot --version`: what a package's users and its test ask of the installed program.
TEST(VersionCli, NamesTheProjectVersion) {
  const auto r = test::run_process(IOTBOOT_BIN, {"--version"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex(R"(iotboot \d+\.\d+\.\d+( \(git [^)]+\))?\n)"))) << r.out;
}

}  // namespace
}  // namespace iotboot::cli
