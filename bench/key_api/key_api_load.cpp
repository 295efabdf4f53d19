// Load for the Key API, or for anything else that answers POSTs over TLS: N keep-alive TLS
// connections (client certificate, TLS 1.3), each sending one request at a time for a duration.
// The bodies cycle through the GUTIs of a key log (src/ue/key_log.hpp). The same client drives
// the SCEF and nginx in bench/key_api/run.sh, so both see the same load.
//   key_api_load --port P --ca CA --cert C --key K --gutis KEYLOG [--connections N] [--seconds S]
// Ends with: RESULT requests_per_s=<n> p50_ms=<x> p99_ms=<y> non_200=<n>
#include <utility>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "net/tls.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

struct Load {
  std::vector<std::string> bodies;
  std::string target, host;
  asio::ip::tcp::endpoint server;
  Clock::time_point end;
  std::vector<double> latencies_ms;
  std::size_t non_200 = 0, errors = 0;
  std::size_t next = 0;
};

asio::awaitable<void> connection(Load& load, asio::ssl::context& tls) {
  auto ex = co_await asio::this_coro::executor;
  asio::ssl::stream<asio::ip::tcp::socket> stream(ex, tls);
  try {
    co_await stream.next_layer().async_connect(load.server, asio::use_awaitable);
    stream.next_layer().set_option(asio::ip::tcp::no_delay(true));
    SSL_set_tlsext_host_name(stream.native_handle(), load.host.c_str());
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req(http::verb::post, load.target, 11);
    req.set(http::field::host, load.host);
    req.set(http::field::content_type, "application/json");
    while (Clock::now() < load.end) {
      req.body() = load.bodies[load.next++ % load.bodies.size()];
      req.prepare_payload();
      const auto t0 = Clock::now();
      co_await http::async_write(stream, req, asio::use_awaitable);
      http::response<http::string_body> res;
      co_await http::async_read(stream, buffer, res, asio::use_awaitable);
      load.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (res.result_int() != 200) ++load.non_200;
    }
  } catch (const std::exception& e) {
    ++load.errors;
    std::fprintf(stderr, "connection: %s\n", e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Key API load"};
  std::string address = "127.0.0.1", host = "scef.iotboot.test", ca, cert, key, gutis, as_id = "as1.example.com";
  std::string target = "/iotboot-keys/v1/retrieve";
  std::uint16_t port = 0;
  unsigned connections = 32;
  double seconds = 5;
  app.add_option("--address", address);
  app.add_option("--port", port)->required();
  app.add_option("--host", host, "server name (SNI and certificate check)");
  app.add_option("--ca", ca)->required();
  app.add_option("--cert", cert)->required();
  app.add_option("--key", key)->required();
  app.add_option("--gutis", gutis, "key log whose GUTIs the bodies cycle through")->required();
  app.add_option("--as-id", as_id);
  app.add_option("--target", target);
  app.add_option("--connections", connections);
  app.add_option("--seconds", seconds);
  CLI11_PARSE(app, argc, argv);

  Load load;
  std::ifstream in(gutis);
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("guti")) {
      load.bodies.push_back(nlohmann::json{{"guti", j["guti"]}, {"asId", as_id}}.dump());
    }
  }
  if (load.bodies.empty()) {
    std::fprintf(stderr, "key_api_load: no GUTIs in %s\n", gutis.c_str());
    return 2;
  }
  load.target = target;
  load.host = host;
  load.server = asio::ip::tcp::endpoint(asio::ip::make_address(address), port);
  asio::ssl::context tls = iotboot::net::make_client_tls(cert, key, ca);
  asio::io_context io(1);
  const auto start = Clock::now();
  load.end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (unsigned i = 0; i < connections; ++i) asio::co_spawn(io, connection(load, tls), asio::detached);
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto& l = load.latencies_ms;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[static_cast<std::size_t>(p * static_cast<double>(l.size() - 1))];
  };
  std::printf("RESULT requests_per_s=%.0f p50_ms=%.3f p99_ms=%.3f non_200=%zu errors=%zu\n",
              static_cast<double>(l.size()) / elapsed, pct(0.50), pct(0.99), load.non_200, load.errors);
  return load.errors == 0 ? 0 : 1;
}
