#include "support/golden.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/files.hpp"

namespace iotboot::test {

void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path file = std::filesystem::path(IOTBOOT_GOLDEN_DIR) / name;
  if (std::getenv("IOTBOOT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(file)) << file << " is missing: run `make golden` to write it";
  EXPECT_EQ(actual, read_text(file)) << "differs from " << file << " (if intended: make golden, then review the diff)";
}

}  // namespace iotboot::test
