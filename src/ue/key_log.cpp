#include "ue/key_log.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "config/yaml.hpp"
#include "core/hex.hpp"
#include "crypto/bootstrap_keys.hpp"

namespace iotboot::ue {

KeyLog::KeyLog(const std::string& path) {
  try {
    out_ = std::make_unique<PrivateFile>(path, PrivateFile::Mode::append);
  } catch (const PrivateFileError& e) {
    throw config::ConfigError(std::string("key log: ") + e.what());
  }
  if (out_->note()) spdlog::warn("{}", *out_->note());
}

void KeyLog::write(const std::string& imsi, const AttachOutcome& attach,
                   const std::vector<ApplicationServerAddress>& servers) {
  if (!out_ || !attach.guti) return;
  auto guti = attach.guti->text();
  nlohmann::json j{{"imsi", imsi},
                   {"guti", guti ? guti.value() : std::string()},
                   {"rand", to_hex(attach.rand)},
                   {"ck", reveal_hex(attach.ck)},
                   {"ik", reveal_hex(attach.ik)},
                   {"kasme", reveal_hex(attach.kasme)},
                   {"ks", reveal_hex(attach.ks)}};
  nlohmann::json per_as = nlohmann::json::object();
  for (const ApplicationServerAddress& as : servers) per_as[as.id] = reveal_hex(crypto::derive_ks_as(attach.ks, as.id));
  j["ksAs"] = std::move(per_as);
  std::string line = j.dump();
  line += '\n';
  out_->write(line);
  secure_wipe(line.data(), line.size());
}

}  // namespace iotboot::ue
