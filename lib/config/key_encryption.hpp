// The `key_encryption:` section of the HSS's and SCEF's configurations (docs/storage.md, "Keys
// at rest"):
//
//   key_encryption: {kek_file: PATH}                      # one KEK, id 1
//   key_encryption:                                       # several, while rotating
//     current: 2
//     keks: [{id: 2, file: var/kek2}, {id: 1, file: var/kek1}]
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "config/yaml.hpp"
#include "crypto/kek_source.hpp"

namespace iotboot::config {

// nullopt without the section (the environment may then give a KEK: crypto::key_ring_for).
std::optional<crypto::KekSettings> key_encryption(const Section& nf);

// The KEKs an NF seals its keys under: the configured ones, else the environment's (KekError
// when a file is refused). Without any, a warning in the log says that `nf` stores its keys in
// plaintext, and nullptr.
std::shared_ptr<const crypto::KeyRing> nf_key_ring(const std::optional<crypto::KekSettings>& configured,
                                                   std::string_view nf);

}  // namespace iotboot::config
