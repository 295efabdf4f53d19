// AFL++ harness: the SCEF's Key API, from the TLS connection's first request octet to the
// answers. The input's first octet chooses the client certificate (0 none, 1 as1, 2 as2, both
// allowed; 3 as3, known to the CA but not allowed); the rest is the HTTP/1.1 byte stream the
// client sends, after which it closes its side of the TCP connection. The SCEF is whole (its store on SQLite with a
// key, a deviceId secret and an External-Identifier; its Diameter node; a per-AS request
// limit) and must answer what it read and close within kAnswerBound, or the run aborts. The
// certificates are made once per campaign, in IOTBOOT_AFL_STATE when set.
#include <utility>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>

#include <fstream>
#include <string_view>

#include "core/unix_clock.hpp"
#include "crypto/kek_source.hpp"
#include "diameter/apps/ids.hpp"
#include "harness/harness.hpp"
#include "nas/identities.hpp"
#include "net/dev_pki.hpp"
#include "net/tls.hpp"
#include "scef/key_store.hpp"
#include "scef/scef.hpp"

namespace iotboot::afl {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

constexpr const char* kGuti = "001-01-8001-01-c0ffee01";
constexpr const char* kImsi = "001010000000001";
const std::vector<std::string> kAs = {"as1.example.com", "as2.example.com", "as3.example.com"};

std::string request(const std::string& body, const std::string& extra_headers = "") {
  return "POST /iotboot-keys/v1/retrieve HTTP/1.1\r\nHost: scef.iotboot.test\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void write_seeds(const std::filesystem::path& dir) {
  auto seed = [&](const std::string& name, std::uint8_t client, const std::string& stream) {
    // Sized first: GCC 12 -O2 warns (-Warray-bounds, falsely) on insert after a one-byte vector.
    std::vector<std::uint8_t> bytes(stream.size() + 1, client);
    std::copy(stream.begin(), stream.end(), bytes.begin() + 1);
    write_seed(dir, name, bytes);
  };
  const std::string known = R"({"guti": ")" + std::string(kGuti) + R"(", "asId": "as1.example.com"})";
  seed("known_as1", 1, request(known));
  seed("known_as2_external_id", 2, request(R"({"guti": ")" + std::string(kGuti) + R"(", "asId": "as2.example.com"})"));
  seed("unknown_guti_then_known", 1,
       request(R"({"guti": "001-01-8001-01-00000001", "asId": "as1.example.com"})") + request(known));
  seed("not_allowed", 3, request(R"({"guti": ")" + std::string(kGuti) + R"(", "asId": "as3.example.com"})"));
  seed("no_certificate", 0, request(known));
  seed("get", 1, "GET /iotboot-keys/v1/retrieve HTTP/1.1\r\nHost: x\r\n\r\n");
  seed("chunked", 1,
       "POST /iotboot-keys/v1/retrieve HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
           std::string("5\r\n{\"gut\r\n0\r\n\r\n"));
}

// The certificates (slow to make) in `dir`, made when missing.
net::DevPkiFiles pki_in(const std::filesystem::path& dir) {
  const auto ready = dir / "pki.ready";
  if (!std::filesystem::exists(ready)) {
    net::make_dev_pki(dir, "scef.iotboot.test", kAs);
    std::ofstream(ready) << "1";
  }
  net::DevPkiFiles f;
  f.ca_certificate = dir / "ca.pem";
  f.scef_certificate = dir / "scef.pem";
  f.scef_key = dir / "scef.key";
  for (const auto& as : kAs) {
    f.as_certificates.push_back(dir / (as + ".pem"));
    f.as_keys.push_back(dir / (as + ".key"));
  }
  return f;
}

void provision(const store::Location& where) {
  auto keys = scef::open_key_store(where, store::Durability::normal);
  const std::int64_t expiry = system_unix_clock()() + 3600;
  Bytes<16> rand{};
  rand[0] = 1;
  auto tx = keys->begin();
  scef::KeySetRecord k;
  k.imsi = kImsi;
  k.rand = rand;
  std::memset(k.ks.data(), 0x5a, 32);
  k.expires_at = expiry;
  keys->put_key_set(k);
  keys->put_context({nas::Guti::parse(kGuti)->binary(), kImsi, rand, true, expiry});
  tx->commit();
  keys->set_external_id({kImsi, "as2.example.com", "device-17@iot.example.com"});
}

// Sends the stream over TLS, closes its side and reads until the SCEF closes; false when the
// SCEF neither answered nor closed within kAnswerBound.
bool converse(std::uint16_t port, const net::DevPkiFiles& pki, std::uint8_t client, ByteView stream) {
  asio::io_context io;
  asio::ssl::context tls = client >= 1 && client <= 3
                               ? net::make_client_tls(pki.as_certificates[client - 1u].string(),
                                                      pki.as_keys[client - 1u].string(), pki.ca_certificate.string())
                               : asio::ssl::context(asio::ssl::context::tls_client);
  asio::ssl::stream<asio::ip::tcp::socket> s(io, tls);
  boost::system::error_code ec;
  s.next_layer().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return true;
  const timeval tv{kAnswerBound.count() / 1000, 0};
  setsockopt(s.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  s.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return true;  // refused at the handshake: an answer
  asio::write(s, asio::buffer(stream.data(), stream.size()), ec);
  // The end of what the client says, as TCP's FIN (asio's TLS shutdown would wait for the
  // SCEF's close_notify and drop the answers before it).
  s.next_layer().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  std::array<char, 4096> buffer;
  for (;;) {
    const std::size_t n = s.read_some(asio::buffer(buffer), ec);
    if (!ec) {
      // Only status lines: a read that starts inside a body may hold Ks_AS.
      const std::string_view chunk(buffer.data(), n);
      if (chunk.starts_with("HTTP/")) trace(std::string(chunk.substr(0, chunk.find('\r'))));
      continue;
    }
    return ec != asio::error::would_block && ec != asio::error::try_again && ec != asio::error::timed_out;
  }
}

int run(ByteView input) {
  TempDir dir;
  const char* state = std::getenv("IOTBOOT_AFL_STATE");
  const net::DevPkiFiles pki = pki_in(state ? std::filesystem::path(state) / "pki" : dir.path() / "pki");
  scef::ScefConfig c;
  c.store = store::Location::sqlite((dir.path() / "scef.db").string());
  c.durability = store::Durability::normal;
  c.diameter.origin_host = "scef.iotboot.test";
  c.diameter.origin_realm = "iotboot.test";
  c.diameter.listen_port = 0;
  c.diameter.peers = {{"mme.iotboot.test", "iotboot.test", "127.0.0.1", 0, false, {{diameter::app::kT6a}}, false}};
  c.api.port = 0;
  c.api.certificate = pki.scef_certificate.string();
  c.api.private_key = pki.scef_key.string();
  c.api.ca = pki.ca_certificate.string();
  c.api.allowed_as = {kAs[0], kAs[1]};
  c.api.requests_per_s = 20;
  c.api.burst = 4;
  c.api.limits.idle = 2000ms;
  crypto::write_new_kek_file(dir.path() / "device-id.secret");
  c.api.device_id_secret_file = (dir.path() / "device-id.secret").string();
  c.mmes.push_back({Plmn::parse("00101")->encoded(), 0x8001, 1, "mme.iotboot.test", "iotboot.test"});
  c.ks_fetch_timeout = 200ms;
  provision(c.store);

  IoThread nf;
  std::unique_ptr<scef::Scef> scef;
  const std::uint16_t port = nf.call([&] {
    scef = std::make_unique<scef::Scef>(nf.io, c);
    scef->start();
    return scef->key_api_port();
  });
  const bool answered = input.empty() || converse(port, pki, input[0], input.subspan(1));
  if (!answered) std::abort();  // requests the Key API neither answered nor closed on
  nf.await(scef->stop());
  nf.call([&] { scef.reset(); });
  return 0;
}

}  // namespace
}  // namespace iotboot::afl

int main(int argc, char** argv) {
  return iotboot::afl::harness_main(argc, argv, iotboot::afl::write_seeds, iotboot::afl::run);
}
