// Fuzzes what the AS's gateway reads from others (coap_http_mapping.hpp): a device's Uri-Path
// and Uri-Query options (NUL-separated here) and a backend's Content-Type and status. Never a
// crash; a request target never carries a byte that could end or split an HTTP request line
// or header (CR, LF, space, NUL), whatever the device sent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "as/coap_http_mapping.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace iotboot::as;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> path, query;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= in.size(); ++i) {
    if (i < in.size() && in[i] != '\0') continue;
    (path.size() <= query.size() ? path : query).emplace_back(in.substr(start, i - start));
    start = i + 1;
  }
  const std::string target = http_target("/api", path, query);
  iotboot::fuzz::require(target.find_first_of(std::string_view("\r\n \0\t", 5)) == std::string::npos);
  if (const auto f = content_format(in)) iotboot::fuzz::require(media_type(*f).has_value());
  const int status = size >= 2 ? (data[0] << 8 | data[1]) : 0;
  const std::uint8_t code = coap_code(status, static_cast<CoapMethod>(1 + (size % 7)));
  iotboot::fuzz::require((code >> 5) == 2 || (code >> 5) == 4 || (code >> 5) == 5);
  return 0;
}
