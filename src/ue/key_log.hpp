// The lab key log: one JSON line per bootstrapped UE with its identities and every key of its
// hierarchy in full (CK, IK, KASME, Ks, and Ks_AS per AS). Like SSLKEYLOGFILE it exists so
// stock tools can join in (coap-client needs the GUTI and Ks_AS) and so tests can check that
// no log holds any of these keys. Written only when asked for (`iotboot ue --key-log FILE`).
#pragma once

#include <memory>
#include <string>

#include "core/private_file.hpp"

#include "ue/bootstrap.hpp"
#include "ue/ue_session.hpp"

namespace iotboot::ue {

class KeyLog {
 public:
  KeyLog() = default;
  // Appends to `path`, a file of mode 0600 (narrowed if it was wider); throws ConfigError when
  // it cannot.
  explicit KeyLog(const std::string& path);
  explicit operator bool() const { return out_ != nullptr; }
  void write(const std::string& imsi, const AttachOutcome& attach,
             const std::vector<ApplicationServerAddress>& servers);

 private:
  std::unique_ptr<PrivateFile> out_;
};

}  // namespace iotboot::ue
