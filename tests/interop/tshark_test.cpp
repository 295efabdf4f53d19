// Independent decoding by Wireshark: tshark captures on loopback an exchange of S6a AIR/AIA
// (a pull-mode vector with IoT-Ks among them), S6t RIR/RIA, T6a RIR/RIA and pull mode's T6a
// CIR/CIA (a key, and a refusal) between our nodes, reports no malformed packet and no expert
// warning or error, and reads back the values we sent.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "../lib/diameter/hss_answers.hpp"
#include "../lib/diameter/io_thread.hpp"
#include "crypto/auth_vector.hpp"
#include "diameter/apps/ids.hpp"
#include "diameter/apps/s6a.hpp"
#include "diameter/apps/s6t.hpp"
#include "diameter/apps/t6a.hpp"
#include "diameter/dictionary.hpp"
#include "diameter/node/node.hpp"
#include "diameter/result_codes.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::diameter {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kRealm = "iotboot.test";
constexpr std::string_view kImsi = "001010000000001";
using test::kUnknownImsi;

NodeConfig config(std::string_view host, std::uint16_t listen_port) {
  NodeConfig c;
  c.origin_host = host;
  c.origin_realm = kRealm;
  c.listen = listen_port != 0;
  c.listen_port = listen_port;
  return c;
}

PeerConfig peer(std::string_view host, std::uint16_t port, bool connect) {
  return {std::string(host),
          std::string(kRealm),
          "127.0.0.1",
          port,
          connect,
          {{app::kS6a}, {app::kS6t}, {app::kT6a}},
          false};
}

// The set-1 subscriber's E-UTRAN vector (docs/keys.md, test vectors), built by lib/crypto.
crypto::AuthVector vector() {
  return crypto::build_auth_vector(
      test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc"), test::key<16>("cd63cb71954a9f4e48a5994e37a02baf"),
      test::hex<16>("23553cbe9637a89d218ae64dae47bf35"), crypto::Sqn::from_bytes(test::hex<6>("ff9bb4d0b607")),
      test::hex<2>("8000"), test::hex<3>("00f110"));
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

std::string strip_colons(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ':'), s.end());
  return s;
}

// Wireshark's data directory with iotboot's private AVPs in its Diameter dictionary
// (docs/wireshark/Custom.xml): links to the system files, and our Custom.xml.
std::filesystem::path wireshark_data_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path system = "/usr/share/wireshark", data = dir / "wireshark-data";
  fs::create_directories(data / "diameter");
  for (const auto& e : fs::directory_iterator(system)) {
    if (e.path().filename() != "diameter") fs::create_directory_symlink(e.path(), data / e.path().filename());
  }
  for (const auto& e : fs::directory_iterator(system / "diameter")) {
    if (e.path().filename() != "Custom.xml") fs::create_symlink(e.path(), data / "diameter" / e.path().filename());
  }
  fs::copy_file(fs::path(IOTBOOT_SOURCE_DIR) / "docs" / "wireshark" / "Custom.xml", data / "diameter" / "Custom.xml");
  return data;
}

// Wireshark ignores WIRESHARK_DATA_DIR when run as root, so decoding then runs as nobody.
test::ProcessResult run_tshark(const std::string& data_dir, std::vector<std::string> args) {
  std::vector<std::string> cmd = {"WIRESHARK_DATA_DIR=" + data_dir, "/usr/bin/tshark"};
  cmd.insert(cmd.end(), args.begin(), args.end());
  if (geteuid() != 0) return test::run_process("/usr/bin/env", cmd);
  cmd.insert(cmd.begin(), {"-u", "nobody", "--", "/usr/bin/env"});
  return test::run_process("/usr/sbin/runuser", cmd);
}

// Sends one request from n, routed to the realm: 1 if it failed, else 0.
template <typename Request>
asio::awaitable<int> failures_of(Node& n, Request request) {
  const std::string sid = n.new_session_id();
  request.routing = n.routing(sid, kRealm);
  const RequestResult r = co_await n.request(request);
  co_return r.ok() ? 0 : 1;
}

TEST(Tshark, DecodesS6aS6tT6aAsSent) {
  const auto dir = test::temp_dir("tshark");
  const std::uint16_t hss_port = test::free_port(), scef_port = test::free_port();
  const std::string pcap = (dir / "capture.pcapng").string();
  const std::string filter = "tcp port " + std::to_string(hss_port) + " or tcp port " + std::to_string(scef_port);
  test::ChildProcess capture("/usr/bin/tshark", {"-i", "lo", "-f", filter, "-w", pcap}, (dir / "capture").string());
  // tshark says "Capture started" on stderr once dumpcap captures.
  for (int i = 0; i < 2000 && capture.err().find("Capture started") == std::string::npos; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_NE(capture.err().find("Capture started"), std::string::npos) << capture.err();

  const crypto::AuthVector av = vector();
  test::IoThread io;
  std::unique_ptr<Node> hss, scef, mme;
  io.call([&] {
    NodeConfig h = config("hss.iotboot.test", hss_port);
    h.peers = {peer("mme.iotboot.test", 0, false), peer("scef.iotboot.test", scef_port, true)};
    NodeConfig s = config("scef.iotboot.test", scef_port);
    s.peers = {peer("hss.iotboot.test", 0, false), peer("mme.iotboot.test", 0, false)};
    NodeConfig m = config("mme.iotboot.test", 0);
    m.peers = {peer("hss.iotboot.test", hss_port, true), peer("scef.iotboot.test", scef_port, true)};
    hss = std::make_unique<Node>(io.io, h);
    scef = std::make_unique<Node>(io.io, s);
    mme = std::make_unique<Node>(io.io, m);
    hss->use_application(app::kS6t);
    mme->use_application(app::kS6a);
    mme->use_application(app::kT6a);
    hss->serve<s6a::Air>([&av](const s6a::Air& air, Reply& reply) {
      s6a::EutranVector v;
      v.item_number = 1;
      v.rand = av.rand;
      v.xres.size = 8;
      std::copy(av.xres.begin(), av.xres.end(), v.xres.bytes.begin());
      v.autn = av.autn;
      v.kasme = av.kasme;
      v.ks = av.ks;  // pull mode
      v.ks_lifetime_s = 86400;
      s6a::Aia aia = test::aia_for(air, reply, v);
      if (!aia.vectors.empty()) aia.notify_scef = s6a::IotNotifyScef{"scef.iotboot.test", std::nullopt};
      reply.send(aia);
    });
    auto ria = [](auto tag) {
      using Ria = decltype(tag);
      return [](const auto&, Reply& reply) {
        Ria r;
        r.origin = reply.success_origin();
        reply.send(r);
      };
    };
    scef->serve<s6t::Rir>(ria(s6t::Ria{}));
    scef->serve<t6a::Rir>(ria(t6a::Ria{}));
    // Pull mode: the MME answers the first GUTI with its Ks, any other as detached.
    mme->serve<t6a::Cir>([&av](const t6a::Cir& cir, Reply& reply) {
      if (cir.guti != test::hex<10>("00f110800101c0ffee01")) {
        return reply.error(DiameterError::experimental(kVendorIotboot, result::kIotUeDetached, "detached"));
      }
      t6a::Cia cia;
      cia.origin = reply.success_origin();
      cia.user_name = "001010000000001";
      cia.ks = av.ks;
      cia.ks_lifetime_s = 600;
      reply.send(cia);
    });
    scef->start();
    hss->start();
    mme->start();
    return 0;
  });
  ASSERT_TRUE(io.await(mme->wait_open("hss.iotboot.test", 10s)));
  ASSERT_TRUE(io.await(mme->wait_open("scef.iotboot.test", 10s)));
  ASSERT_TRUE(io.await(hss->wait_open("scef.iotboot.test", 10s)));

  const int failures = io.await([](Node& m, Node& h, const crypto::AuthVector& v) -> asio::awaitable<int> {
    int bad = 0;
    for (std::string_view imsi : {kImsi, kUnknownImsi}) {
      s6a::Air air;
      air.user_name = imsi;
      air.visited_plmn_id = {0x00, 0xf1, 0x10};
      air.eutran = s6a::RequestedEutranAuthInfo{1, 0, std::nullopt};
      bad += co_await failures_of(m, air);
    }
    {
      s6t::Rir rir;
      rir.user_name = kImsi;
      s6t::IotKeySet k;
      k.user_name = kImsi;
      k.rand = v.rand;
      k.ks = v.ks;
      k.lifetime_s = 86400;
      rir.key_sets.push_back(k);
      bad += co_await failures_of(h, rir);
    }
    {
      t6a::Rir rir;
      rir.user_name = kImsi;
      rir.rand = v.rand;
      rir.guti = test::hex<10>("00f110800101c0ffee01");
      bad += co_await failures_of(m, rir);
    }
    co_return bad;
  }(*mme, *hss, av));
  ASSERT_EQ(failures, 0);
  const int cir_failures = io.await([](Node& s) -> asio::awaitable<int> {
    int bad = 0;
    for (const char* guti : {"00f110800101c0ffee01", "00f110800101c0ffee02"}) {
      const std::string sid = s.new_session_id();
      t6a::Cir cir;
      cir.routing = s.routing(sid, kRealm, std::string_view("mme.iotboot.test"));
      cir.guti = test::hex<10>(guti);
      const RequestResult r = co_await s.request(cir);
      bad += r.ok() ? 0 : 1;
    }
    co_return bad;
  }(*scef));
  ASSERT_EQ(cir_failures, 0);
  io.call([&] {
    mme.reset();
    hss.reset();
    scef.reset();
    return 0;
  });
  std::this_thread::sleep_for(500ms);
  capture.signal(SIGINT);
  ASSERT_EQ(capture.wait(10s), 0) << capture.err();

  std::filesystem::permissions(pcap, std::filesystem::perms::others_read, std::filesystem::perm_options::add);
  const std::string data = wireshark_data_dir(dir).string();
  auto tshark = [&](std::vector<std::string> args) { return run_tshark(data, std::move(args)); };
  // TCP's own sequence analysis is off: a D-SACK or retransmission on a loaded loopback is an
  // expert warning about the transport, not about what we encode.
  const std::vector<std::string> decode = {"-r", pcap,
                                           "-o", "tcp.analyze_sequence_numbers:FALSE",
                                           "-d", "tcp.port==" + std::to_string(hss_port) + ",diameter",
                                           "-d", "tcp.port==" + std::to_string(scef_port) + ",diameter"};
  // No malformed packet, no expert warning or error.
  auto problems = decode;
  problems.insert(problems.end(), {"-Y", "_ws.malformed || _ws.expert.severity >= 0x00600000", "-T", "fields", "-e",
                                   "frame.number", "-e", "_ws.expert.message"});
  const test::ProcessResult p = tshark(problems);
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(p.out, "") << "tshark reports problems";

  // The values tshark reads.
  auto fields = decode;
  fields.insert(fields.end(), {"-Y", "diameter", "-T", "fields", "-E", "separator=|", "-e", "diameter.cmd.code", "-e",
                               "diameter.flags.request", "-e", "diameter.applicationId", "-e", "diameter.User-Name",
                               "-e", "diameter.RAND", "-e", "diameter.XRES", "-e", "diameter.AUTN", "-e",
                               "diameter.KASME", "-e", "diameter.Result-Code", "-e",
                               "diameter.Experimental-Result-Code", "-e", "diameter.IoT-Ks", "-e", "diameter.IoT-GUTI",
                               // Experimental-Result-Code under a vendor other than 3GPP
                               "-e", "diameter.other_vendor.Experimental-Result-Code"});
  const test::ProcessResult f = tshark(fields);
  ASSERT_EQ(f.status, 0) << f.err;
  std::map<std::string, std::vector<std::vector<std::string>>> seen;  // "cmd/app/R" -> rows
  for (const std::string& line : split(f.out, '\n')) {
    const auto c = split(line, '|');
    if (c.size() < 13) continue;
    const bool request = c[1] == "1" || c[1] == "True";
    seen[c[0] + "/" + c[2] + (request ? "/R" : "/A")].push_back(c);
  }
  const std::string kasme = to_hex(ByteView(av.kasme.data(), 32));
  ASSERT_EQ(seen["318/16777251/R"].size(), 2u);
  EXPECT_EQ(seen["318/16777251/R"][0][3], kImsi);
  EXPECT_EQ(seen["318/16777251/R"][1][3], kUnknownImsi);
  ASSERT_EQ(seen["318/16777251/A"].size(), 2u);
  const auto& aia = seen["318/16777251/A"][0];
  EXPECT_EQ(strip_colons(aia[4]), to_hex(av.rand));
  EXPECT_EQ(strip_colons(aia[5]), to_hex(av.xres));
  EXPECT_EQ(strip_colons(aia[6]), to_hex(av.autn));
  EXPECT_EQ(strip_colons(aia[7]), kasme);
  EXPECT_EQ(aia[8], "2001");
  const std::string ks = to_hex(ByteView(av.ks.data(), 32));
  EXPECT_EQ(strip_colons(aia[10]), ks);  // IoT-Ks inside the E-UTRAN-Vector
  EXPECT_EQ(seen["318/16777251/A"][1][9], "5001");
  ASSERT_EQ(seen["8388719/16777345/R"].size(), 1u);  // S6t RIR
  EXPECT_EQ(strip_colons(seen["8388719/16777345/R"][0][4]), to_hex(av.rand));
  ASSERT_EQ(seen["8388719/16777345/A"].size(), 1u);
  EXPECT_EQ(seen["8388719/16777345/A"][0][8], "2001");
  ASSERT_EQ(seen["8388719/16777346/R"].size(), 1u);  // T6a RIR
  EXPECT_EQ(strip_colons(seen["8388719/16777346/R"][0][4]), to_hex(av.rand));
  ASSERT_EQ(seen["8388719/16777346/A"].size(), 1u);
  EXPECT_EQ(seen["8388719/16777346/A"][0][8], "2001");
  ASSERT_EQ(seen["8388718/16777346/R"].size(), 2u);  // T6a CIR (pull mode)
  EXPECT_EQ(strip_colons(seen["8388718/16777346/R"][0][11]), "00f110800101c0ffee01");
  ASSERT_EQ(seen["8388718/16777346/A"].size(), 2u);
  EXPECT_EQ(seen["8388718/16777346/A"][0][8], "2001");
  EXPECT_EQ(strip_colons(seen["8388718/16777346/A"][0][10]), ks);
  EXPECT_EQ(seen["8388718/16777346/A"][1][12], "5602");  // IOT_ERROR_UE_DETACHED, vendor 32473
  // CER/CEA and DPR/DPA were decoded too.
  EXPECT_FALSE(seen["257/0/R"].empty());
  EXPECT_FALSE(seen["257/0/A"].empty());
}

}  // namespace
}  // namespace iotboot::diameter
