#include "config/yaml.hpp"

#include "core/fqdn.hpp"

namespace iotboot::config {

YAML::Node load_file(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw ConfigError(path + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Section Section::section(const char* key, bool required) const {
  const YAML::Node n = node_.IsMap() ? node_[key] : YAML::Node();
  if (!n) {
    if (required) throw ConfigError(path(key) + ": missing section");
    return Section(YAML::Node(YAML::NodeType::Map), path(key));
  }
  if (!n.IsMap()) throw ConfigError(path(key) + ": must be a map");
  return Section(n, path(key));
}

std::string Section::required_text(const char* key) const {
  const std::string v = text(key, "");
  if (v.empty()) throw ConfigError(path(key) + ": required");
  return v;
}

std::string Section::identity(const char* key) const {
  const std::string v = required_text(key);
  if (auto why = check_fqdn(v)) throw ConfigError(path(key) + ": not a valid Diameter identity: " + *why);
  return v;
}

template <typename T>
T Section::scalar(const char* key, T fallback) const {
  if (!has(key)) return fallback;
  try {
    return node_[key].as<T>();
  } catch (const YAML::Exception&) {
    throw ConfigError(path(key) + ": wrong type");
  }
}

long Section::integer(const char* key, long fallback, long min, long max) const {
  const long v = scalar<long>(key, fallback);
  if (v < min || v > max) {
    throw ConfigError(path(key) + ": must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

std::string Section::text(const char* key, const std::string& fallback) const {
  return scalar<std::string>(key, fallback);
}

bool Section::flag(const char* key, bool fallback) const { return scalar<bool>(key, fallback); }

std::uint16_t Section::port(const char* key, std::uint16_t fallback) const {
  const long v = scalar<long>(key, fallback);
  if (v < 0 || v > 65535) throw ConfigError(path(key) + ": not a port number");
  return static_cast<std::uint16_t>(v);
}

std::chrono::milliseconds Section::millis(const char* key, std::chrono::milliseconds fallback) const {
  const long v = scalar<long>(key, static_cast<long>(fallback.count()));
  if (v <= 0) throw ConfigError(path(key) + ": must be positive");
  return std::chrono::milliseconds(v);
}

}  // namespace iotboot::config
