#include "support/ports.hpp"

#include <unistd.h>

#include <random>

namespace iotboot::test {

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("iotboot-" + name + "-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace iotboot::test
