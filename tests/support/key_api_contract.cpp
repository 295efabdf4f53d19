#include "support/key_api_contract.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::test {
namespace {

constexpr const char* kValidator = IOTBOOT_SOURCE_DIR "/tests/support/openapi_check.pl";

}  // namespace

void KeyApiResponses::record(const net::HttpReply& reply, std::string method, std::string path) {
  lines_.push_back(nlohmann::json{{"method", std::move(method)},
                                  {"path", std::move(path)},
                                  {"status", reply.status},
                                  {"contentType", reply.content_type},
                                  {"body", std::string(reply.body.begin(), reply.body.end())},
                                  {"retryAfter", reply.retry_after}}
                       .dump());
}

std::string KeyApiResponses::nonconforming() const {
  if (lines_.empty()) return "";
  const std::filesystem::path dir = temp_dir("key-api-responses");
  const std::filesystem::path file = dir / "responses.jsonl";
  {
    std::ofstream out(file);
    for (const std::string& line : lines_) out << line << "\n";
  }
  const ProcessResult r = run_process("/usr/bin/perl", {kValidator, kKeyApiSpec, file.string()});
  std::filesystem::remove_all(dir);
  return r.status == 0 ? "" : "exit " + std::to_string(r.status) + ": " + r.err + r.out;
}

SpecCheck check_openapi_document(const std::string& spec) {
  const ProcessResult r = run_process("/usr/bin/perl", {kValidator, spec});
  return {r.status, r.err + r.out};
}

}  // namespace iotboot::test
