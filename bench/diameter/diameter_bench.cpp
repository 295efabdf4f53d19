// S6a AIR/AIA between two processes on loopback.
//   diameter_bench server --port P                  our node, answering every AIR with a fixed vector
//   diameter_bench client --port P --peer-host H    our node, N AIRs in flight for a duration, against
//                                                   our server or the freeDiameter harness
// With --tls DIR both speak Diameter over TLS (RFC 6733 §13), each with DIR/<its Origin-Host>.pem
// and .key and DIR/ca.pem (`iotboot certs --diameter-id ...`); the server then listens for TLS only.
// The client ends with: RESULT answers_per_s=<n> p50_ms=<x> p99_ms=<y>
#include <utility>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

#include "diameter/apps/applications.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/node/node.hpp"

namespace {

using namespace iotboot;
using namespace iotboot::diameter;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kRealm = "iotboot.test";

s6a::EutranVector fixed_vector() {
  s6a::EutranVector v;
  v.item_number = 1;
  v.rand = {0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d, 0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35};
  v.xres.size = 8;
  v.xres.bytes = {0xa5, 0x42, 0x11, 0xd5, 0xe3, 0xba, 0x50, 0xbf};
  v.autn = {0x55, 0xf3, 0x28, 0xb4, 0x35, 0x77, 0x80, 0x00, 0x59, 0xbc, 0xea, 0x57, 0x68, 0x37, 0x15, 0x2b};
  for (std::size_t i = 0; i < 32; ++i) v.kasme[i] = static_cast<std::uint8_t>(i);
  return v;
}

// Over TLS when tls_dir is set: the node's certificate and key from it, its one peer a TLS peer.
void use_tls(NodeConfig& c, const std::string& tls_dir) {
  if (tls_dir.empty()) return;
  c.tls = TlsConfig{tls_dir + "/" + c.origin_host + ".pem", tls_dir + "/" + c.origin_host + ".key", tls_dir + "/ca.pem",
                    true};
  c.peers.front().transport = Transport::tls;
  if (c.listen) {
    c.listen_tls_port = c.listen_port;
    c.listen = false;
  }
}

int run_server(std::uint16_t port, const std::string& host, const std::string& client, const std::string& tls_dir) {
  asio::io_context io(1);
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen_port = port;
  c.peers.push_back({client, std::string(kRealm), "127.0.0.1", 0, false, {{app::kS6a}}, false});
  use_tls(c, tls_dir);
  Node node(io, c);
  const s6a::EutranVector vector = fixed_vector();
  node.serve<s6a::Air>([&vector](const s6a::Air&, Reply& reply) {
    s6a::Aia aia;
    aia.origin = reply.success_origin();
    aia.vectors.push_back(vector);
    reply.send(aia);
  });
  node.start();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::printf("READY\n");
  std::fflush(stdout);
  io.run();
  return 0;
}

struct Load {
  Node& node;
  Clock::time_point start_measuring, end;
  std::vector<std::uint32_t> latencies_us;
  std::uint64_t errors = 0;
  int running = 0;
};

asio::awaitable<void> worker(Load& load, int id) {
  const std::string imsi = "00101" + std::to_string(1000000000 + id);
  while (Clock::now() < load.end) {
    const std::string sid = load.node.new_session_id();
    s6a::Air air;
    air.routing = load.node.routing(sid, kRealm);
    air.user_name = imsi;
    air.visited_plmn_id = {0x00, 0xf1, 0x10};
    air.eutran = s6a::RequestedEutranAuthInfo{1, 0, std::nullopt};
    const auto t0 = Clock::now();
    RequestResult r = co_await load.node.request(air);
    const auto t1 = Clock::now();
    const bool ok = r.ok() && s6a::Aia::decode(r->view()).ok();
    if (!ok) ++load.errors;
    if (t0 >= load.start_measuring && ok) {
      load.latencies_us.push_back(
          static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    }
  }
  --load.running;
}

asio::awaitable<int> drive(Node& node, const std::string& peer, int inflight, double warmup_s, double duration_s) {
  if (!co_await node.wait_open(peer, std::chrono::seconds(20))) {
    std::fprintf(stderr, "diameter_bench: peer %s did not open\n", peer.c_str());
    co_return 1;
  }
  Load load{node, {}, {}, {}, 0, inflight};
  const auto now = Clock::now();
  load.start_measuring = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup_s));
  load.end =
      load.start_measuring + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration_s));
  load.latencies_us.reserve(static_cast<std::size_t>(duration_s * 200000));
  auto ex = co_await asio::this_coro::executor;
  for (int i = 0; i < inflight; ++i) asio::co_spawn(ex, worker(load, i), asio::detached);
  asio::steady_timer t(ex);
  while (load.running > 0) {
    t.expires_after(std::chrono::milliseconds(10));
    co_await t.async_wait(asio::use_awaitable);
  }
  auto& l = load.latencies_us;
  std::sort(l.begin(), l.end());
  const auto pct = [&](double p) { return l.empty() ? 0.0 : l[static_cast<std::size_t>(p * (l.size() - 1))] / 1000.0; };
  std::printf("answers=%zu errors=%llu in %.1f s\n", l.size(), static_cast<unsigned long long>(load.errors),
              duration_s);
  std::printf("RESULT answers_per_s=%.0f p50_ms=%.3f p99_ms=%.3f\n", l.size() / duration_s, pct(0.50), pct(0.99));
  co_return load.errors == 0 ? 0 : 1;
}

int run_client(std::uint16_t port, const std::string& peer, int inflight, double warmup, double duration,
               const std::string& tls_dir) {
  asio::io_context io(1);
  NodeConfig c;
  c.origin_host = "mme.iotboot.test";
  c.origin_realm = kRealm;
  c.listen = false;
  c.request_timeout = std::chrono::seconds(5);
  c.peers.push_back({peer, std::string(kRealm), "127.0.0.1", port, true, {}, false});
  use_tls(c, tls_dir);
  Node node(io, c);
  node.use_application(app::kS6a);
  node.start();
  int status = 1;
  asio::co_spawn(io, drive(node, peer, inflight, warmup, duration), [&](std::exception_ptr e, int s) {
    status = e ? 1 : s;
    asio::co_spawn(io, node.stop(), [&](std::exception_ptr) { io.stop(); });
  });
  io.run();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  diameter::register_applications();
  CLI::App app{"S6a AIR/AIA load between two processes"};
  app.require_subcommand(1);
  std::uint16_t port = 3868;
  std::string host = "hss.iotboot.test", peer = "hss.iotboot.test", client = "mme.iotboot.test", tls_dir;
  int inflight = 100;
  double duration = 10, warmup = 1;
  CLI::App* server = app.add_subcommand("server", "answer AIRs with a fixed vector");
  server->add_option("--port", port, "listening port");
  server->add_option("--host", host, "our Origin-Host");
  server->add_option("--client", client, "the client's Origin-Host");
  CLI::App* cl = app.add_subcommand("client", "send AIRs and measure");
  cl->add_option("--port", port, "the server's port");
  cl->add_option("--peer-host", peer, "the server's Origin-Host");
  cl->add_option("--inflight", inflight, "requests in flight");
  cl->add_option("--duration", duration, "seconds measured");
  cl->add_option("--warmup", warmup, "seconds before measuring");
  for (CLI::App* sub : {server, cl})
    sub->add_option("--tls", tls_dir, "Diameter over TLS with the certificates in DIR");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  if (server->parsed()) return run_server(port, host, client, tls_dir);
  return run_client(port, peer, inflight, warmup, duration, tls_dir);
}
