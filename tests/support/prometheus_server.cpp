#include "support/prometheus_server.hpp"

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

#include "support/eventually.hpp"
#include "support/http_get.hpp"
#include "support/ports.hpp"
#include "support/promtool.hpp"

namespace iotboot::test {

PrometheusServer::PrometheusServer(const std::filesystem::path& dir,
                                   const std::vector<std::pair<std::string, std::string>>& targets,
                                   const std::vector<std::string>& rules)
    : port_(free_port()) {
  std::filesystem::create_directories(dir / "data");
  {
    std::ofstream config(dir / "prometheus.yml");
    config << "global: {scrape_interval: 200ms, scrape_timeout: 200ms, evaluation_interval: 1s}\n";
    if (!rules.empty()) {
      config << "rule_files:\n";
      for (const std::string& r : rules) config << "  - '" << r << "'\n";
    }
    config << "scrape_configs:\n";
    for (const auto& [job, target] : targets) {
      config << "  - job_name: '" << job << "'\n    static_configs: [{targets: ['" << target << "']}]\n";
    }
  }
  process_ = std::make_unique<ChildProcess>(
      kPrometheus,
      std::vector<std::string>{"--config.file=" + (dir / "prometheus.yml").string(),
                               "--storage.tsdb.path=" + (dir / "data").string(),
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=warn"},
      (dir / "prometheus").string());
}

PrometheusServer::~PrometheusServer() {
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(10));
}

bool PrometheusServer::wait_ready(std::chrono::milliseconds timeout) {
  return eventually([&] { return http_get(port_, "/-/ready").status == 200; }, timeout);
}

std::optional<double> PrometheusServer::query(const std::string& promql) const {
  const HttpAnswer a = http_get(port_, "/api/v1/query?query=" + url_encode(promql));
  if (a.status != 200) return std::nullopt;
  const auto j = nlohmann::json::parse(a.body, nullptr, false);
  if (j.is_discarded() || j.value("status", "") != "success") return std::nullopt;
  const auto& result = j["data"]["result"];
  if (!result.is_array() || result.empty()) return std::nullopt;
  return std::stod(result[0]["value"][1].get<std::string>());
}

}  // namespace iotboot::test
