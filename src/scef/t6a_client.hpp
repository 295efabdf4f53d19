// T6a at the SCEF, pull mode (solution #11, inside seed step 14): the Ks of a GUTI fetched from
// the MME that allocated it, in a Configuration-Information-Request (docs/diameter.md).
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "core/result.hpp"
#include "diameter/node/node.hpp"
#include "scef/key_lookup.hpp"
#include "scef/mme_directory.hpp"

namespace iotboot::scef {

// The key and when it expires (now + the lifetime the MME gave), or why there is none: the
// MME's refusal as a LookupError, or mme_unreachable when no usable answer came in `timeout`.
boost::asio::awaitable<Result<KeyLookup, LookupError>> fetch_ks(diameter::NodeRef node, MmeRoute mme, Bytes<10> guti,
                                                                std::chrono::milliseconds timeout, std::int64_t now);

}  // namespace iotboot::scef
