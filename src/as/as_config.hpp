#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "as/source_ban.hpp"
#include "as/upstream_config.hpp"
#include "config/yaml.hpp"

namespace iotboot::as {

// One SCEF's Key API: where it listens and the name its certificate must carry.
struct ScefEndpoint {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;
  std::string host = "scef.iotboot.test";
};

struct AsConfig {
  std::string id = "as1.example.com";  // AS_ID: the FQDN Ks_AS is derived for
  std::string coap_address = "127.0.0.1";
  std::uint16_t coap_port = 5684;
  // `scef:` one endpoint, or a list: a pool of SCEFs on one store, asked in turn when one cannot
  // be reached or answers 503 (docs/bootstrap.md).
  std::vector<ScefEndpoint> scef{ScefEndpoint{}};
  std::string certificate;  // this AS's client certificate (its DNS subjectAltName is `id`)
  std::string private_key;
  std::string ca;
  std::chrono::milliseconds key_fetch_timeout{1000};
  std::chrono::milliseconds handshake_timeout{2000};  // from the PSK lookup to the Finished
  unsigned max_handshakes = 4096;                     // DTLS handshakes in progress at once
  std::chrono::seconds session_idle{60};              // an idle DTLS session is closed after this
  std::size_t key_cache_entries = 100000;             // Ks_AS kept (oldest dropped first when full)
  std::chrono::milliseconds refusal_cache{5000};      // a GUTI the SCEF refused is not asked again for this long
  std::size_t refusal_cache_entries = 10000;
  // Key API fetches (cache misses) per DTLS client address: per second and burst (0: no limit).
  // A client over it gets no key, so its made-up GUTIs do not reach the SCEF.
  double fetches_per_client_per_s = 0;
  double fetch_burst_per_client = 0;
  // `coap.source_ban`: a client address refused this often is dropped in the kernel for a while.
  SourceBan::Limits source_ban;
  // `upstream`: forward every device request to this HTTP backend (the gateway); none: the
  // AS answers POST /app itself.
  std::optional<UpstreamConfig> upstream;
};

AsConfig parse_as_config(const YAML::Node& doc);

}  // namespace iotboot::as
