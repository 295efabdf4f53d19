// The subscriber file shared by provisioning (`iotboot subscriber import`) and the UE simulator
// (`iotboot ue --subscribers`): one line per USIM,
//   imsi,k,opc,amf,sqn,bootstrap      (or with "op" instead of "opc" in the header)
// with an optional header line naming the columns. Hex fields in either case; sqn is the
// 12-hex-digit SQN the HSS starts from; bootstrap is the subscriber's bootstrapping mode: off,
// push, pull or default (the HSS's), with 0/false for off and 1/true for push as well.
#pragma once

#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "crypto/types.hpp"
#include "provisioning/bootstrap_mode.hpp"

namespace iotboot::provisioning {

struct SubscriberCredentials {
  std::string imsi;
  Key128 k;
  Key128 opc;  // OP lines are converted to OPc when read
  crypto::Amf amf{0x80, 0x00};
  crypto::Sqn sqn;
  BootstrapMode bootstrap = BootstrapMode::hss_default;
};

// Reads every line; the first bad line fails the whole read with "line N: <field>: <problem>"
// (never quoting a key). Every buffer that held the text is wiped.
Result<std::vector<SubscriberCredentials>> read_subscribers(std::string_view csv);
Result<std::vector<SubscriberCredentials>> read_subscribers(std::istream& in);
// The file at `path`; a file others may read is narrowed to 0600 first, and *note says so.
Result<std::vector<SubscriberCredentials>> read_subscribers_file(const std::filesystem::path& path,
                                                                 std::optional<std::string>* note = nullptr);

// Writes a header and one line per subscriber (with OPc), wiping each line after it.
void write_subscribers(std::ostream& out, const std::vector<SubscriberCredentials>& subscribers);
// Writes them to a file of mode 0600 (created, or narrowed); returns the narrowing note, if any.
// Throws PrivateFileError.
std::optional<std::string> write_subscribers_file(const std::filesystem::path& path,
                                                  const std::vector<SubscriberCredentials>& subscribers);

// `count` subscribers with random K and OPc and consecutive IMSIs from `first_imsi`.
std::vector<SubscriberCredentials> generate_subscribers(const std::string& first_imsi, std::size_t count,
                                                        BootstrapMode bootstrap);

}  // namespace iotboot::provisioning
