// The AS's Ua server against what any DTLS client may send as its PSK identity, with a key
// source standing in for the Key API (the server's own logic is under test; the Key API client
// is tested against the real SCEF in tests/system).
#include "as/ua_server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

#include "support/eventually.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::as {
namespace {

using namespace std::chrono_literals;

const char* kGuti = "001-01-8001-01-c0ffee01";
const std::string kKeyText(32, 'A');  // coap-client takes the key as argv text

struct ScriptedSource final : KeySource {
  std::atomic<int> calls{0};
  std::atomic<bool> fail_with_exception{false};  // set by the test, read on the server thread
  std::mutex mutex;
  std::string client;  // the last client address the server gave; under mutex
  std::string last_client() {
    std::lock_guard lock(mutex);
    return client;
  }
  KeyLookup ks_as(const std::string& guti, std::string_view from) override {
    ++calls;
    {
      std::lock_guard lock(mutex);
      client = from;
    }
    if (fail_with_exception) throw std::runtime_error("key source failed");
    if (guti != kGuti) return {std::nullopt, KeyLookup::Miss::unknown};
    Key256 k;
    std::memcpy(k.data(), kKeyText.data(), 32);
    return {k};
  }
  void stale(const std::string&) override {}
};

struct UaServerLab {
  AsConfig config;
  ScriptedSource source;
  std::unique_ptr<UaServer> server;
  explicit UaServerLab(unsigned ban_after_refusals = 20) {
    config.coap_port = test::free_udp_port();
    config.handshake_timeout = 1000ms;
    config.source_ban.refusals = ban_after_refusals;
    config.source_ban.ban = 5s;  // longer than a post (-B 2) that it must time out
    config.source_ban.handshakes_in_progress = 4;
    server = std::make_unique<UaServer>(config, source);
    server->start();
  }
  test::ProcessResult post(const std::string& identity, const std::string& key = kKeyText,
                           const std::string& from = "127.0.0.1") const {
    return test::run_process("/usr/bin/coap-client-openssl",
                             {"-B", "2", "-a", from, "-m", "post", "-e", "ping", "-u", identity, "-k", key,
                              "coaps://127.0.0.1:" + std::to_string(config.coap_port) + "/app"});
  }
};

TEST(UaServer, AnswersTheCanonicalGutiWithItsKey) {
  UaServerLab lab;
  const auto r = lab.post(kGuti);
  EXPECT_NE(r.out.find(std::string("guti=") + kGuti + " received=ping"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(lab.server->handshakes(), 1u);
  EXPECT_EQ(lab.source.last_client(), "127.0.0.1");  // what a fetch limit counts by (read after the handshake)
}

// The review's reproduction: identity 0xff 0xfe terminated the AS (an exception from the key
// client's JSON encoding crossed libcoap's callback). Each of these is refused before the key
// source is asked, and the server keeps serving.
TEST(UaServer, RefusesEveryIdentityThatIsNotACanonicalGutiWithoutAskingForAKey) {
  UaServerLab lab;
  const std::vector<std::string> hostile = {
      "\xff\xfe",                                   // not UTF-8
      "001-01-8001-01-C0FFEE01",                    // upper-case: not canonical
      "001-01-8001-01-c0ffee01 ",                   // trailing byte
      std::string(200, 'x'),                        // overlong
      "001-01-8001-01-c0ffee01\n[as] forged line",  // would be a log line of its own
  };
  for (const std::string& id : hostile) {
    const auto r = lab.post(id);
    EXPECT_EQ(r.out.find("guti="), std::string::npos) << r.out;
  }
  EXPECT_EQ(lab.source.calls.load(), 0);
  EXPECT_GE(lab.server->refused_identities(), hostile.size());
  const auto ok = lab.post(kGuti);
  EXPECT_NE(ok.out.find("received=ping"), std::string::npos) << ok.out << ok.err;
}

// The class of the defect: whatever the key source throws stays inside the callback.
TEST(UaServer, AnExceptionInTheKeyLookupFailsThatHandshakeOnly) {
  UaServerLab lab;
  lab.source.fail_with_exception = true;
  EXPECT_EQ(lab.post(kGuti).out.find("guti="), std::string::npos);
  EXPECT_EQ(lab.source.calls.load(), 1);
  lab.source.fail_with_exception = false;
  const auto ok = lab.post(kGuti);
  EXPECT_NE(ok.out.find("received=ping"), std::string::npos) << ok.out << ok.err;
}

// An address refused `refusals` times is not heard at all for the ban's time (its datagrams are
// dropped before libcoap: no handshake, no key lookup), while other addresses are served.
TEST(UaServer, AnAddressRefusedTooOftenIsNotHeardUntilItsBanRunsOut) {
  UaServerLab lab(3);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(lab.post("001-01-8001-01-0badc0de", kKeyText, "127.0.0.2").out.find("guti="), std::string::npos);
  EXPECT_EQ(lab.server->source_bans(), 1u);
  const int calls = lab.source.calls.load();
  EXPECT_EQ(lab.post(kGuti, kKeyText, "127.0.0.2").out.find("guti="), std::string::npos);
  EXPECT_EQ(lab.source.calls.load(), calls);                                // never got as far as its identity
  EXPECT_NE(lab.post(kGuti).out.find("received=ping"), std::string::npos);  // 127.0.0.1 is served

  // After the ban (5 s, lifted within the server's 100 ms loop), the same address is served.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  bool served = false;
  while (!served && std::chrono::steady_clock::now() < deadline) {
    served = lab.post(kGuti, kKeyText, "127.0.0.2").out.find("received=ping") != std::string::npos;
  }
  EXPECT_TRUE(served);
  EXPECT_EQ(lab.server->source_bans(), 1u);
}

// The start of a ClientHello (record type 22, handshake type 1 at offset 13), enough for libcoap
// 4.3 to make a session for it, sent from its own port as a client that never goes on would.
void half_open_handshake(std::uint16_t server_port) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.2", &from.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  to.sin_port = htons(server_port);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from), 0);
  const std::uint8_t hello[16] = {22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0};
  ASSERT_EQ(sendto(fd, hello, sizeof hello, 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            static_cast<ssize_t>(sizeof hello));
  close(fd);
}

// libcoap keeps a session per ClientHello until the handshake ends or 30 s pass: one address
// holding more than handshakes_in_progress of them is banned, so that it cannot hold every place
// (max_handshakes) and keep the UEs of other addresses out.
TEST(UaServer, AnAddressHoldingTooManyHandshakesIsNotHeardWhileOthersAreServed) {
  UaServerLab lab;  // 4 in progress per address at most
  for (int i = 0; i < 4; ++i) half_open_handshake(lab.config.coap_port);
  EXPECT_NE(lab.post(kGuti).out.find("received=ping"), std::string::npos);  // four are allowed
  EXPECT_EQ(lab.server->source_bans(), 0u);
  half_open_handshake(lab.config.coap_port);
  EXPECT_TRUE(test::eventually([&] { return lab.server->source_bans() == 1; }, 5s));
  EXPECT_EQ(lab.post(kGuti, kKeyText, "127.0.0.2").out.find("guti="), std::string::npos);
  EXPECT_NE(lab.post(kGuti).out.find("received=ping"), std::string::npos);
}

}  // namespace
}  // namespace iotboot::as
