// RFC 8075's tables as the gateway applies them, row by row.
#include "as/coap_http_mapping.hpp"

#include <gtest/gtest.h>

#include "as/upstream_config.hpp"

namespace iotboot::as {
namespace {

TEST(CoapHttpMapping, MethodsMapAndFetchHasNoHttpCounterpart) {
  EXPECT_EQ(http_method(CoapMethod::get), "GET");
  EXPECT_EQ(http_method(CoapMethod::post), "POST");
  EXPECT_EQ(http_method(CoapMethod::put), "PUT");
  EXPECT_EQ(http_method(CoapMethod::del), "DELETE");
  EXPECT_EQ(http_method(CoapMethod::patch), "PATCH");
  EXPECT_EQ(http_method(CoapMethod::ipatch), "PATCH");
  EXPECT_FALSE(http_method(CoapMethod::fetch));
}

TEST(CoapHttpMapping, UriPathAndQueryArePercentEncoded) {
  EXPECT_EQ(http_target("", {}, {}), "/");
  EXPECT_EQ(http_target("/iot", {"meters", "17"}, {}), "/iot/meters/17");
  EXPECT_EQ(http_target("/iot/", {"a b", "c/d", "e%f"}, {}), "/iot/a%20b/c%2Fd/e%25f");
  EXPECT_EQ(http_target("", {"x"}, {"n=1", "t=a&b", "u=\xC3\xA9"}), "/x?n=1&t=a%26b&u=%C3%A9");
  EXPECT_EQ(http_target("", {"CR\r\nLF"}, {}), "/CR%0D%0ALF");  // no header injection through a path
}

TEST(CoapHttpMapping, ContentFormatsBothWays) {
  EXPECT_EQ(media_type(0), "text/plain; charset=utf-8");
  EXPECT_EQ(media_type(50), "application/json");
  EXPECT_EQ(media_type(60), "application/cbor");
  EXPECT_FALSE(media_type(9999));
  EXPECT_EQ(content_format("application/json"), 50u);
  EXPECT_EQ(content_format("Application/JSON; charset=utf-8"), 50u);
  EXPECT_EQ(content_format("text/plain"), 0u);
  EXPECT_EQ(content_format("text/plain; charset=UTF-8"), 0u);
  EXPECT_FALSE(content_format("text/plain; charset=iso-8859-1"));
  EXPECT_EQ(content_format("application/octet-stream"), 42u);
  EXPECT_FALSE(content_format("text/html"));
  EXPECT_FALSE(content_format(""));
}

TEST(CoapHttpMapping, StatusCodesFollowTheRfcTable) {
  const struct {
    int http;
    CoapMethod m;
    const char* coap;
  } rows[] = {
      {200, CoapMethod::get, "2.05"},  {200, CoapMethod::post, "2.04"}, {200, CoapMethod::put, "2.04"},
      {200, CoapMethod::del, "2.02"},  {204, CoapMethod::del, "2.02"},  {204, CoapMethod::get, "2.04"},
      {201, CoapMethod::post, "2.01"}, {202, CoapMethod::post, "2.04"}, {304, CoapMethod::get, "2.03"},
      {301, CoapMethod::get, "5.02"},  {400, CoapMethod::post, "4.00"}, {401, CoapMethod::get, "4.01"},
      {403, CoapMethod::get, "4.03"},  {404, CoapMethod::get, "4.04"},  {405, CoapMethod::get, "4.05"},
      {406, CoapMethod::get, "4.06"},  {409, CoapMethod::put, "4.09"},  {412, CoapMethod::put, "4.12"},
      {413, CoapMethod::post, "4.13"}, {415, CoapMethod::post, "4.15"}, {422, CoapMethod::post, "4.22"},
      {429, CoapMethod::post, "4.29"}, {418, CoapMethod::get, "4.00"},  {500, CoapMethod::get, "5.00"},
      {501, CoapMethod::get, "5.01"},  {502, CoapMethod::get, "5.02"},  {503, CoapMethod::get, "5.03"},
      {504, CoapMethod::get, "5.04"},  {599, CoapMethod::get, "5.00"},  {100, CoapMethod::get, "5.02"},
      {0, CoapMethod::get, "5.02"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(coap_code_text(coap_code(r.http, r.m)), r.coap) << r.http;
  }
}

TEST(UpstreamUrl, ParsesAndRefusesWithReasons) {
  const auto u = parse_upstream_url("https://backend.example.com:8443/iot/");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "backend.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->base_path, "/iot");
  const auto plain = parse_upstream_url("http://127.0.0.1");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->base_path, "");
  EXPECT_EQ(parse_upstream_url("ftp://x").error().reason, "must start with http:// or https://");
  EXPECT_EQ(parse_upstream_url("http://x:0").error().reason, "port must be 1 to 65535");
  EXPECT_EQ(parse_upstream_url("http://x:99999").error().reason, "port must be 1 to 65535");
  EXPECT_EQ(parse_upstream_url("http://x/a?b").error().reason, "a query or fragment is not allowed");
  EXPECT_EQ(parse_upstream_url("http://a_b").error().reason.substr(0, 6), "host: ");
}

}  // namespace
}  // namespace iotboot::as
