// A real Prometheus server (Debian's prometheus package) run by a test as its own process: a
// free port, a temporary configuration scraping the given targets every 200 ms, its own storage
// directory; never the system's service. Queried over its HTTP API.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"

namespace iotboot::test {

class PrometheusServer {
 public:
  // targets: (job name, host:port); rules: rule files to load (checked by Prometheus on start).
  PrometheusServer(const std::filesystem::path& dir, const std::vector<std::pair<std::string, std::string>>& targets,
                   const std::vector<std::string>& rules = {});
  ~PrometheusServer();

  // Polls /-/ready; false if it is not ready within the timeout (or exited).
  bool wait_ready(std::chrono::milliseconds timeout);
  // The value of an instant query's first sample; nullopt when the result is empty or an error.
  std::optional<double> query(const std::string& promql) const;
  std::string log() const { return process_->err(); }
  std::uint16_t port() const noexcept { return port_; }

 private:
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace iotboot::test
