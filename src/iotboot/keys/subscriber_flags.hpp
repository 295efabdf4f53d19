// The flags naming a subscriber's long-term keys: --k and exactly one of --op, --opc, each the
// hex or @FILE / @- (see secret_value).
#pragma once

#include <optional>
#include <string>

#include "core/secret.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace iotboot::cli {

class SubscriberFlags {
 public:
  void add_to(CLI::App& sub);
  Key128 k() const;
  // OPc as given, or derived from OP.
  Key128 opc() const;

 private:
  std::string k_, op_, opc_;
  mutable std::optional<Key128> k_value_;  // read once (it may come from standard input)
  CLI::Option* op_opt_ = nullptr;
  CLI::Option* opc_opt_ = nullptr;
};

}  // namespace iotboot::cli
