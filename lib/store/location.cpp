#include "store/location.hpp"

namespace iotboot::store {

Result<Location> Location::parse(std::string_view text) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (text.starts_with(kSqlite)) {
    std::string path(text.substr(kSqlite.size()));
    if (path.empty()) return Error{"sqlite: needs a file path (sqlite:var/hss.db)"};
    return Location::sqlite(std::move(path));
  }
  if (text.starts_with("postgresql://") || text.starts_with("postgres://")) {
    return Location{Engine::postgresql, std::string(text)};
  }
  return Error{"expected sqlite:PATH or postgresql://URI"};
}

std::string Location::describe() const {
  if (engine == Engine::sqlite) return "sqlite:" + target;
  // postgresql://user:password@host/... → postgresql://user:***@host/...
  std::string out = target;
  const std::size_t scheme = out.find("://");
  const std::size_t at = out.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme != std::string::npos && at != std::string::npos) {
    const std::size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // A password given as a query parameter.
  const std::size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    const std::size_t end = out.find('&', pw);
    out.replace(pw + 9, end == std::string::npos ? std::string::npos : end - pw - 9, "***");
  }
  return out;
}

}  // namespace iotboot::store
