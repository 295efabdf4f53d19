// A whole file as text (empty when it cannot be read): logs, SQL snapshots, golden files; and
// how often a line of a log occurs in it.
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

inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace iotboot::test
