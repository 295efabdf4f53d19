// Typed values of command-line flags. Each parser throws UsageError naming the flag.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/hex.hpp"
#include "core/plmn.hpp"
#include "core/secret.hpp"
#include "core/secret_text.hpp"
#include "crypto/kek_source.hpp"
#include "crypto/types.hpp"
#include "provisioning/bootstrap_mode.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {

template <std::size_t N>
Bytes<N> hex_value(std::string_view flag, std::string_view text) {
  Bytes<N> out;
  if (auto why = parse_hex_exact(text, out)) throw UsageError(std::string(flag), *why);
  return out;
}

// The text of a key flag: the hex itself, or "@FILE" (its first line) or "@-" (the next line of
// standard input), so that a key need not appear on the command line (and in `ps`). Read
// buffers are wiped.
SecretText secret_text_value(std::string_view flag, std::string_view text);

template <std::size_t N>
Secret<N> secret_value(std::string_view flag, std::string_view text) {
  const SecretText hex = secret_text_value(flag, text);
  Secret<N> out;
  if (auto why = parse_hex_exact(hex, MutableByteView(out.data(), N))) throw UsageError(std::string(flag), *why);
  return out;
}

crypto::Sqn sqn_value(std::string_view flag, std::string_view text);
Plmn plmn_value(std::string_view flag, std::string_view text);
std::string fqdn_value(std::string_view flag, std::string_view text);
provisioning::BootstrapMode bootstrap_mode_value(std::string_view flag, std::string_view text);

// --kek-file (PATH or ID=PATH,ID=PATH,..., the first current), else the environment's
// (IOTBOOT_KEK_FILE, IOTBOOT_KEK); nullptr when none is given. A refused file is a KekError.
std::shared_ptr<const crypto::KeyRing> kek_file_value(std::string_view text);

}  // namespace iotboot::cli
