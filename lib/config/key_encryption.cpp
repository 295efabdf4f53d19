#include "config/key_encryption.hpp"

#include <spdlog/spdlog.h>

namespace iotboot::config {

std::optional<crypto::KekSettings> key_encryption(const Section& nf) {
  if (!nf.has("key_encryption")) return std::nullopt;
  const Section s = nf.section("key_encryption");
  crypto::KekSettings out;
  out.origin = s.path("kek_file");
  if (s.has("kek_file") == s.has("keks")) throw ConfigError(s.path("kek_file") + ": give kek_file or keks (one)");
  if (s.has("kek_file")) {
    out.files.push_back({1, s.required_text("kek_file")});
    return out;
  }
  const YAML::Node list = s.node()["keks"];
  out.origin = s.path("keks");
  if (!list.IsSequence() || list.size() == 0) throw ConfigError(out.origin + ": must be a list of {id, file}");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Section k(list[i], out.origin + "[" + std::to_string(i) + "]");
    out.files.push_back({static_cast<std::uint32_t>(k.integer("id", 0, 1, 0x7fffffff)), k.required_text("file")});
  }
  if (!s.has("current")) throw ConfigError(s.path("current") + ": required with keks");
  out.current = static_cast<std::uint32_t>(s.integer("current", 0, 1, 0x7fffffff));
  return out;
}

std::shared_ptr<const crypto::KeyRing> nf_key_ring(const std::optional<crypto::KekSettings>& configured,
                                                   std::string_view nf) {
  auto ring = crypto::key_ring_for(configured);
  if (!ring) {
    spdlog::warn("[{}] no key-encryption key ({}.key_encryption, IOTBOOT_KEK_FILE): keys are stored in plaintext", nf,
                 nf);
  }
  return ring;
}

}  // namespace iotboot::config
