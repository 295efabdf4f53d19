// A whole file as text (empty when it cannot be read): logs, SQL snapshots, golden files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace iotboot::test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace iotboot::test
