#pragma once

#include <stdexcept>
#include <string>

namespace iotboot::cli {

// Bad command-line input: main prints "iotboot: <what>" on one line and exits with status 2.
// The text names the flag and the problem, never the value (it may be a key).
class UsageError : public std::runtime_error {
 public:
  UsageError(const std::string& flag, const std::string& problem) : std::runtime_error(flag + ": " + problem) {}
};

}  // namespace iotboot::cli
