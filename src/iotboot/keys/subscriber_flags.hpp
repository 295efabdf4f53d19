// The flags naming a subscriber's long-term keys: --k and exactly one of --op, --opc.
#pragma once

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
  CLI::Option* op_opt_ = nullptr;
  CLI::Option* opc_opt_ = nullptr;
};

}  // namespace iotboot::cli
