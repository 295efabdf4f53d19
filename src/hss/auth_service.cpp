#include "hss/auth_service.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include "crypto/auts.hpp"
#include "crypto/random.hpp"
#include "crypto/sqn.hpp"
#include "store/sqlite.hpp"

namespace iotboot::hss {

AuthService::AuthService(std::unique_ptr<SubscriberStore> store, std::size_t max_batch)
    : store_(std::move(store)), queue_([this](std::vector<Job>& batch) { process(batch); }, max_batch) {}

namespace {

// What the transaction decided for one job, before the vectors are computed.
struct Plan {
  AuthStatus status = AuthStatus::store_unavailable;
  std::optional<Subscriber> subscriber;
  std::vector<crypto::Sqn> sqns;
};

Plan plan(SubscriberStore& store, const AuthRequest& r) {
  Plan p;
  p.subscriber = store.find(r.imsi);
  if (!p.subscriber) {
    p.status = AuthStatus::unknown_user;
    return p;
  }
  Subscriber& s = *p.subscriber;
  if (!crypto::has_separation_bit(s.amf)) {  // provisioning refuses it; a store may hold one from before
    p.status = AuthStatus::amf_not_eutran;
    return p;
  }
  crypto::Sqn he = s.sqn;
  if (r.resync) {
    crypto::Rand rand;
    crypto::Auts auts;
    std::memcpy(rand.data(), r.resync->data(), 16);
    std::memcpy(auts.data(), r.resync->data() + 16, 14);
    const crypto::AutsCheck check = crypto::verify_auts(s.k, s.opc, rand, auts);
    if (!check.mac_s_valid) {
      p.status = AuthStatus::resync_failed;
      return p;
    }
    he = crypto::sqn_after_resync(he, check.sqn_ms, s.ind_bits);
  }
  for (unsigned i = 0; i < r.vectors; ++i) {
    he = crypto::next_sqn(he, s.ind_bits);
    p.sqns.push_back(he);
  }
  store.set_sqn(r.imsi, he);
  p.status = AuthStatus::ok;
  return p;
}

}  // namespace

void AuthService::process(std::vector<Job>& batch) {
  std::vector<Plan> plans(batch.size());
  try {
    auto tx = store_->begin();
    for (std::size_t i = 0; i < batch.size(); ++i) plans[i] = plan(*store_, batch[i].request);
    tx->commit();  // durable before any vector leaves
  } catch (const std::exception& e) {
    spdlog::error("[hss] subscriber store: {}", e.what());
    for (Plan& p : plans) p = Plan{};
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    AuthOutcome out;
    out.status = plans[i].status;
    if (out.status == AuthStatus::ok) {
      const Subscriber& s = *plans[i].subscriber;
      out.bootstrap = s.bootstrap;
      out.scef_id = s.scef_id;
      out.sqns = plans[i].sqns;
      try {
        for (crypto::Sqn sqn : plans[i].sqns) {
          crypto::Rand rand;
          crypto::random_bytes(rand);
          out.vectors.push_back(
              crypto::build_auth_vector(s.k, s.opc, rand, sqn, s.amf, batch[i].request.serving_network));
        }
      } catch (const std::exception& e) {
        // The SQNs stay consumed: skipping SQNs is harmless, reusing them is not.
        spdlog::error("[hss] vector generation: {}", e.what());
        out = AuthOutcome{};
      }
    }
    batch[i].done->complete(std::move(out));
  }
}

}  // namespace iotboot::hss
