// Typed reads from YAML configuration with errors that name the key ("hss.max_vectors: ...").
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <yaml-cpp/yaml.h>

namespace iotboot::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads a file; a missing file or a YAML syntax error is a ConfigError naming the file.
YAML::Node load_file(const std::string& path);

// A section (map) by key; `required` sections throw when absent.
class Section {
 public:
  Section(YAML::Node node, std::string path) : node_(std::move(node)), path_(std::move(path)) {}
  static Section root(const YAML::Node& doc) { return Section(doc, ""); }

  bool has(const char* key) const { return node_.IsMap() && node_[key]; }
  Section section(const char* key, bool required = true) const;
  const YAML::Node& node() const noexcept { return node_; }
  std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  std::string text(const char* key, const std::string& fallback) const;
  std::string required_text(const char* key) const;
  std::string identity(const char* key) const;  // a required FQDN
  long integer(const char* key, long fallback, long min, long max) const;
  bool flag(const char* key, bool fallback) const;
  std::uint16_t port(const char* key, std::uint16_t fallback) const;
  std::chrono::milliseconds millis(const char* key, std::chrono::milliseconds fallback) const;

 private:
  // The value at key as T, or fallback when absent; "wrong type" when it is not a T.
  template <typename T>
  T scalar(const char* key, T fallback) const;

  YAML::Node node_;
  std::string path_;
};

}  // namespace iotboot::config
