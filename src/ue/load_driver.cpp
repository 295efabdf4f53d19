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

#include "config/logging.hpp"
#include "core/hex.hpp"
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
};

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
    const auto t1 = Clock::now();
    ++ue.attaches;
    if (run.sqn_log) {
      for (const crypto::Sqn& s : out.sqns_seen) run.sqn_log << ue.usim->imsi() << ',' << to_hex(s.bytes()) << '\n';
    }
    run.report.identity_requests += out.identity_requested;
    run.report.resynchronisations += out.resynchronised;
    run.report.replays += out.replay_seen;
    if (out.attached) {
      ++run.report.attached;
      run.report.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (run.options.detach) co_await ue.session->detach(false, run.config.attach_timeout);
    } else {
      ++run.report.failed;
      ++run.report.failures[out.failure];
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
    std::fprintf(stderr, "\r[%s%s] %zu/%zu  attached %zu  failed %zu  %.0f/s ", std::string(filled, '=').c_str(),
                 std::string(width - filled, ' ').c_str(), run.done, total, run.report.attached, run.report.failed,
                 secs > 0 ? run.done / secs : 0.0);
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
    run.ues[i].session = std::make_unique<UeSession>(run.io, *run.ues[i].usim, run.config.plmn,
                                                     static_cast<std::uint32_t>(i + 1),
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

double LoadReport::percentile(double p) const {
  if (latencies_ms.empty()) return 0;
  return latencies_ms[static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size() - 1))];
}

void LoadReport::print(std::ostream& out) const {
  const double rate = seconds > 0 ? static_cast<double>(attached) / seconds : 0;
  out << std::fixed << std::setprecision(1);
  out << "attached " << attached << ", failed " << failed << " in " << seconds << " s (" << rate << " attaches/s)\n";
  for (const auto& [why, n] : failures) out << "  failed: " << why << ": " << n << "\n";
  if (identity_requests) out << "  identity requests: " << identity_requests << "\n";
  if (resynchronisations) out << "  resynchronisations: " << resynchronisations << "\n";
  if (replays) out << "  replayed challenges: " << replays << "\n";
  out << std::setprecision(2) << "attach latency ms: p50 " << percentile(0.50) << "  p95 " << percentile(0.95)
      << "  p99 " << percentile(0.99) << "\n";
  out << "RESULT attached=" << attached << " failed=" << failed << std::setprecision(0) << " attaches_per_s=" << rate
      << std::setprecision(2) << " p50_ms=" << percentile(0.50) << " p99_ms=" << percentile(0.99) << "\n";
}

LoadReport run_load(const UeConfig& config, const std::vector<provisioning::SubscriberCredentials>& subscribers,
                    const LoadOptions& options) {
  asio::io_context io(1);
  Run run{io, config, options, {}, {}, {}, 0, 0, {}, {}};
  if (!options.record_sqns.empty()) run.sqn_log.open(options.record_sqns, std::ios::app);
  std::exception_ptr error;
  asio::co_spawn(io, drive(run, subscribers), [&](std::exception_ptr e) {
    error = e;
    io.stop();
  });
  io.run();
  if (error) std::rethrow_exception(error);
  std::sort(run.report.latencies_ms.begin(), run.report.latencies_ms.end());
  return run.report;
}

int run_ue_command(const std::string& config_path, const std::string& subscribers_path, const LoadOptions& options) {
  const YAML::Node doc = config::load_file(config_path);
  config::setup_logging(doc);
  const UeConfig config = parse_ue_config(doc);
  std::ifstream in(subscribers_path);
  if (!in) throw config::ConfigError(subscribers_path + ": cannot read the file");
  auto subs = provisioning::read_subscribers(in);
  if (!subs) throw config::ConfigError(subscribers_path + ": " + subs.error().reason);
  if (subs->empty()) throw config::ConfigError(subscribers_path + ": no subscribers");
  LoadOptions o = options;
  o.progress = o.progress && isatty(STDERR_FILENO);
  const LoadReport report = run_load(config, subs.value(), o);
  report.print(std::cout);
  return report.failed == 0 ? 0 : 1;
}

}  // namespace iotboot::ue
