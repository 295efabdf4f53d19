#include "ue/bootstrap.hpp"

#include "core/hex.hpp"
#include "crypto/bootstrap_keys.hpp"

namespace iotboot::ue {

bool BootstrapOutcome::ok() const { return failure().empty(); }

std::string BootstrapOutcome::failure() const {
  if (guti.empty()) return "no GUTI";
  for (const AsExchange& e : exchanges) {
    if (!e.result.ok) return e.as_id + ": " + e.result.failure;
    if (e.result.response.find(guti) == std::string::npos) return e.as_id + ": answer does not name the GUTI";
  }
  return {};
}

asio::awaitable<BootstrapOutcome> bootstrap(UaClient& ua, const std::vector<ApplicationServerAddress>& servers,
                                            const AttachOutcome& attach, std::string payload, std::size_t pick) {
  BootstrapOutcome out;
  if (!attach.guti) co_return out;
  auto text = attach.guti->text();
  if (!text) co_return out;
  out.guti = std::move(text.value());
  for (const ApplicationServerAddress& as : servers) {
    const Key256 ks_as = crypto::derive_ks_as(attach.ks, as.id);  // seed step 14 at the UE
    AsExchange e;
    e.as_id = as.id;
    e.ks_as_masked = masked_hex(ks_as);
    e.request = payload;
    const std::size_t n = as.endpoints.size();
    for (std::size_t k = 0; k < n * ua.settings().attempts; ++k) {
      if (k > 0) ++out.retried;
      e.result = co_await ua.exchange(as.endpoints[(pick + k) % n], out.guti, ks_as, payload);
      if (e.result.ok) break;
    }
    out.exchanges.push_back(std::move(e));
    if (!out.exchanges.back().result.ok) break;
  }
  co_return out;
}

}  // namespace iotboot::ue
