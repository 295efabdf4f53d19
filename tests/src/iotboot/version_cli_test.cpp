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

// In a git checkout, the commit the program was built from: the one checked out now (a
// build after a commit must not name the commit before it).
TEST(VersionCli, NamesTheCommitItWasBuiltFrom) {
  const auto git = test::run_process("/usr/bin/git", {"-C", IOTBOOT_SOURCE_DIR, "describe", "--always", "--tags"});
  if (git.status != 0) GTEST_SKIP() << "not a git checkout";
  const auto r = test::run_process(IOTBOOT_BIN, {"--version"});
  EXPECT_NE(r.out.find("(git " + git.out.substr(0, git.out.find('\n')) + ")"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace iotboot::cli
