#include "keys/subscriber_flags.hpp"

#include <CLI/CLI.hpp>

#include "crypto/milenage.hpp"
#include "flag_values.hpp"

namespace iotboot::cli {

void SubscriberFlags::add_to(CLI::App& sub) {
  sub.add_option("--k", k_, "subscriber key K (32 hex digits, or @FILE, or @- for a line of standard input)")
      ->required();
  op_opt_ = sub.add_option("--op", op_, "operator variant OP (32 hex digits, @FILE or @-)");
  opc_opt_ = sub.add_option("--opc", opc_, "OPc (32 hex digits, @FILE or @-)");
  op_opt_->excludes(opc_opt_);
}

Key128 SubscriberFlags::k() const {
  if (!k_value_) k_value_ = secret_value<16>("--k", k_);
  return *k_value_;
}

Key128 SubscriberFlags::opc() const {
  if (op_opt_->count() == 0 && opc_opt_->count() == 0) throw UsageError("--op/--opc", "one of them is required");
  const Key128 key = k();  // first: with @- twice, K is the first line
  if (opc_opt_->count() > 0) return secret_value<16>("--opc", opc_);
  return crypto::derive_opc(key, secret_value<16>("--op", op_));
}

}  // namespace iotboot::cli
