// Seed steps 1-16 end to end with every NF in its own `iotboot` process: SCEF, HSS, MME, two
// ASs, and the UE simulator, in both bootstrapping modes (push: solution #12, pull: solution
// #11); libcoap's stock coap-client as a device; the SCEF or the MME killed and restarted, or
// down; and every log scanned for key material.
#include <gtest/gtest.h>

#include <elf.h>
#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "core/hex.hpp"
#include "process_lab.hpp"
#include "support/files.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

// The same key with its first octet changed (and still no NUL).
std::string wrong(const std::string& key) {
  std::string k = key;
  k[0] = static_cast<char>(k[0] == '\x01' ? '\x02' : (k[0] ^ 0x01));
  return k;
}

using provisioning::BootstrapMode;

// The Key API (as AS number `as`, whose identity is `as_id`) serves each UE of `log` the Ks_AS
// the UE derived for that AS.
void expect_served(ProcessLab& lab, int as, const std::vector<KeyLogEntry>& log, const std::string& as_id) {
  const std::vector<KeyApiReply> replies = lab.key_api(as, log, as_id);
  ASSERT_EQ(replies.size(), log.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    ASSERT_EQ(replies[i].status, 200) << replies[i].body;
    EXPECT_EQ(json::parse(replies[i].body)["ksAs"], log[i].ks_as.at(as_id));
  }
}

// The tests both solutions must pass, run once per mode.
class EndToEnd : public ::testing::TestWithParam<BootstrapMode> {
 protected:
  std::string name(const std::string& what) const { return what + "_" + std::string(to_string(GetParam())); }
};

INSTANTIATE_TEST_SUITE_P(EachMode, EndToEnd, ::testing::Values(BootstrapMode::push, BootstrapMode::pull),
                         [](const auto& p) { return std::string(to_string(p.param)); });

// In both modes the Key API hands each AS exactly the Ks_AS the UE derived. Diameter between the
// HSS, SCEF and MME runs over TLS here, as in `make run` (the other process tests over TCP).
TEST_P(EndToEnd, AllSixteenStepsWithEveryNfInItsOwnProcess) {
  ProcessLab lab(50, name("e2e"), GetParam());
  lab.network.diameter_tls = true;
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  const ProcessResult r = lab.run_ues(50, 10);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(ProcessLab::result_line(r.out).find("RESULT attached=50 bootstrapped=50 failed=0 "), std::string::npos)
      << r.out;
  const auto log = lab.key_log();
  ASSERT_EQ(log.size(), 50u);
  // Each AS gets its own Ks_AS, and the SCEF hands out exactly what the UE derived.
  for (const KeyLogEntry& e : log) EXPECT_NE(e.ks_as.at("as1.example.com"), e.ks_as.at("as2.example.com"));
  for (int n : {1, 2}) {
    const std::string id = "as" + std::to_string(n) + ".example.com";
    ASSERT_NO_FATAL_FAILURE(expect_served(lab, n, log, id));
  }
  // S6a, S6t and T6a went over TLS: the HSS opened both its peers over TLS 1.3.
  EXPECT_NE(lab.hss->out().find("peer mme.iotboot.test open (it connected, 127.0.0.1:"), std::string::npos);
  EXPECT_GE(count(lab.hss->out(), ", TLSv1.3)"), 2u) << lab.hss->out();
  EXPECT_EQ(count(lab.hss->out(), ", TCP)"), 0u) << lab.hss->out();
  // Every AS answered every UE inside a DTLS session keyed with that UE's Ks_AS.
  EXPECT_NE(lab.as1->out().find("CoAP over DTLS-PSK"), std::string::npos);
  EXPECT_EQ(lab.as1->out().find("not finished"), std::string::npos) << lab.as1->out();
  // Push: an S6t push per attach, no fetch; pull: no push, every key fetched from the MME.
  const bool pull = GetParam() == BootstrapMode::pull;
  EXPECT_EQ(lab.hss->out().find("S6t:") == std::string::npos, pull) << lab.hss->out();
  EXPECT_EQ(lab.mme->out().find("Ks for its GUTI sent") != std::string::npos, pull) << lab.mme->out();
}

class StockClient : public ::testing::TestWithParam<std::string> {};

TEST_P(StockClient, CompletesWithTheUesKsAsAndFailsQuicklyWithAnyOtherKey) {
  ProcessLab lab(20, "coap_" + GetParam());
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(20, 5).status, 0);
  const auto log = lab.key_log();
  const KeyLogEntry* e = usable(log, "as1.example.com");
  ASSERT_NE(e, nullptr) << "every Ks_AS held a zero octet";
  const std::string key = *key_bytes(e->ks_as.at("as1.example.com"));

  const ProcessResult ok = lab.coap_client(GetParam(), lab.as1_port, e->guti, key, "hello from coap-client");
  EXPECT_NE(ok.out.find("guti=" + e->guti), std::string::npos) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("received=hello from coap-client"), std::string::npos) << ok.out;

  // A wrong key: no answer, and the client is done within its own bound (-B 3).
  const auto t0 = std::chrono::steady_clock::now();
  const ProcessResult bad = lab.coap_client(GetParam(), lab.as1_port, e->guti, wrong(key), "with a wrong key");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 6s);
  EXPECT_EQ(bad.out.find("guti="), std::string::npos) << bad.out;
  // The AS dropped the half-open handshake after its handshake_timeout (1 s here).
  EXPECT_TRUE(lab.as1->wait_for_output("not finished within 1000 ms", 3s)) << lab.as1->out();

  // Each AS accepts only its own Ks_AS: AS 2's key fails at AS 1, and works at AS 2.
  const std::optional<std::string> key2 = key_bytes(e->ks_as.at("as2.example.com"));
  if (key2) {
    EXPECT_EQ(lab.coap_client(GetParam(), lab.as1_port, e->guti, *key2, "cross").out.find("guti="), std::string::npos);
    EXPECT_NE(lab.coap_client(GetParam(), lab.as2_port, e->guti, *key2, "own").out.find("guti=" + e->guti),
              std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(EndToEnd, StockClient, ::testing::Values("openssl", "gnutls"));

TEST_P(EndToEnd, ANewAttachSupersedesTheOldGuti) {
  ProcessLab lab(1, name("supersede"), GetParam());
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(1, 1).status, 0);
  ASSERT_EQ(lab.run_ues(1, 1).status, 0);
  const auto log = lab.key_log();
  ASSERT_EQ(log.size(), 2u);
  ASSERT_NE(log[0].guti, log[1].guti);
  EXPECT_EQ(lab.key_api(1, log[0].guti, "as1.example.com").status, 404);
  const KeyApiReply now = lab.key_api(1, log[1].guti, "as1.example.com");
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(json::parse(now.body)["ksAs"], log[1].ks_as.at("as1.example.com"));
}

// Push mode: the SCEF holds the keys, durably.
TEST(PushMode, ScefKilledAfterAcknowledgingStillServesEveryKeyAfterRestart) {
  ProcessLab lab(30, "scef_kill");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(30, 10).status, 0);
  lab.scef->signal(SIGKILL);
  ASSERT_EQ(lab.scef->wait(5s), 128 + SIGKILL);
  ASSERT_NO_FATAL_FAILURE(lab.start_scef());
  const auto log = lab.key_log();
  ASSERT_NO_FATAL_FAILURE(expect_served(lab, 2, log, "as2.example.com"));
}

TEST(PushMode, ScefDownAttachStillSucceedsAndTheKeyIsNotFound) {
  ProcessLab lab(10, "scef_down");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  lab.scef->signal(SIGKILL);
  ASSERT_EQ(lab.scef->wait(5s), 128 + SIGKILL);
  const ProcessResult r = lab.run_ues(10, 5);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(ProcessLab::result_line(r.out).find("RESULT attached=10 bootstrapped=0 failed=10 "), std::string::npos)
      << r.out;
  // The AS could not reach the Key API: the handshake failed at once, not after a timeout.
  EXPECT_NE(r.out.find("as1.example.com: DTLS handshake failed"), std::string::npos) << r.out;
  EXPECT_TRUE(lab.hss->wait_for_output("S6t", 1s)) << lab.hss->out();
  ASSERT_NO_FATAL_FAILURE(lab.start_scef());
  ASSERT_TRUE(lab.mme_connected_to_scef(2)) << lab.mme->out();
  // Unknown to the SCEF, so asked of the MME, which holds no key for a push-mode UE.
  for (const KeyApiReply& reply : lab.key_api(1, lab.key_log(), "as1.example.com")) {
    EXPECT_EQ(reply.status, 404) << reply.body;
    EXPECT_NE(reply.body.find("KEY_NOT_AVAILABLE"), std::string::npos) << reply.body;
  }
}

// The key scan below, run on each mode's logs in each format (`log.format`: text, json).
class EveryLog : public ::testing::TestWithParam<std::tuple<BootstrapMode, std::string>> {};

INSTANTIATE_TEST_SUITE_P(EachModeAndFormat, EveryLog,
                         ::testing::Combine(::testing::Values(BootstrapMode::push, BootstrapMode::pull),
                                            ::testing::Values("text", "json")),
                         [](const auto& p) {
                           return std::string(to_string(std::get<0>(p.param))) + "_" + std::get<1>(p.param);
                         });

// Every line of a JSON log is one JSON object with the fields of docs/operations.md; returns
// how many lines carried `event`.
std::size_t check_json_log(const std::string& text, const std::string& path, const std::string& event) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)");
  std::istringstream lines(text);
  std::string line;
  std::size_t events = 0;
  while (std::getline(lines, line)) {
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception&) {
      ADD_FAILURE() << path << ": not JSON: " << line;
      continue;
    }
    EXPECT_TRUE(std::regex_match(j.value("time", ""), kTime)) << path << ": " << line;
    for (const char* key : {"level", "nf", "event", "msg"}) EXPECT_TRUE(j.contains(key)) << path << ": " << line;
    if (j.value("event", "") == event) {
      ++events;
      EXPECT_TRUE(j.contains("imsi")) << path << ": " << line;
    }
  }
  return events;
}

TEST_P(EveryLog, NoKeyMaterialInAnyLog) {
  const auto [mode, format] = GetParam();
  ProcessLab lab(30, "no_keys_" + std::string(to_string(mode)) + "_" + format, mode);
  lab.network.log_format = format;
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(30, 10).status, 0);
  const auto log = lab.key_log();
  ASSERT_EQ(log.size(), 30u);
  // The key log holds every key of the hierarchy: owner only.
  EXPECT_EQ(std::filesystem::status(lab.dir / "keys.jsonl").permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // Error paths too: a wrong key at an AS, a refused and an unknown Key API request.
  if (const KeyLogEntry* e = usable(log, "as1.example.com")) {
    lab.coap_client("openssl", lab.as1_port, e->guti, wrong(*key_bytes(e->ks_as.at("as1.example.com"))), "x", 2);
  }
  EXPECT_EQ(lab.key_api(1, log[0].guti, "as2.example.com").status, 403);
  EXPECT_EQ(lab.key_api(1, "001-01-8001-01-00000001", "as1.example.com").status, 404);
  for (auto* p : {&lab.as1, &lab.as2, &lab.mme, &lab.hss, &lab.scef}) {
    (*p)->signal(SIGTERM);
    EXPECT_EQ((*p)->wait(5s), 0);
  }

  std::vector<std::string> keys;
  for (const auto& s : lab.subscribers) {
    keys.push_back(reveal_hex(s.k));
    keys.push_back(reveal_hex(s.opc));
  }
  for (const KeyLogEntry& e : log) {
    for (const std::string* k : {&e.ck, &e.ik, &e.kasme, &e.ks}) keys.push_back(*k);
    for (const auto& [as, k] : e.ks_as) keys.push_back(k);
  }
  const auto logs = lab.logs();
  ASSERT_GE(logs.size(), 12u);  // stdout and stderr of 5 NFs and of the UE run
  std::size_t bytes = 0;
  for (const auto& path : logs) {
    std::string text = read_text(path);
    bytes += text.size();
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const std::string& k : keys) {
      // Any 16 hex digits of a key is a leak (a masked key shows 4).
      for (std::size_t at = 0; at + 16 <= k.size(); at += 16) {
        EXPECT_EQ(text.find(k.substr(at, 16)), std::string::npos) << path << " holds key material";
      }
    }
  }
  EXPECT_GT(bytes, 10000u) << "the logs are suspiciously empty (debug level was asked for)";
  EXPECT_NE(read_text(lab.dir / "scef1.out").find("Key API request from as1.example.com: 200"), std::string::npos);
  if (format != "json") return;
  // Each NF's standard output and error (the UE simulator's is its report) parse line by line,
  // and the main events carry their identifiers as fields.
  for (const auto& path : logs) {
    const std::string file = path.filename().string();
    if (file.rfind("ue", 0) == 0) continue;
    const std::string text = read_text(path);
    const std::size_t accepted = check_json_log(text, file, "attach.accepted");
    if (file == "mme.out") {
      EXPECT_EQ(accepted, 30u);
    }
    if (file == "hss.out") {
      EXPECT_EQ(check_json_log(text, file, "air.answered"), 30u);
    }
  }
}

// The memory of a core file: its LOAD segments, without the notes (the threads' saved
// registers, which hold whatever the last copy passed through them) and without the segment
// at `skip` (an address inside it; 0 for none).
std::string address_space(const std::string& core, std::uint64_t skip) {
  std::string out;
  Elf64_Ehdr eh;
  if (core.size() < sizeof eh) return out;
  std::memcpy(&eh, core.data(), sizeof eh);
  for (std::size_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    const std::size_t at = eh.e_phoff + i * eh.e_phentsize;
    if (at + sizeof ph > core.size()) break;
    std::memcpy(&ph, core.data() + at, sizeof ph);
    if (ph.p_type != PT_LOAD || ph.p_offset + ph.p_filesz > core.size()) continue;
    if (skip != 0 && skip >= ph.p_vaddr && skip < ph.p_vaddr + ph.p_memsz) continue;
    out.append(core, ph.p_offset, ph.p_filesz);
  }
  return out;
}

// Where the main thread's stack is in a process: an address inside its [stack] mapping.
std::uint64_t main_stack_of(int pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find("[stack]") != std::string::npos) return std::stoull(line.substr(0, line.find('-')), nullptr, 16);
  }
  return 0;
}

// Pull mode: the SCEF holds nothing, so its restart loses nothing; every key comes from the MME.
TEST(PullMode, ScefKilledAndRestartedServesEveryKeyFromTheMme) {
  ProcessLab lab(20, "pull_scef_kill", BootstrapMode::pull);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(20, 5).status, 0);
  lab.scef->signal(SIGKILL);
  ASSERT_EQ(lab.scef->wait(5s), 128 + SIGKILL);
  ASSERT_NO_FATAL_FAILURE(lab.start_scef());
  ASSERT_TRUE(lab.mme_connected_to_scef(2)) << lab.mme->out();  // by itself
  const auto log = lab.key_log();
  ASSERT_NO_FATAL_FAILURE(expect_served(lab, 2, log, "as2.example.com"));
}

// Pull mode: the keys rest at the MME. Its restart loses them (the GUTIs it gave are unknown to
// the new process) and each UE bootstraps again after re-attaching.
TEST(PullMode, MmeRestartedForgetsItsGutisAndTheUesBootstrapAgain) {
  ProcessLab lab(10, "pull_mme_kill", BootstrapMode::pull);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(10, 5).status, 0);
  const auto before = lab.key_log();
  lab.mme->signal(SIGKILL);
  ASSERT_EQ(lab.mme->wait(5s), 128 + SIGKILL);
  EXPECT_EQ(lab.key_api(1, before[0].guti, "as1.example.com").status, 503);  // no MME to ask
  ASSERT_NO_FATAL_FAILURE(lab.start_mme());
  ASSERT_TRUE(lab.mme_connected_to_scef(1)) << lab.mme->out();
  for (const KeyApiReply& r : lab.key_api(1, before, "as1.example.com")) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_NE(r.body.find("CONTEXT_NOT_FOUND"), std::string::npos) << r.body;
  }
  const ProcessResult again = lab.run_ues(10, 5);
  EXPECT_EQ(again.status, 0) << again.out << again.err;
  const auto after = lab.key_log();
  ASSERT_EQ(after.size(), 20u);
  const std::vector<KeyLogEntry> again_log(after.begin() + 10, after.end());
  ASSERT_NO_FATAL_FAILURE(expect_served(lab, 1, again_log, "as1.example.com"));
}

// Pull mode: a UE that detached has no key any more (its Ks went with its context at the MME).
TEST(PullMode, ADetachedUesGutiIsNotFound) {
  ProcessLab lab(3, "pull_detach", BootstrapMode::pull);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(3, 3, "", true).status, 0);
  for (const KeyApiReply& r : lab.key_api(1, lab.key_log(), "as1.example.com")) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_NE(r.body.find("UE_DETACHED"), std::string::npos) << r.body;
  }
}

// Pull mode moves Ks through S6a and T6a: once its UEs have detached, no process of the core
// may hold any Ks, as raw bytes, in its memory: decoded messages, framer and output buffers,
// the heap, the store threads' stacks. The io thread's stack is left out: 16 bytes of a Ks
// that a copy left in a vector register may be spilled there by later, unrelated code, and
// only a wipe of the registers after every key copy would prevent it (docs/security.md).
TEST(PullMode, NoKsIsLeftInTheMemoryOfTheHssMmeOrScefOnceItsUesDetach) {
#if defined(IOTBOOT_PROGRAMS_UNDER_ASAN)
  GTEST_SKIP() << "a core dump of an AddressSanitizer process spans its shadow memory";
#endif
  ProcessLab lab(3, "pull_key_bytes", BootstrapMode::pull);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(3, 3, "", true).status, 0);
  const auto log = lab.key_log();
  ASSERT_EQ(log.size(), 3u);
  for (auto* p : {&lab.hss, &lab.mme, &lab.scef}) {
    const std::filesystem::path core = lab.dir / ("core-" + std::to_string((*p)->pid()));
    const ProcessResult dump = run_process(
        "/usr/bin/gdb", {"-q", "-batch", "-p", std::to_string((*p)->pid()), "-ex", "gcore " + core.string()});
    ASSERT_TRUE(std::filesystem::exists(core)) << dump.out << dump.err;
    const std::string memory = address_space(read_text(core), main_stack_of((*p)->pid()));
    std::filesystem::remove(core);
    const char* who = p == &lab.hss ? "HSS" : p == &lab.mme ? "MME" : "SCEF";
    for (const KeyLogEntry& e : log) {
      std::string ks;
      for (std::size_t i = 0; i + 1 < e.ks.size(); i += 2)
        ks.push_back(static_cast<char>(std::stoi(e.ks.substr(i, 2), nullptr, 16)));
      ASSERT_EQ(ks.size(), 32u);
      EXPECT_EQ(memory.find(ks.substr(0, 16)), std::string::npos) << who;
      EXPECT_EQ(memory.find(ks.substr(16, 16)), std::string::npos) << who;
    }
  }
}

// The review found Ks_AS's hex in unwiped temporaries: the SCEF's answer, the AS's JSON parsing
// and HTTP buffers (and OpenSSL's read buffer, the TLS stream's linearisation of several write
// buffers). After a bootstrap, a core dump of each process holds no key as text.
TEST(EndToEnd, NoKeyTextIsLeftInTheMemoryOfTheAsOrTheScef) {
#if defined(IOTBOOT_PROGRAMS_UNDER_ASAN)
  GTEST_SKIP() << "a core dump of an AddressSanitizer process spans its shadow memory";
#endif
  ProcessLab lab(3, "key_text");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(3, 3).status, 0);
  const auto log = lab.key_log();
  ASSERT_EQ(log.size(), 3u);
  for (auto* p : {&lab.as1, &lab.scef}) {
    const std::filesystem::path core = lab.dir / ("core-" + std::to_string((*p)->pid()));
    const ProcessResult dump = run_process(
        "/usr/bin/gdb", {"-q", "-batch", "-p", std::to_string((*p)->pid()), "-ex", "gcore " + core.string()});
    ASSERT_TRUE(std::filesystem::exists(core)) << dump.out << dump.err;
    const std::string memory = address_space(read_text(core), 0);
    std::filesystem::remove(core);
    for (const KeyLogEntry& e : log) {
      for (const std::string* k : {&e.ks_as.at("as1.example.com"), &e.ks}) {
        EXPECT_EQ(memory.find(k->substr(0, 16)), std::string::npos) << (p == &lab.as1 ? "AS" : "SCEF");
        EXPECT_EQ(memory.find(k->substr(48, 16)), std::string::npos) << (p == &lab.as1 ? "AS" : "SCEF");
      }
    }
  }
}

}  // namespace
}  // namespace iotboot::test
