#include "ue/load_driver.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <random>

#include <spdlog/spdlog.h>

#include "config/logging.hpp"
#include "core/hex.hpp"
#include "crypto/random.hpp"
#include "ue/bootstrap.hpp"
#include "ue/key_log.hpp"
#include "ue/made_up_handshake.hpp"
#include "ue/ue_session.hpp"

namespace iotboot::ue {
namespace {

using Clock = std::chrono::steady_clock;

struct SimulatedUe {
  std::unique_ptr<Usim> usim;
  std::unique_ptr<UeSession> session;
  unsigned attaches = 0;
  bool busy = false;
};

struct Run {
  asio::io_context& io;
  const UeConfig& config;
  const LoadOptions& options;
  std::vector<SimulatedUe> ues;
  std::vector<std::vector<std::shared_ptr<net::S1liteConnection>>> connections;  // by MME of the pool
  std::vector<Clock::time_point> reconnect_at;                                   // by MME: not tried again before
  std::vector<bool> reconnecting;
  LoadReport report;
  std::size_t next_job = 0;
  std::minstd_rand spread{std::random_device{}()};  // picks an MME for a UE without a GUTI
  std::size_t done = 0;
  Clock::time_point start;
  std::ofstream sqn_log;
  KeyLog key_log;
  std::unique_ptr<UaClient> ua;
};

// A device's pause before it tries again, doubling with each attempt (1, 2, 4 s...: a short
// stand-in for T3411's 10 s, long enough to outlast a database failover).
constexpr auto kRetryBackoff = std::chrono::milliseconds(1000);

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

void fail(Run& run, const std::string& why) {
  ++run.report.failed;
  ++run.report.failures[why];
}

BootstrapTrace make_trace(const std::string& imsi, const AttachOutcome& a, double attach_ms,
                          const BootstrapOutcome& b) {
  BootstrapTrace t;
  t.imsi = imsi;
  t.guti = b.guti;
  t.rand = to_hex(a.rand);
  t.autn = to_hex(a.autn);
  t.res = to_hex(a.res);
  t.ck = masked_hex(a.ck);
  t.ik = masked_hex(a.ik);
  t.kasme = masked_hex(a.kasme);
  t.ks = masked_hex(a.ks);
  t.attach_ms = attach_ms;
  t.exchanges = b.exchanges;
  return t;
}

using Connections = std::vector<std::shared_ptr<net::S1liteConnection>>;

// The S1-lite connections to MME m of the pool; throws when it cannot be reached.
asio::awaitable<Connections> connect_mme(Run& run, std::size_t m) {
  const MmeAddress& mme = run.config.mmes[m];
  Connections pool;
  for (unsigned i = 0; i < run.config.connections; ++i) {
    pool.push_back(co_await net::s1lite_connect(
        mme.address, mme.port,
        [&run](net::S1liteConnection&, std::uint32_t stream, ByteView pdu) {
          if (stream >= 1 && stream <= run.ues.size()) run.ues[stream - 1].session->deliver(pdu);
        },
        nullptr));
  }
  co_return pool;
}

// An MME with no open connection is tried again at most once a second, as an eNodeB retries
// its S1 setup: an MME that comes back takes UEs again.
void reconnect_later(Run& run, std::size_t m) {
  const auto now = Clock::now();
  if (run.reconnecting[m] || now < run.reconnect_at[m]) return;
  run.reconnecting[m] = true;
  run.reconnect_at[m] = now + std::chrono::seconds(1);
  asio::co_spawn(
      run.io,
      [&run, m]() -> asio::awaitable<void> {
        try {
          Connections pool = co_await connect_mme(run, m);
          for (auto& c : run.connections[m]) c->close();
          run.connections[m] = std::move(pool);
        } catch (const std::exception&) {
          // still gone: the next selection that finds it closed tries again
        }
        run.reconnecting[m] = false;
      },
      asio::detached);
}

// NAS node selection, as the eNodeB does it (TS 23.401 §4.3.7.3): a UE identifying with a
// GUTI goes to the MME of the pool whose code the GUTI carries; a UE without one, or whose MME
// is gone, to one of the others at random. nullptr: no MME is reachable.
std::shared_ptr<net::S1liteConnection> select_mme(Run& run, std::size_t ue, const std::optional<nas::Guti>& guti) {
  auto open_one = [&](std::size_t m) -> std::shared_ptr<net::S1liteConnection> {
    const auto& pool = run.connections[m];
    for (std::size_t k = 0; k < pool.size(); ++k) {
      const auto& c = pool[(ue + k) % pool.size()];
      if (c->is_open()) return c;
    }
    reconnect_later(run, m);
    return nullptr;
  };
  const std::size_t n = run.connections.size();
  if (guti) {
    for (std::size_t m = 0; m < n; ++m) {
      if (run.config.mmes[m].code == guti->mme_code) {
        if (auto c = open_one(m)) return c;
      }
    }
  }
  const std::size_t turn = run.spread();
  for (std::size_t k = 0; k < n; ++k) {
    if (auto c = open_one((turn + k) % n)) return c;
  }
  return nullptr;
}

// Seed steps 11-16 for one attached UE; empty when every AS answered, else why not.
asio::awaitable<std::string> bootstrap_ue(Run& run, SimulatedUe& ue, const AttachOutcome& out, std::size_t job,
                                          Clock::time_point t0, double attach_ms) {
  BootstrapOutcome b =
      co_await bootstrap(*run.ua, run.config.application_servers, out, "reading " + std::to_string(job), job);
  run.report.exchange_retries += b.retried;
  for (const AsExchange& e : b.exchanges) {
    if (e.result.handshake_ms > 0) run.report.handshake.add(e.result.handshake_ms);
    if (e.result.ok) run.report.exchange.add(e.result.exchange_ms);
  }
  if (!b.ok()) co_return b.failure();
  ++run.report.bootstrapped;
  run.report.total.add(ms_since(t0));
  const std::vector<std::string>& traced = run.options.trace;
  if (std::find(traced.begin(), traced.end(), ue.usim->imsi()) != traced.end()) {
    auto& traces = run.report.traces;
    const auto at =
        std::find_if(traces.begin(), traces.end(), [&](const BootstrapTrace& t) { return t.imsi == ue.usim->imsi(); });
    if (at == traces.end()) traces.push_back(make_trace(ue.usim->imsi(), out, attach_ms, b));
  }
  co_return std::string();
}

asio::awaitable<void> sleep_for(Clock::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(asio::use_awaitable);
}

// With --rate, job N starts N/rate seconds after the run did.
asio::awaitable<void> pace(const Run& run, std::size_t job) {
  if (run.options.rate <= 0) co_return;
  const auto due = run.start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(static_cast<double>(job) / run.options.rate));
  if (due > Clock::now()) co_await sleep_for(due - Clock::now());
}

// --made-up-gutis: a client that attaches nowhere and offers the ASs DTLS handshakes with GUTIs
// it makes up (of the UEs' PLMN, any MME, random M-TMSI), as a flood would: each as far as the
// AS's identity lookup, by made_up_handshake. Each ends refused; the report counts the ways.
asio::awaitable<void> made_up_worker(Run& run) {
  const auto& servers = run.config.application_servers;
  while (run.next_job < run.options.count) {
    const std::size_t job = run.next_job++;
    co_await pace(run, job);
    nas::Guti guti;
    guti.plmn = run.config.plmn.encoded();
    crypto::random_bytes(MutableByteView(reinterpret_cast<std::uint8_t*>(&guti.m_tmsi), sizeof guti.m_tmsi));
    guti.mme_group_id = static_cast<std::uint16_t>(guti.m_tmsi >> 16);
    guti.mme_code = static_cast<std::uint8_t>(guti.m_tmsi);
    const ApplicationServerAddress& as = servers[job % servers.size()];
    std::string identity = guti.text().value();
    const UaResult r = co_await offer_made_up_identity(
        run.io, run.config.ua, as.endpoints[(job / servers.size()) % as.endpoints.size()], std::move(identity));
    if (r.handshake_ms > 0) run.report.handshake.add(r.handshake_ms);
    ++run.report.refused;
    ++run.report.refusals[r.failure];
    ++run.done;
  }
}

asio::awaitable<void> worker(Run& run) {
  const std::size_t n = run.ues.size();
  while (run.next_job < run.options.count) {
    const std::size_t job = run.next_job++;
    co_await pace(run, job);
    SimulatedUe& ue = run.ues[job % n];
    while (ue.busy) co_await sleep_for(std::chrono::milliseconds(1));
    ue.busy = true;
    bool attached = false;
    run.report.ok[job % n] = false;
    // A device whose attach or bootstrap failed attaches again (with its GUTI, if it has
    // one) and bootstraps anew, up to options.retries times.
    for (unsigned attempt = 0;; ++attempt) {
      const bool use_guti = (run.options.reattach_with_guti && ue.attaches > 0) || attempt > 0;
      const auto t0 = Clock::now();
      std::string failure;
      auto mme = select_mme(run, job % n, use_guti ? ue.session->guti() : std::nullopt);
      ue.session->set_connection(mme);
      AttachOutcome out;
      if (mme) {
        out = co_await ue.session->attach(use_guti, run.config.attach_timeout);
      } else {
        out.failure = "no MME reachable";
      }
      const double attach_ms = ms_since(t0);
      ++ue.attaches;
      if (run.sqn_log) {
        for (const crypto::Sqn& s : out.sqns_seen) run.sqn_log << ue.usim->imsi() << ',' << to_hex(s.bytes()) << '\n';
      }
      run.report.identity_requests += out.identity_requested;
      run.report.resynchronisations += out.resynchronised;
      run.report.replays += out.replay_seen;
      if (out.attached) {
        attached = true;
        run.report.attach.add(attach_ms);
        if (run.key_log) run.key_log.write(ue.usim->imsi(), out, run.config.application_servers);
        if (!run.report.bootstrapping) {
          run.report.total.add(attach_ms);
        } else {
          failure = co_await bootstrap_ue(run, ue, out, job, t0, attach_ms);
        }
        if (failure.empty() && run.options.detach) co_await ue.session->detach(false, run.config.attach_timeout);
      } else {
        failure = out.failure;
      }
      if (failure.empty()) {
        run.report.ok[job % n] = true;
        break;
      }
      if (attempt >= run.options.retries) {
        fail(run, failure);
        break;
      }
      if (attempt == 0) run.report.retried.push_back({ms_since(run.start) / 1000.0, failure});
      ++run.report.retries[failure];
      // The network's T3346, when it gave one, else the device's own doubling pause.
      // Computed apart from the co_await: GCC 12 miscompiles a conditional operator inside a
      // co_await expression (it read the optional's value uninitialised under ASan).
      Clock::duration pause = kRetryBackoff * (1u << std::min(attempt, 4u));
      if (out.backoff) pause = *out.backoff;
      co_await sleep_for(pause);
    }
    run.report.attached += attached;
    ue.busy = false;
    ++run.done;
  }
}

void draw_progress(const Run& run) {
  const std::size_t total = run.options.count;
  const double secs = std::chrono::duration<double>(Clock::now() - run.start).count();
  const int width = 30;
  const int filled = static_cast<int>(width * run.done / std::max<std::size_t>(total, 1));
  std::fprintf(stderr, "\r[%s%s] %zu/%zu  attached %zu  bootstrapped %zu  failed %zu  %.0f/s ",
               std::string(filled, '=').c_str(), std::string(width - filled, ' ').c_str(), run.done, total,
               run.report.attached, run.report.bootstrapped, run.report.failed, secs > 0 ? run.done / secs : 0.0);
  std::fflush(stderr);
}

asio::awaitable<void> progress(Run& run) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  while (run.done < run.options.count) {
    t.expires_after(std::chrono::milliseconds(200));
    co_await t.async_wait(asio::use_awaitable);
    draw_progress(run);
  }
}

asio::awaitable<void> wait_until_done(Run& run) {
  asio::steady_timer t(run.io);
  while (run.done < run.options.count) {
    t.expires_after(std::chrono::milliseconds(5));
    co_await t.async_wait(asio::use_awaitable);
  }
  run.report.seconds = std::chrono::duration<double>(Clock::now() - run.start).count();
  if (run.options.progress) {
    draw_progress(run);  // the last state: the run ends before the bar's next turn
    std::fprintf(stderr, "\n");
  }
}

asio::awaitable<void> drive_made_up(Run& run) {
  if (run.config.application_servers.empty())
    throw std::runtime_error("--made-up-gutis: no application server configured");
  run.start = Clock::now();
  if (run.options.progress) asio::co_spawn(run.io, progress(run), asio::detached);
  const std::size_t workers = std::max<std::size_t>(1, std::min(run.options.concurrency, run.options.count));
  for (std::size_t i = 0; i < workers; ++i) asio::co_spawn(run.io, made_up_worker(run), asio::detached);
  co_await wait_until_done(run);
}

asio::awaitable<void> drive(Run& run, const std::vector<provisioning::SubscriberCredentials>& subs) {
  if (run.options.made_up_gutis) co_return co_await drive_made_up(run);
  // An MME of a pool that cannot be reached is left out; none reachable is an error.
  std::size_t reachable = 0;
  const std::size_t mmes = run.config.mmes.size();
  run.connections.resize(mmes);
  run.reconnect_at.assign(mmes, Clock::now() + std::chrono::seconds(1));
  run.reconnecting.assign(mmes, false);
  for (std::size_t m = 0; m < mmes; ++m) {
    try {
      run.connections[m] = co_await connect_mme(run, m);
      ++reachable;
    } catch (const std::exception& e) {
      if (mmes == 1) throw;
      spdlog::warn("[ue] MME {}:{} not reachable: {}", run.config.mmes[m].address, run.config.mmes[m].port, e.what());
    }
  }
  if (reachable == 0) throw std::runtime_error("no MME of the pool is reachable");
  const std::size_t n = std::min(subs.size(), run.options.count);
  run.ues.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    run.ues[i].usim = std::make_unique<Usim>(subs[i].imsi, subs[i].k, subs[i].opc);
    // The file's SQN is where the USIM starts, as it is where the HSS starts.
    if (subs[i].sqn.value() != 0) run.ues[i].usim->sqn_state().accept(subs[i].sqn);
    run.ues[i].session = std::make_unique<UeSession>(run.io, *run.ues[i].usim, run.config.plmn,
                                                     static_cast<std::uint32_t>(i + 1), nullptr);
    if (i < run.options.gutis.size()) {
      run.ues[i].session->restore_guti(run.options.gutis[i]);
      run.ues[i].attaches = run.options.gutis[i].has_value();
    }
  }
  run.report.ok.assign(n, false);
  run.start = Clock::now();
  if (run.options.progress) asio::co_spawn(run.io, progress(run), asio::detached);
  const std::size_t workers = std::max<std::size_t>(1, std::min(run.options.concurrency, run.options.count));
  for (std::size_t i = 0; i < workers; ++i) asio::co_spawn(run.io, worker(run), asio::detached);
  co_await wait_until_done(run);
  for (const SimulatedUe& ue : run.ues) run.report.gutis.push_back(ue.session->guti());
  for (auto& pool : run.connections) {
    for (auto& c : pool) c->close();
  }
}

}  // namespace

LoadReport run_load(const UeConfig& config, const std::vector<provisioning::SubscriberCredentials>& subscribers,
                    const LoadOptions& options) {
  asio::io_context io(1);
  Run run{io, config, options, {}, {}, {}, {}, {}, 0, std::minstd_rand{std::random_device{}()}, 0, {}, {}, {}, {}};
  if (!options.record_sqns.empty()) run.sqn_log.open(options.record_sqns, std::ios::app);
  if (!options.key_log.empty()) run.key_log = KeyLog(options.key_log);
  run.report.bootstrapping = !config.application_servers.empty();
  // The made-up handshakes need no DTLS stack: only the real UEs' exchanges go through libcoap.
  if (run.report.bootstrapping && !options.made_up_gutis) run.ua = std::make_unique<UaClient>(io, config.ua);
  std::exception_ptr error;
  asio::co_spawn(io, drive(run, subscribers), [&](std::exception_ptr e) {
    error = e;
    io.stop();
  });
  io.run();
  run.ua.reset();
  io.restart();
  io.poll();  // lets the CoAP client's coroutines end before the io_context goes
  if (error) std::rethrow_exception(error);
  return run.report;
}

int run_ue_command(const std::string& config_path, const std::string& subscribers_path, const LoadOptions& options) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc, "ue");
  const UeConfig config = parse_ue_config(doc);
  std::vector<provisioning::SubscriberCredentials> subs;
  if (!options.made_up_gutis) {
    std::optional<std::string> note;
    auto read = provisioning::read_subscribers_file(subscribers_path, &note);
    if (note) spdlog::warn("{}", *note);
    if (!read) throw config::ConfigError(subscribers_path + ": " + read.error().reason);
    if (read->empty()) throw config::ConfigError(subscribers_path + ": no subscribers");
    subs = std::move(read.value());
  }
  LoadOptions o = options;
  o.progress = o.progress && isatty(STDERR_FILENO);
  const LoadReport report = run_load(config, subs, o);
  report.print(std::cout);
  return report.failed == 0 ? 0 : 1;
}

}  // namespace iotboot::ue
