#include "scef/t6a_client.hpp"

#include <spdlog/spdlog.h>

#include "diameter/apps/t6a.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::scef {

using namespace diameter;

namespace {

LookupError refusal(const AnswerOrigin& o) {
  if (!o.experimental_result) return LookupError::mme_unreachable;
  const ExperimentalResult& e = *o.experimental_result;
  if (e.vendor_id == kVendor3gpp && e.code == result::kErrorUserUnknown) return LookupError::unknown_guti;
  if (e.vendor_id == kVendorIotboot) {
    switch (e.code) {
      case result::kIotNoKey: return LookupError::no_key;
      case result::kIotUeDetached: return LookupError::detached;
      case result::kIotKeyExpired: return LookupError::expired;
      default: break;
    }
  }
  return LookupError::mme_unreachable;
}

}  // namespace

asio::awaitable<Result<KeyLookup, LookupError>> fetch_ks(NodeRef node, MmeRoute mme, Bytes<10> guti,
                                                         std::chrono::milliseconds timeout, std::int64_t now) {
  const std::string sid = node.new_session_id();
  t6a::Cir cir;  // its routing AVPs are views of `sid` and `mme`
  cir.routing = node.routing(sid, mme.realm, std::string_view(mme.host));
  cir.guti = guti;
  const RequestResult r = co_await node.request(cir, timeout);
  if (!r.ok()) {
    spdlog::warn("[scef] T6a CIR to {}: {}", mme.host, to_string(r.error()));
    co_return LookupError::mme_unreachable;
  }
  auto cia = t6a::Cia::decode(r->view());
  if (!cia.ok()) {
    spdlog::warn("[scef] T6a CIA from {} refused: {}", mme.host, cia.error().message);
    co_return LookupError::mme_unreachable;
  }
  if (!cia->origin.succeeded()) {
    const LookupError e = refusal(cia->origin);
    if (e == LookupError::mme_unreachable) {
      spdlog::warn("[scef] T6a CIA from {}: result {} exp {}", mme.host, cia->origin.result_code.value_or(0),
                   cia->origin.experimental_result ? cia->origin.experimental_result->code : 0);
    }
    co_return e;
  }
  co_return KeyLookup{std::move(*cia->ks), now + static_cast<std::int64_t>(*cia->ks_lifetime_s),
                      std::string(*cia->user_name), std::nullopt};
}

}  // namespace iotboot::scef
