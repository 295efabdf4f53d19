// The Key API's responses checked against its OpenAPI document (docs/api/key-api.yaml) by a
// real validator: tests/support/openapi_check.pl on Debian's JSON::Validator.
#pragma once

#include <string>
#include <vector>

#include "net/https_client.hpp"

namespace iotboot::test {

inline constexpr const char* kKeyApiSpec = IOTBOOT_SOURCE_DIR "/docs/api/key-api.yaml";

// What a test received from the Key API, as the validator reads it.
class KeyApiResponses {
 public:
  void record(const net::HttpReply& reply, std::string method = "post", std::string path = "/iotboot-keys/v1/retrieve");
  std::size_t size() const noexcept { return lines_.size(); }
  // Runs the validator on the document and every recorded response: "" when all conform, else
  // its report.
  std::string nonconforming() const;

 private:
  std::vector<std::string> lines_;  // one JSON object each
};

// The validator on the document alone (and its exit status).
struct SpecCheck {
  int status = -1;
  std::string report;
};
SpecCheck check_openapi_document(const std::string& spec);

}  // namespace iotboot::test
