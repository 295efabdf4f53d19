// `as.upstream` as the AS reads it: the URL, the defaults, and one-line refusals.
#include <gtest/gtest.h>

#include "as/as_config.hpp"

namespace iotboot::as {
namespace {

YAML::Node as_with(const std::string& upstream) {
  return YAML::Load(
      "as: {id: as1.example.com, scef: {port: 8443}, certificate: as.pem, private_key: as.key, ca: ca.pem" +
      (upstream.empty() ? std::string() : ", upstream: " + upstream) + "}");
}

TEST(UpstreamConfig, AbsentMeansNoGateway) { EXPECT_FALSE(parse_as_config(as_with("")).upstream); }

TEST(UpstreamConfig, HttpsDefaultsToTheAsOwnCertificate) {
  const AsConfig c = parse_as_config(as_with("{url: \"https://backend.example.com/iot\", address: 10.0.0.7}"));
  ASSERT_TRUE(c.upstream);
  EXPECT_TRUE(c.upstream->url.tls);
  EXPECT_EQ(c.upstream->url.port, 443);
  EXPECT_EQ(c.upstream->address, "10.0.0.7");
  EXPECT_EQ(c.upstream->certificate, "as.pem");
  EXPECT_EQ(c.upstream->private_key, "as.key");
  EXPECT_EQ(c.upstream->ca, "ca.pem");
  EXPECT_EQ(c.upstream->timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.upstream->max_body, 1u << 20);
  const AsConfig own = parse_as_config(as_with("{url: \"https://b.example.com\", ca: backend-ca.pem}"));
  EXPECT_EQ(own.upstream->ca, "backend-ca.pem");
  EXPECT_EQ(own.upstream->address, "b.example.com");
}

TEST(UpstreamConfig, RefusalsNameTheSetting) {
  const auto error = [](const std::string& upstream) {
    try {
      parse_as_config(as_with(upstream));
      return std::string("accepted");
    } catch (const config::ConfigError& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(error("{url: \"ftp://x\"}"), "as.upstream.url: must start with http:// or https://");
  EXPECT_EQ(error("{timeout_ms: 5}"), "as.upstream.url: required");
  EXPECT_NE(error("{url: \"http://x\", max_body_bytes: 0}").find("as.upstream.max_body_bytes"), std::string::npos);
}

}  // namespace
}  // namespace iotboot::as
