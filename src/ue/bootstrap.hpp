// Seed steps 11-16 at the UE, after an attach: Ks (already in the AttachOutcome), then for each
// configured AS its Ks_AS and one Application Request/Response over CoAP/DTLS-PSK.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "ue/ua_client.hpp"
#include "ue/ue_session.hpp"

namespace iotboot::ue {

struct AsExchange {
  std::string as_id;
  std::string ks_as_masked;  // first 4 hex digits, for the sequence diagram
  std::string request;
  UaResult result;
};

struct BootstrapOutcome {
  std::string guti;  // the PSK identity
  std::vector<AsExchange> exchanges;
  unsigned retried = 0;         // exchanges tried again, at the next instance of the AS
  bool ok() const;              // every AS answered 2.04 naming the GUTI
  std::string failure() const;  // the first failure, "as1.example.com: DTLS handshake timeout"
};

// payload: the Application Request's body. pick: which instance of each AS to try first (the
// UE's number spreads UEs over them); after a failed exchange the next instance is tried, each
// instance ua.settings().attempts times in all.
asio::awaitable<BootstrapOutcome> bootstrap(UaClient& ua, const std::vector<ApplicationServerAddress>& servers,
                                            const AttachOutcome& attach, std::string payload, std::size_t pick = 0);

}  // namespace iotboot::ue
