// The CoAP-to-HTTP mapping of RFC 8075 as the AS's gateway applies it (docs/application-servers.md):
// request methods, Uri-Path and Uri-Query to the request target, Content-Format and Accept to
// media types, and HTTP status codes back to CoAP response codes. Pure functions, so that every
// row of the RFC's tables is tested on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotboot::as {

// CoAP request method codes (RFC 7252 §12.1.1, RFC 8132).
enum class CoapMethod : std::uint8_t { get = 1, post = 2, put = 3, del = 4, fetch = 5, patch = 6, ipatch = 7 };

// The HTTP method a CoAP method becomes (RFC 8075 §7.1; iPATCH is PATCH). FETCH has no HTTP
// counterpart: nullopt (the gateway answers 4.05).
std::optional<std::string_view> http_method(CoapMethod m);

// base_path ("" or "/api") + "/" + the Uri-Path segments, each percent-encoded (RFC 8075 §5.3:
// RFC 3986's unreserved characters and sub-delims stay as they are), + "?" + the Uri-Query
// options joined by "&", each encoded likewise ("=" kept).
std::string http_target(std::string_view base_path, const std::vector<std::string>& path,
                        const std::vector<std::string>& query);

// The media type of a CoAP Content-Format (the IANA "CoAP Content-Formats" registry's common
// entries), or nullopt for one the gateway does not know (sent as application/octet-stream).
std::optional<std::string_view> media_type(unsigned content_format);
// The Content-Format of an HTTP Content-Type (parameters ignored but text/plain's charset,
// which must be utf-8 or absent), or nullopt.
std::optional<unsigned> content_format(std::string_view content_type);

// The CoAP response code (class << 5 | detail) for an HTTP status, by RFC 8075 §7's table; a
// 2xx depends on the method (2.05 Content for GET, 2.02 Deleted for DELETE, 2.01 Created for
// 201, else 2.04 Changed).
std::uint8_t coap_code(int http_status, CoapMethod m);

// "4.04" for a code (logs and tests).
std::string coap_code_text(std::uint8_t code);

}  // namespace iotboot::as
