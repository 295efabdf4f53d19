// Interoperability with freeDiameter (Debian's libfdcore 1.2.1, through tests/interop/fd_harness):
// CER/CEA, DWR/DWA both ways, and S6a AIR/AIA with our node as server and as client.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../lib/diameter/io_thread.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::diameter {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kRealm = "iotboot.test";
constexpr std::string_view kFd = "fd.iotboot.test";

// The set-1 subscriber's E-UTRAN vector (docs/keys.md, test vectors), which the harness's server also answers with.
s6a::EutranVector fixed_vector() {
  s6a::EutranVector v;
  v.item_number = 1;
  v.rand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");
  v.xres.size = 8;
  const auto x = test::hex<8>("a54211d5e3ba50bf");
  std::copy(x.begin(), x.end(), v.xres.bytes.begin());
  v.autn = test::hex<16>("55f328b43577800059bcea576837152b");
  v.kasme = test::key<32>("48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  return v;
}

std::string fd_conf(const std::filesystem::path& dir, std::uint16_t port, std::string_view peer,
                    std::uint16_t peer_port) {
  const auto path = dir / "fd.conf";
  std::ofstream f(path);
  f << "Identity = \"" << kFd << "\";\nRealm = \"" << kRealm << "\";\nPort = " << port << ";\nSecPort = 0;\n"
    << "No_SCTP;\nNo_IPv6;\nListenOn = \"127.0.0.1\";\nTwTimer = 6;\n"
    << "ConnectPeer = \"" << peer << "\" { No_TLS; ConnectTo = \"127.0.0.1\"; Port = " << peer_port << "; };\n";
  return path.string();
}

NodeConfig node_config(std::string_view host, std::uint16_t listen_port, std::uint16_t fd_port, bool connect,
                       std::chrono::milliseconds tw = 300ms) {
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen = listen_port != 0;
  c.listen_port = listen_port;
  c.watchdog_interval = tw;
  c.request_timeout = 3000ms;
  c.reconnect_min = 50ms;
  c.reconnect_max = 500ms;
  c.peers.push_back({std::string(kFd), std::string(kRealm), "127.0.0.1", fd_port, connect, {{app::kS6a}}, false});
  return c;
}

TEST(FreeDiameter, ClientGetsVectorsFromOurServer) {
  const auto dir = test::temp_dir("fd-client");
  const std::uint16_t our_port = test::free_port(), fd_port = test::free_port();
  test::IoThread io;
  std::unique_ptr<Node> hss;
  io.call([&] {
    hss = std::make_unique<Node>(io.io, node_config("hss.iotboot.test", our_port, fd_port, false));
    hss->serve<s6a::Air>([](const s6a::Air& air, Reply& reply) {
      s6a::Aia aia;
      aia.origin = reply.success_origin();
      if (air.user_name == "001010000000001") aia.vectors.push_back(fixed_vector());
      reply.send(aia);
    });
    hss->start();
    return 0;
  });
  test::ChildProcess fd(FD_HARNESS,
                        {"client", "--conf", fd_conf(dir, fd_port, "hss.iotboot.test", our_port), "--peer",
                         "hss.iotboot.test", "--realm", std::string(kRealm), "--count", "50"},
                        (dir / "harness").string());
  ASSERT_EQ(fd.wait(30s), 0) << fd.err();
  std::istringstream lines(fd.out());
  std::string line;
  int answers = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("AIA ", 0) != 0) continue;
    ++answers;
    EXPECT_EQ(line,
              "AIA result=2001 exp=0 vectors=1 rand=23553cbe9637a89d218ae64dae47bf35 xres=a54211d5e3ba50bf "
              "autn=55f328b43577800059bcea576837152b "
              "kasme=48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  }
  EXPECT_EQ(answers, 50);
  EXPECT_EQ(io.call([&] { return hss->stats().requests_received; }), 50u);
  EXPECT_EQ(io.call([&] { return hss->stats().error_answers_sent; }), 0u);
  io.call([&] {
    hss.reset();
    return 0;
  });
}

// freeDiameter answering AIRs, and our node connected to it as "mme.iotboot.test".
struct FdServer {
  std::filesystem::path dir = test::temp_dir("fd-server");
  std::uint16_t port = test::free_port();
  test::ChildProcess fd{FD_HARNESS,
                        {"server", "--conf", fd_conf(dir, port, "mme.iotboot.test", test::free_port())},
                        (dir / "harness").string()};
  test::IoThread io;
  std::unique_ptr<Node> mme;

  explicit FdServer(std::chrono::milliseconds tw) {
    EXPECT_TRUE(fd.wait_for_output("READY", 20s)) << fd.err();
    io.call([&] {
      mme = std::make_unique<Node>(io.io, node_config("mme.iotboot.test", 0, port, true, tw));
      mme->use_application(app::kS6a);
      mme->start();
      return 0;
    });
    EXPECT_TRUE(io.await(mme->wait_open(kFd, 10s)));
  }
  ~FdServer() {
    io.await(mme->stop());
    io.call([&] {
      mme.reset();
      return 0;
    });
    fd.signal(SIGTERM);
    EXPECT_EQ(fd.wait(10s), 0);
  }
};

TEST(FreeDiameter, OurClientGetsVectorsAndItAnswersOurWatchdog) {
  FdServer s(300ms);
  test::IoThread& io = s.io;
  std::unique_ptr<Node>& mme = s.mme;
  for (int i = 0; i < 50; ++i) {
    RequestResult r = io.await([](Node& n) -> asio::awaitable<RequestResult> {
      const std::string sid = n.new_session_id();
      s6a::Air air;
      air.routing = n.routing(sid, kRealm);
      air.user_name = "001010000000001";
      air.visited_plmn_id = {0x00, 0xf1, 0x10};
      air.eutran = s6a::RequestedEutranAuthInfo{1, 0, std::nullopt};
      RequestResult res = co_await n.request(air);
      co_return res;
    }(*mme));
    ASSERT_TRUE(r.ok()) << to_string(r.error());
    auto aia = s6a::Aia::decode(r->view());
    ASSERT_TRUE(aia.ok()) << aia.error().message;
    EXPECT_TRUE(aia->origin.succeeded());
    EXPECT_EQ(aia->origin.origin_host, kFd);
    ASSERT_EQ(aia->vectors.size(), 1u);
    EXPECT_TRUE(aia->vectors[0] == fixed_vector());
  }
  // Idle: our DWRs (Tw 300 ms) are answered by freeDiameter and the connection stays open.
  EXPECT_TRUE(io.eventually([&] { return mme->stats().dwa_received >= 3; }, 5s));
  EXPECT_TRUE(io.call([&] { return mme->peer_open(kFd); }));
}

TEST(FreeDiameter, WeAnswerItsWatchdog) {
  FdServer s(30s);  // we stay quiet; freeDiameter's Tw is 6 s (with up to 2 s of jitter)
  EXPECT_TRUE(s.io.eventually([&] { return s.mme->stats().dwr_received >= 1; }, 15s));
  EXPECT_TRUE(s.io.call([&] { return s.mme->peer_open(kFd); }));
}

}  // namespace
}  // namespace iotboot::diameter
