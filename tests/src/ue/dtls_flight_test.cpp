#include "ue/dtls_flight.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace iotboot::ue::dtls {
namespace {

using Datagram = std::vector<std::uint8_t>;

// An epoch-0 record (RFC 6347 §4.1) of `type` around `body`.
Datagram record(std::uint8_t type, const Datagram& body, std::uint16_t epoch = 0) {
  Datagram r{
      type, 0xfe, 0xfd, static_cast<std::uint8_t>(epoch >> 8),       static_cast<std::uint8_t>(epoch),      0, 0, 0,
      0,    0,    1,    static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

// An unfragmented handshake message (RFC 6347 §4.2.2).
Datagram message(std::uint8_t type, const Datagram& body) {
  const auto n = static_cast<std::uint8_t>(body.size());  // short bodies only
  Datagram m{type, 0, 0, n, 0, 0, 0, 0, 0, 0, 0, n};
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

// What OpenSSL answers a ClientHello without a cookie: HelloVerifyRequest, version DTLS 1.0.
Datagram hello_verify_request(const Datagram& cookie) {
  Datagram body{0xfe, 0xff, static_cast<std::uint8_t>(cookie.size())};
  body.insert(body.end(), cookie.begin(), cookie.end());
  return record(22, message(3, body));
}

Datagram operator+(Datagram a, const Datagram& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(DtlsFlight, ClientHelloCarriesTheCookieAndOffersPskSuitesOnly) {
  Bytes<32> random;
  random.fill(0x42);
  const Datagram cookie{1, 2, 3, 4, 5};
  const Datagram ch = client_hello(random, cookie, 1, 1);
  ASSERT_GE(ch.size(), 25u);
  EXPECT_EQ(ch[0], 22);                               // handshake
  EXPECT_EQ((ch[1] << 8) | ch[2], 0xfefd);            // DTLS 1.2
  EXPECT_EQ((ch[11] << 8) | ch[12], ch.size() - 13);  // record length
  EXPECT_EQ(ch[13], 1);                               // ClientHello
  EXPECT_EQ((ch[14] << 16) | (ch[15] << 8) | ch[16], ch.size() - 25);
  EXPECT_EQ((ch[17] << 8) | ch[18], 1);                                // message_seq
  EXPECT_EQ((ch[22] << 16) | (ch[23] << 8) | ch[24], ch.size() - 25);  // one fragment: all of it
  const std::size_t body = 25;
  EXPECT_EQ(Datagram(ch.begin() + body + 2, ch.begin() + body + 34), Datagram(32, 0x42));
  EXPECT_EQ(ch[body + 34], 0);  // no session id
  EXPECT_EQ(ch[body + 35], 5);
  EXPECT_EQ(Datagram(ch.begin() + body + 36, ch.begin() + body + 41), cookie);
  const std::size_t suites = body + 41;
  EXPECT_EQ((ch[suites] << 8) | ch[suites + 1], 6);
  EXPECT_EQ((ch[suites + 2] << 8) | ch[suites + 3], 0xc0a8);  // TLS_PSK_WITH_AES_128_CCM_8
  EXPECT_EQ((ch[suites + 4] << 8) | ch[suites + 5], 0x00a8);  // TLS_PSK_WITH_AES_128_GCM_SHA256
  EXPECT_EQ((ch[suites + 6] << 8) | ch[suites + 7], 0x00ae);  // TLS_PSK_WITH_AES_128_CBC_SHA256
  EXPECT_EQ(Datagram(ch.begin() + 3, ch.begin() + 11), (Datagram{0, 0, 0, 0, 0, 0, 0, 1}));  // epoch 0, seq 1
  EXPECT_EQ(Datagram(ch.end() - 2, ch.end()), (Datagram{1, 0}));  // null compression, no extensions
  EXPECT_EQ(ch.size(), suites + 2 + 6 + 2);
}

TEST(DtlsFlight, ClientKeyExchangeCarriesTheIdentityLengthPrefixed) {
  const std::string guti = "001-01-8001-01-0badc0de";
  const Datagram cke = client_key_exchange(guti, 2, 2);
  ASSERT_EQ(cke.size(), 13 + 12 + 2 + guti.size());
  EXPECT_EQ(cke[13], 16);
  EXPECT_EQ((cke[17] << 8) | cke[18], 2);
  EXPECT_EQ((cke[25] << 8) | cke[26], guti.size());
  EXPECT_EQ(std::string(cke.begin() + 27, cke.end()), guti);
  // One record at most: its 16-bit length cannot wrap.
  const Datagram largest = client_key_exchange(std::string(16370, 'x'), 2, 2);
  EXPECT_EQ((largest[11] << 8) | largest[12], 1 << 14);
  EXPECT_THROW(client_key_exchange(std::string(16371, 'x'), 2, 2), std::invalid_argument);
}

TEST(DtlsFlight, ReadsTheCookieTheDoneAndTheAlert) {
  const Datagram cookie(20, 0xc0);
  const ServerFlight hvr = read_server_flight(hello_verify_request(cookie));
  EXPECT_EQ(hvr.error, "");
  ASSERT_TRUE(hvr.cookie);
  EXPECT_EQ(*hvr.cookie, cookie);
  EXPECT_FALSE(hvr.server_hello_done);

  // ServerHello (its body unread here) and ServerHelloDone, as one flight in one datagram.
  const ServerFlight done = read_server_flight(record(22, message(2, Datagram(38, 0))) + record(22, message(14, {})));
  EXPECT_EQ(done.error, "");
  EXPECT_TRUE(done.server_hello_done);
  EXPECT_FALSE(done.cookie);

  const ServerFlight alert = read_server_flight(record(21, {2, 115}));
  ASSERT_TRUE(alert.alert);
  EXPECT_EQ(alert_name(*alert.alert), "unknown_psk_identity");
  EXPECT_EQ(alert_name(42), "alert 42");

  // An encrypted alert (epoch 1) is no clear-text alert, and a fragment is no message.
  EXPECT_FALSE(read_server_flight(record(21, {2, 115}, 1)).alert);
  Datagram fragment = message(14, {});
  fragment[3] = 4;  // claims 4 bytes in all, carries none
  EXPECT_FALSE(read_server_flight(record(22, fragment)).server_hello_done);
}

TEST(DtlsFlight, EveryTruncationIsAnErrorNotARead) {
  const Datagram hvr = hello_verify_request(Datagram(20, 7));
  const Datagram flight = hvr + record(22, message(14, {}));
  for (std::size_t n = 1; n < flight.size(); ++n) {
    const Datagram cut(flight.begin(), flight.begin() + static_cast<std::ptrdiff_t>(n));
    const ServerFlight f = read_server_flight(cut);
    EXPECT_FALSE(f.server_hello_done) << n;
    EXPECT_EQ(f.error.empty(), n == hvr.size()) << n;  // only the cut between the two records is whole
  }
  Datagram wrong = hello_verify_request(Datagram(20, 7));
  wrong[27] = 21;  // the cookie's length disagrees with the message's
  EXPECT_EQ(read_server_flight(wrong).error, "HelloVerifyRequest of 23 bytes");
  EXPECT_EQ(read_server_flight(record(21, {2})).error, "alert of 1 bytes");
  // Whole records whose messages are cut.
  EXPECT_EQ(read_server_flight(record(22, {14, 0})).error, "handshake header truncated");
  Datagram cut = message(14, {});
  cut[11] = 5;  // a fragment of 5 bytes, none of them there
  EXPECT_EQ(read_server_flight(record(22, cut)).error, "handshake fragment of 5 bytes truncated");
}

}  // namespace
}  // namespace iotboot::ue::dtls
