// Runs a program to completion and captures what it printed: for tests of command-line
// contracts against the real binary.
#pragma once

#include <string>
#include <vector>

namespace iotboot::test {

struct ProcessResult {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args);

}  // namespace iotboot::test
