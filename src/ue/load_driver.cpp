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

#include <spdlog/spdlog.h>

#include "config/logging.hpp"
#include "core/hex.hpp"
#include "ue/bootstrap.hpp"
#include "ue/key_log.hpp"
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
  std::vector<std::shared_ptr<net::S1liteConnection>> connections;
  LoadReport report;
  std::size_t next_job = 0;
  std::size_t done = 0;
  Clock::time_point start;
  std::ofstream sqn_log;
  KeyLog key_log;
  std::unique_ptr<UaClient> ua;
};

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

// Seed steps 11-16 for one attached UE; true when every AS answered.
asio::awaitable<bool> bootstrap_ue(Run& run, SimulatedUe& ue, const AttachOutcome& out, std::size_t job,
                                   Clock::time_point t0, double attach_ms) {
  BootstrapOutcome b =
      co_await bootstrap(*run.ua, run.config.application_servers, out, "reading " + std::to_string(job));
  for (const AsExchange& e : b.exchanges) {
    if (e.result.handshake_ms > 0) run.report.handshake.add(e.result.handshake_ms);
    if (e.result.ok) run.report.exchange.add(e.result.exchange_ms);
  }
  if (!b.ok()) {
    fail(run, b.failure());
    co_return false;
  }
  ++run.report.bootstrapped;
  run.report.total.add(ms_since(t0));
  const std::vector<std::string>& traced = run.options.trace;
  if (std::find(traced.begin(), traced.end(), ue.usim->imsi()) != traced.end()) {
    auto& traces = run.report.traces;
    const auto at =
        std::find_if(traces.begin(), traces.end(), [&](const BootstrapTrace& t) { return t.imsi == ue.usim->imsi(); });
    if (at == traces.end()) traces.push_back(make_trace(ue.usim->imsi(), out, attach_ms, b));
  }
  co_return true;
}

asio::awaitable<void> sleep_for(Clock::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> worker(Run& run) {
  const std::size_t n = run.ues.size();
  while (run.next_job < run.options.count) {
    const std::size_t job = run.next_job++;
    if (run.options.rate > 0) {
      const auto due = run.start + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(static_cast<double>(job) / run.options.rate));
      if (due > Clock::now()) co_await sleep_for(due - Clock::now());
    }
    SimulatedUe& ue = run.ues[job % n];
    while (ue.busy) co_await sleep_for(std::chrono::milliseconds(1));
    ue.busy = true;
    const bool use_guti = run.options.reattach_with_guti && ue.attaches > 0;
    const auto t0 = Clock::now();
    AttachOutcome out = co_await ue.session->attach(use_guti, run.config.attach_timeout);
    const double attach_ms = ms_since(t0);
    ++ue.attaches;
    if (run.sqn_log) {
      for (const crypto::Sqn& s : out.sqns_seen) run.sqn_log << ue.usim->imsi() << ',' << to_hex(s.bytes()) << '\n';
    }
    run.report.identity_requests += out.identity_requested;
    run.report.resynchronisations += out.resynchronised;
    run.report.replays += out.replay_seen;
    if (out.attached) {
      ++run.report.attached;
      run.report.attach.add(attach_ms);
      if (run.key_log) run.key_log.write(ue.usim->imsi(), out, run.config.application_servers);
      if (!run.report.bootstrapping) {
        run.report.total.add(attach_ms);
      } else {
        co_await bootstrap_ue(run, ue, out, job, t0, attach_ms);
      }
      if (run.options.detach) co_await ue.session->detach(false, run.config.attach_timeout);
    } else {
      fail(run, out.failure);
    }
    ue.busy = false;
    ++run.done;
  }
}

asio::awaitable<void> progress(Run& run) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  const std::size_t total = run.options.count;
  while (run.done < total) {
    t.expires_after(std::chrono::milliseconds(200));
    co_await t.async_wait(asio::use_awaitable);
    const double secs = std::chrono::duration<double>(Clock::now() - run.start).count();
    const int width = 30;
    const int filled = static_cast<int>(width * run.done / std::max<std::size_t>(total, 1));
    std::fprintf(stderr, "\r[%s%s] %zu/%zu  attached %zu  bootstrapped %zu  failed %zu  %.0f/s ",
                 std::string(filled, '=').c_str(), std::string(width - filled, ' ').c_str(), run.done, total,
                 run.report.attached, run.report.bootstrapped, run.report.failed, secs > 0 ? run.done / secs : 0.0);
    std::fflush(stderr);
  }
  std::fprintf(stderr, "\n");
}

asio::awaitable<void> drive(Run& run, const std::vector<provisioning::SubscriberCredentials>& subs) {
  for (unsigned i = 0; i < run.config.connections; ++i) {
    run.connections.push_back(co_await net::s1lite_connect(
        run.config.mme_address, run.config.mme_port,
        [&run](net::S1liteConnection&, std::uint32_t stream, ByteView pdu) {
          if (stream >= 1 && stream <= run.ues.size()) run.ues[stream - 1].session->deliver(pdu);
        },
        nullptr));
  }
  const std::size_t n = std::min(subs.size(), run.options.count);
  run.ues.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    run.ues[i].usim = std::make_unique<Usim>(subs[i].imsi, subs[i].k, subs[i].opc);
    // The file's SQN is where the USIM starts, as it is where the HSS starts.
    if (subs[i].sqn.value() != 0) run.ues[i].usim->sqn_state().accept(subs[i].sqn);
    run.ues[i].session =
        std::make_unique<UeSession>(run.io, *run.ues[i].usim, run.config.plmn, static_cast<std::uint32_t>(i + 1),
                                    run.connections[i % run.connections.size()]);
  }
  run.start = Clock::now();
  if (run.options.progress) asio::co_spawn(run.io, progress(run), asio::detached);
  const std::size_t workers = std::max<std::size_t>(1, std::min(run.options.concurrency, run.options.count));
  for (std::size_t i = 0; i < workers; ++i) asio::co_spawn(run.io, worker(run), asio::detached);
  asio::steady_timer t(run.io);
  while (run.done < run.options.count) {
    t.expires_after(std::chrono::milliseconds(5));
    co_await t.async_wait(asio::use_awaitable);
  }
  run.report.seconds = std::chrono::duration<double>(Clock::now() - run.start).count();
  for (auto& c : run.connections) c->close();
}

}  // namespace

LoadReport run_load(const UeConfig& config, const std::vector<provisioning::SubscriberCredentials>& subscribers,
                    const LoadOptions& options) {
  asio::io_context io(1);
  Run run{io, config, options, {}, {}, {}, 0, 0, {}, {}, {}, {}};
  if (!options.record_sqns.empty()) run.sqn_log.open(options.record_sqns, std::ios::app);
  if (!options.key_log.empty()) run.key_log = KeyLog(options.key_log);
  run.report.bootstrapping = !config.application_servers.empty();
  if (run.report.bootstrapping) run.ua = std::make_unique<UaClient>(io, config.ua_timeout);
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
  for (Latencies* l : {&run.report.total, &run.report.attach, &run.report.handshake, &run.report.exchange}) l->finish();
  return run.report;
}

int run_ue_command(const std::string& config_path, const std::string& subscribers_path, const LoadOptions& options) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc);
  const UeConfig config = parse_ue_config(doc);
  std::optional<std::string> note;
  auto subs = provisioning::read_subscribers_file(subscribers_path, &note);
  if (note) spdlog::warn("{}", *note);
  if (!subs) throw config::ConfigError(subscribers_path + ": " + subs.error().reason);
  if (subs->empty()) throw config::ConfigError(subscribers_path + ": no subscribers");
  LoadOptions o = options;
  o.progress = o.progress && isatty(STDERR_FILENO);
  const LoadReport report = run_load(config, subs.value(), o);
  report.print(std::cout);
  return report.failed == 0 ? 0 : 1;
}

}  // namespace iotboot::ue
