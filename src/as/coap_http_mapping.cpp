#include "as/coap_http_mapping.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace iotboot::as {
namespace {

constexpr std::uint8_t code(unsigned c, unsigned d) { return static_cast<std::uint8_t>(c << 5 | d); }

// RFC 3986: unreserved and sub-delims, plus ':' and '@' (pchar); '=' too in a query.
bool keep(char c, bool query) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  static constexpr std::string_view kPchar = "-._~!$&'()*+,;=:@";
  if (c == '&' && query) return false;  // it separates the options
  return kPchar.find(c) != std::string_view::npos;
}

void append_encoded(std::string& out, std::string_view s, bool query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    if (keep(c, query)) {
      out.push_back(c);
    } else {
      const auto b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
  }
}

struct Format {
  unsigned id;
  std::string_view type;
};
constexpr std::array<Format, 12> kFormats = {{
    {0, "text/plain; charset=utf-8"},
    {40, "application/link-format"},
    {41, "application/xml"},
    {42, "application/octet-stream"},
    {47, "application/exi"},
    {50, "application/json"},
    {51, "application/json-patch+json"},
    {52, "application/merge-patch+json"},
    {60, "application/cbor"},
    {61, "application/cwt"},
    {110, "application/senml+json"},
    {112, "application/senml+cbor"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> http_method(CoapMethod m) {
  switch (m) {
    case CoapMethod::get: return "GET";
    case CoapMethod::post: return "POST";
    case CoapMethod::put: return "PUT";
    case CoapMethod::del: return "DELETE";
    case CoapMethod::patch:
    case CoapMethod::ipatch: return "PATCH";
    case CoapMethod::fetch: return std::nullopt;
  }
  return std::nullopt;
}

std::string http_target(std::string_view base_path, const std::vector<std::string>& path,
                        const std::vector<std::string>& query) {
  std::string out(base_path);
  while (!out.empty() && out.back() == '/') out.pop_back();
  for (const std::string& segment : path) {
    out.push_back('/');
    append_encoded(out, segment, false);
  }
  if (path.empty()) out.push_back('/');
  for (std::size_t i = 0; i < query.size(); ++i) {
    out.push_back(i == 0 ? '?' : '&');
    append_encoded(out, query[i], true);
  }
  return out;
}

std::optional<std::string_view> media_type(unsigned content_format) {
  for (const Format& f : kFormats) {
    if (f.id == content_format) return f.type;
  }
  return std::nullopt;
}

std::optional<unsigned> content_format(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  const std::string type = lower(trim(content_type.substr(0, semi)));
  if (type == "text/plain") {
    // Only UTF-8 text is Content-Format 0.
    if (semi == std::string_view::npos) return 0u;
    const std::string params = lower(content_type.substr(semi + 1));
    if (params.find("charset") == std::string::npos) return 0u;
    return params.find("utf-8") != std::string::npos ? std::optional<unsigned>(0u) : std::nullopt;
  }
  for (const Format& f : kFormats) {
    if (f.id != 0 && f.type == type) return f.id;
  }
  return std::nullopt;
}

std::uint8_t coap_code(int status, CoapMethod m) {
  if (status >= 200 && status < 300) {
    if (status == 201) return code(2, 1);
    if (m == CoapMethod::del) return code(2, 2);
    if (m == CoapMethod::get || m == CoapMethod::fetch) return status == 204 ? code(2, 4) : code(2, 5);
    return code(2, 4);
  }
  if (status == 304) return code(2, 3);
  // 4xx and 5xx with a CoAP counterpart keep their detail; the others become x.00.
  static constexpr std::array<std::pair<int, std::uint8_t>, 17> kTable = {{
      {400, code(4, 0)},
      {401, code(4, 1)},
      {403, code(4, 3)},
      {404, code(4, 4)},
      {405, code(4, 5)},
      {406, code(4, 6)},
      {409, code(4, 9)},
      {412, code(4, 12)},
      {413, code(4, 13)},
      {415, code(4, 15)},
      {422, code(4, 22)},
      {429, code(4, 29)},
      {500, code(5, 0)},
      {501, code(5, 1)},
      {502, code(5, 2)},
      {503, code(5, 3)},
      {504, code(5, 4)},
  }};
  for (const auto& [http, coap] : kTable) {
    if (http == status) return coap;
  }
  if (status >= 400 && status < 500) return code(4, 0);
  if (status >= 500 && status < 600) return code(5, 0);
  return code(5, 2);  // 1xx, other 3xx (a gateway does not follow redirects), nonsense
}

std::string coap_code_text(std::uint8_t c) {
  const unsigned detail = c & 31u;
  return std::to_string(c >> 5) + "." + (detail < 10 ? "0" : "") + std::to_string(detail);
}

}  // namespace iotboot::as
