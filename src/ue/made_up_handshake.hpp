// Seed step 12 as a flood does it: a DTLS handshake opened with a made-up GUTI as the PSK
// identity, just far enough for the AS to look the identity up (ClientHello, the cookie's
// round trip, ClientKeyExchange), written without a DTLS stack. It costs the client a few
// datagrams and no cryptography, so one core offers the AS thousands a second: what
// `iotboot ue --made-up-gutis` sends, and what the AS's negative cache, fetch limit and source
// ban must absorb.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <string>

#include "ue/ua_client.hpp"

namespace iotboot::ue {

// Never ok. `failure` is the AS's alert ("unknown_psk_identity": refused at the lookup) or where
// it fell silent ("no answer to the ClientHello": dropped, as a banned address's datagrams are);
// `handshake_ms` the time to the alert. From settings.source_address, within settings.timeout.
// `guti` by value: the coroutine keeps its own copy across its suspensions.
asio::awaitable<UaResult> offer_made_up_identity(asio::io_context& io, const UaSettings& settings, const AsEndpoint& as,
                                                 std::string guti);

}  // namespace iotboot::ue
