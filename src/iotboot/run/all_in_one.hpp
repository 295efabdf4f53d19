// `iotboot run` (what `make run` runs): the whole system in one process on loopback. It makes
// a work directory (certificates, SQLite databases, N bootstrapping subscribers: push mode,
// pull mode, or alternately one and the other), starts the SCEF, HSS, MME and two ASs, drives N
// UEs through the 16 steps with a progress bar, then prints the bootstrap of one UE of each
// mode as a sequence diagram and the load driver's summary, ending with its RESULT line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace iotboot::cli {

struct RunOptions {
  std::string dir = "var";
  std::size_t ues = 1000;
  std::size_t concurrency = 100;
  std::string log_level = "warn";
  std::string mode = "both";  // push, pull, or both (odd IMSIs push, even ones pull)
  bool diameter_tls = true;   // Diameter over TLS between the HSS, SCEF and MME (else plaintext TCP)
  // The operations listener (/metrics, /healthz, /readyz) of the whole process while it runs;
  // port 0: none.
  std::string metrics_address = "127.0.0.1";
  std::uint16_t metrics_port = 0;
};

// 0 when every UE bootstrapped.
int run_all_in_one(const RunOptions& options);

// `iotboot run --write-configs DIR`: the lab network's configurations as files, on ports free
// at that moment (the benchmark scripts run the NFs as processes from them).
struct WriteConfigsOptions {
  std::size_t hss = 1, scef = 1, mme = 1, as = 2;
  std::size_t as_instances = 1;  // processes serving each AS_ID
  std::string log_level = "warn";
  std::string postgres;         // a postgresql:// URI for every HSS and SCEF instead of SQLite files
  bool plaintext_keys = false;  // no KEK: K, OPc and Ks stored in plaintext (a benchmark's baseline)
  bool diameter_tls = false;    // certificates: `iotboot certs --diameter-id` for each Origin-Host
};
int write_configs(const std::string& dir, const WriteConfigsOptions& options);

}  // namespace iotboot::cli
