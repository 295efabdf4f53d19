#include "ue/key_log.hpp"

#include <nlohmann/json.hpp>

#include "config/yaml.hpp"
#include "core/hex.hpp"
#include "crypto/bootstrap_keys.hpp"

namespace iotboot::ue {

KeyLog::KeyLog(const std::string& path) : out_(path, std::ios::app) {
  if (!out_) throw config::ConfigError(path + ": cannot write the key log");
}

void KeyLog::write(const std::string& imsi, const AttachOutcome& attach,
                   const std::vector<ApplicationServerAddress>& servers) {
  if (!out_.is_open() || !attach.guti) return;
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
  out_ << j.dump() << '\n';
  out_.flush();
}

}  // namespace iotboot::ue
