// AFL++ harness: the HSS's Diameter node, from the first octet a peer sends. The input is the
// byte stream of one connection (its first message should be the CER, which the seeds carry);
// the harness sends it message by message, as the header lengths cut it, and waits for an
// answer to every request. A request neither answered nor refused by closing the connection
// within kAnswerBound aborts the run: afl-fuzz keeps that input as a crash.
#include <utility>

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <cstring>

#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/base/peer_messages.hpp"
#include "diameter/writer.hpp"
#include "harness/harness.hpp"
#include "hss/hss.hpp"
#include "hss/subscriber_store.hpp"

namespace iotboot::afl {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

constexpr std::string_view kPeer = "mme.iotboot.test";
constexpr std::string_view kRealm = "iotboot.test";
constexpr std::string_view kImsiOff = "001010000000001";
constexpr std::string_view kImsiPull = "001010000000002";
constexpr std::size_t kHeader = 20;

std::uint32_t length_of(const std::uint8_t* header) {
  return std::uint32_t{header[1]} << 16 | std::uint32_t{header[2]} << 8 | header[3];
}

template <typename M>
void append(std::vector<std::uint8_t>& out, const M& m, std::uint32_t id) {
  diameter::Writer w(out);
  m.encode(w, id, id);
}

std::vector<std::uint8_t> cer() {
  diameter::base::Cer c;
  c.origin_host = kPeer;
  c.origin_realm = kRealm;
  c.host_ip_addresses.push_back({});
  c.product_name = "afl";
  c.vendor_specific_application_ids.push_back({10415, diameter::app::kS6a, std::nullopt});
  std::vector<std::uint8_t> out;
  append(out, c, 1);
  return out;
}

void air(std::vector<std::uint8_t>& out, std::string_view imsi, unsigned vectors, std::uint32_t id,
         std::optional<Bytes<30>> resync = std::nullopt) {
  diameter::s6a::Air a;
  const std::string session = "mme.iotboot.test;1;" + std::to_string(id);
  a.routing.session_id = session;
  a.routing.origin_host = kPeer;
  a.routing.origin_realm = kRealm;
  a.routing.destination_realm = kRealm;
  a.user_name = imsi;
  a.visited_plmn_id = {0x00, 0xf1, 0x10};
  a.eutran = diameter::s6a::RequestedEutranAuthInfo{vectors, std::nullopt, resync};
  append(out, a, id);
}

void write_seeds(const std::filesystem::path& dir) {
  diameter::base::Dwr dwr;
  dwr.origin_host = kPeer;
  dwr.origin_realm = kRealm;
  diameter::base::Dpr dpr;
  dpr.origin_host = kPeer;
  dpr.origin_realm = kRealm;
  dpr.disconnect_cause = diameter::avp::DisconnectCause::rebooting;

  write_seed(dir, "cer", cer());
  std::vector<std::uint8_t> s = cer();
  air(s, kImsiOff, 1, 2);
  write_seed(dir, "cer_air", s);
  s = cer();
  air(s, kImsiPull, 3, 2);
  air(s, "001010000000099", 1, 3);
  append(s, dwr, 4);
  write_seed(dir, "cer_air_pull_unknown_dwr", s);
  s = cer();
  Bytes<30> resync{};
  resync[0] = 0x42;
  air(s, kImsiOff, 1, 2, resync);
  append(s, dpr, 3);
  write_seed(dir, "cer_resync_dpr", s);
}

void provision(const store::Location& where) {
  auto store = hss::open_subscriber_store(where, store::Durability::normal);
  for (auto [imsi, mode] : {std::pair{kImsiOff, provisioning::BootstrapMode::off},
                            std::pair{kImsiPull, provisioning::BootstrapMode::pull}}) {
    hss::Subscriber s;
    s.imsi = imsi;
    std::memset(s.k.data(), 0x46, 16);
    std::memset(s.opc.data(), 0xcd, 16);
    s.bootstrap = mode;
    store->insert(s);
  }
}

// Sends the stream message by message; false when a request went unanswered.
bool converse(LoopbackSocket& peer, ByteView stream) {
  std::vector<std::uint8_t> received;
  std::size_t requests = 0, answers = 0;
  auto count_answers = [&] {
    while (received.size() >= kHeader) {
      const std::uint32_t n = length_of(received.data());
      if (n < kHeader || received.size() < n) break;
      if (!(received[4] & 0x80)) ++answers;
      trace("received command " + std::to_string(received[5] << 16 | received[6] << 8 | received[7]) +
            (received[4] & 0x80 ? " request" : " answer"));
      received.erase(received.begin(), received.begin() + n);
    }
  };
  std::size_t at = 0;
  while (at < stream.size()) {
    std::size_t n = stream.size() - at;
    bool request = false;
    if (n >= kHeader && length_of(&stream[at]) >= kHeader) {
      n = std::min<std::size_t>(n, length_of(&stream[at]));
      request = n == length_of(&stream[at]) && (stream[at + 4] & 0x80);
    }
    if (!peer.send(stream.subspan(at, n))) return true;  // closed by the node
    at += n;
    if (!request) continue;
    ++requests;
    while (answers < requests) {
      auto bytes = peer.receive(kAnswerBound);
      if (!bytes) return false;
      if (bytes->empty()) return true;
      received.insert(received.end(), bytes->begin(), bytes->end());
      count_answers();
    }
  }
  return true;
}

int run(ByteView input) {
  TempDir dir;
  hss::HssConfig c;
  c.store = store::Location::sqlite((dir.path() / "hss.db").string());
  c.durability = store::Durability::normal;
  c.diameter.origin_host = "hss.iotboot.test";
  c.diameter.origin_realm = std::string(kRealm);
  c.diameter.listen_address = "127.0.0.1";
  c.diameter.listen_port = 0;
  c.diameter.peers.push_back(
      {std::string(kPeer), std::string(kRealm), "127.0.0.1", 0, false, {{diameter::app::kS6a}}, false});
  provision(c.store);

  IoThread nf;
  std::unique_ptr<hss::Hss> hss;
  const std::uint16_t port = nf.call([&] {
    hss = std::make_unique<hss::Hss>(nf.io, c);
    hss->start();
    return hss->node().local_port();
  });
  bool answered = true;
  {
    LoopbackSocket peer(LoopbackSocket::Kind::tcp, port);
    answered = converse(peer, input);
  }
  if (!answered) std::abort();  // a request the node neither answered nor refused
  nf.await(hss->stop());
  nf.call([&] { hss.reset(); });
  return 0;
}

}  // namespace
}  // namespace iotboot::afl

int main(int argc, char** argv) {
  return iotboot::afl::harness_main(argc, argv, iotboot::afl::write_seeds, iotboot::afl::run);
}
