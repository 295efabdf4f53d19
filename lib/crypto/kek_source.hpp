// Where the key-encryption keys come from: files of 64 hex digits readable by their owner only,
// named by an NF's `key_encryption:` section, by --kek-file, or by the environment
// (IOTBOOT_KEK_FILE; IOTBOOT_KEK holding the hex itself).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/key_wrap.hpp"

namespace iotboot::crypto {

// One line naming the setting or the file and what is wrong with it; never a key.
class KekError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KekFile {
  std::uint32_t id = 1;
  std::filesystem::path path;
};

struct KekSettings {
  std::vector<KekFile> files;
  std::uint32_t current = 1;  // the id new values are sealed under
  std::string origin;         // the setting they came from, for errors
};

// "PATH" (id 1) or "ID=PATH,ID=PATH,...", the first the current one: --kek-file and
// IOTBOOT_KEK_FILE.
KekSettings parse_kek_file_list(std::string_view list, std::string origin);

// A KEK file: 64 hex digits (a final newline allowed). Refused when group or others may access
// it, when it is not a regular file, or a symbolic link.
Kek read_kek_file(const std::filesystem::path& path);
// The same for any 256-bit secret kept in such a file; `kind` names it in errors.
Key256 read_key_file(const std::filesystem::path& path, std::string_view kind);

std::shared_ptr<const KeyRing> load_key_ring(const KekSettings& settings);

// The settings from the environment: IOTBOOT_KEK_FILE, or IOTBOOT_KEK (64 hex digits, id 1;
// removed from the environment once read). nullptr when neither is set.
std::shared_ptr<const KeyRing> key_ring_from_environment();

// The configured settings if any, else the environment's (nullptr: no KEK at all).
std::shared_ptr<const KeyRing> key_ring_for(const std::optional<KekSettings>& configured);

// Writes a new random KEK to `path` (created 0600; refuses a symbolic link or an existing file).
void write_new_kek_file(const std::filesystem::path& path);

// What a store says when it holds sealed keys and no KEK was given.
inline constexpr std::string_view kNoKekHint =
    "no key-encryption key is configured (set key_encryption.kek_file in the NF's configuration, "
    "--kek-file, or IOTBOOT_KEK_FILE)";

}  // namespace iotboot::crypto
