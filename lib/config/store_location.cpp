#include "config/store_location.hpp"

namespace iotboot::config {

store::Location store_location(const Section& s, const char* key, const std::string& fallback) {
  auto where = store::Location::parse(s.text(key, fallback));
  if (!where) throw ConfigError(s.path(key) + ": " + where.error().reason);
  return std::move(where.value());
}

}  // namespace iotboot::config
