// docs/api/key-api.yaml is a valid OpenAPI 3.0 document, and the validator the Key API tests
// use on every response (scef_lab.hpp, process_lab.cpp) does refuse what does not conform.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/files.hpp"
#include "support/key_api_contract.hpp"
#include "support/ports.hpp"

namespace iotboot::scef {
namespace {

TEST(KeyApiContract, TheDocumentIsValidOpenApi30) {
  const test::SpecCheck c = test::check_openapi_document(test::kKeyApiSpec);
  EXPECT_EQ(c.status, 0) << c.report;
  EXPECT_NE(c.report.find("valid OpenAPI 3.0"), std::string::npos) << c.report;
}

TEST(KeyApiContract, AnInvalidDocumentIsRefused) {
  const std::filesystem::path dir = test::temp_dir("key-api-spec");
  std::string text = test::read_text(test::kKeyApiSpec);
  const std::string::size_type at = text.find("operationId: RetrieveKey");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 24, "operationId: [RetrieveKey]");  // must be a string
  std::ofstream(dir / "broken.yaml") << text;
  const test::SpecCheck c = test::check_openapi_document((dir / "broken.yaml").string());
  EXPECT_EQ(c.status, 1) << c.report;
  EXPECT_NE(c.report.find("operationId"), std::string::npos) << c.report;
  std::filesystem::remove_all(dir);
}

net::HttpReply reply(int status, std::string content_type, const std::string& body, std::string retry_after = "") {
  net::HttpReply r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body.assign(body.begin(), body.end());
  r.retry_after = std::move(retry_after);
  return r;
}

TEST(KeyApiContract, ResponsesOutsideTheContractAreReported) {
  const std::string problem =
      R"({"type":"urn:iotboot:problem:TOO_MANY_REQUESTS","title":"Too Many Requests","status":429,)"
      R"("detail":"over","cause":"TOO_MANY_REQUESTS"})";
  test::KeyApiResponses good;
  good.record(reply(429, "application/problem+json", problem, "1"));
  EXPECT_EQ(good.nonconforming(), "");
  const struct {
    net::HttpReply r;
    const char* report;
  } cases[] = {
      {reply(418, "application/problem+json", problem), "status not documented"},
      {reply(429, "application/json", problem, "1"), "Expected application/problem+json"},
      {reply(429, "application/problem+json", problem, "soon"), "Retry-After"},
      {reply(200, "application/json", R"({"ksAs":"00","expiry":"2026-12-01T00:00:00Z"})"), "/body/ksAs"},
      {reply(200, "application/json",
             R"({"ksAs":")" + std::string(64, 'a') + R"(","expiry":"2026-12-01T00:00:00Z","imsi":"001010000000001"})"),
       "Properties not allowed: imsi"},
  };
  for (const auto& c : cases) {
    test::KeyApiResponses bad;
    bad.record(c.r);
    const std::string report = bad.nonconforming();
    EXPECT_NE(report.find(c.report), std::string::npos) << c.report << " in: " << report;
  }
}

}  // namespace
}  // namespace iotboot::scef
