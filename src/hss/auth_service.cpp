#include "hss/auth_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>

#include "crypto/auts.hpp"
#include "crypto/random.hpp"
#include "crypto/sqn.hpp"

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

// Allocates r's SQNs from s (locked, and already advanced by earlier jobs of the batch).
Plan plan(Subscriber& s, const AuthRequest& r) {
  Plan p;
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
  s.sqn = he;
  p.subscriber = s;
  p.status = AuthStatus::ok;
  return p;
}

// One transaction for the batch: lock every subscriber it names, allocate in arrival order,
// write each changed SQN_HE once, commit. Nothing is answered before the commit.
std::vector<Plan> plan_batch(SubscriberStore& store, const std::vector<const AuthRequest*>& requests) {
  std::vector<std::string> imsis;
  for (const AuthRequest* r : requests) imsis.push_back(r->imsi);
  std::sort(imsis.begin(), imsis.end());
  imsis.erase(std::unique(imsis.begin(), imsis.end()), imsis.end());
  std::vector<Plan> plans(requests.size());
  auto tx = store.begin();
  std::map<std::string, Subscriber, std::less<>> locked;
  for (Subscriber& s : store.lock(imsis)) locked.emplace(s.imsi, std::move(s));
  std::map<std::string, crypto::Sqn, std::less<>> changed;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto s = locked.find(requests[i]->imsi);
    if (s == locked.end()) {
      plans[i].status = AuthStatus::unknown_user;
      continue;
    }
    plans[i] = plan(s->second, *requests[i]);
    if (plans[i].status == AuthStatus::ok) changed[s->first] = s->second.sqn;
  }
  std::vector<SubscriberStore::SqnUpdate> updates;
  for (const auto& [imsi, sqn] : changed) updates.push_back({imsi, sqn});
  if (!updates.empty()) store.set_sqns(updates);
  tx->commit();  // durable before any vector leaves
  return plans;
}

}  // namespace

void AuthService::process(std::vector<Job>& batch) {
  std::vector<Plan> plans(batch.size());
  const auto began = std::chrono::steady_clock::now();
  bool committed = true;
  try {
    std::vector<const AuthRequest*> requests;
    for (const Job& job : batch) requests.push_back(&job.request);
    plans = plan_batch(*store_, requests);
  } catch (const std::exception& e) {
    spdlog::error("[hss] subscriber store: {}", e.what());
    for (Plan& p : plans) p = Plan{};
    committed = false;
  }
  commits_.record(batch.size(), std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(),
                  committed);
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
