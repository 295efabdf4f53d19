// Output people read, kept as golden files (tests/golden): the key walkthrough with a fixed
// RAND, the sequence diagram of a fixed bootstrap, and the one-line errors of bad command
// lines with their exit statuses.
#include <gtest/gtest.h>

#include <sstream>

#include "run/sequence_diagram.hpp"
#include "support/golden.hpp"
#include "support/process.hpp"

namespace iotboot::test {
namespace {

TEST(Golden, KeysDemoWithAFixedRand) {
  const ProcessResult r = run_process(IOTBOOT_BIN, {"keys", "demo", "--rand", "23553cbe9637a89d218ae64dae47bf35"});
  EXPECT_EQ(r.status, 0) << r.err;
  expect_golden("keys_demo.txt", r.out);
}

// Each mode draws its own steps: push has 5.1 and 10.1, pull the Ks in step 5 and the T6a
// fetch inside step 14.
TEST(Golden, SequenceDiagramOfAFixedBootstrapInEachMode) {
  ue::BootstrapTrace t;
  t.imsi = "001010000000001";
  t.guti = "001-01-8001-01-c0ffee01";
  t.rand = "23553cbe9637a89d218ae64dae47bf35";
  t.autn = "55f328b43577b9b94a9ffac354dfafb3";
  t.res = "a54211d5e3ba50bf";
  t.ck = "b40b…";
  t.ik = "f769…";
  t.kasme = "238e…";
  t.ks = "6620…";
  t.attach_ms = 12.5;
  for (const char* as : {"as1.example.com", "as2.example.com"}) {
    ue::AsExchange e;
    e.as_id = as;
    e.ks_as_masked = std::string(as) == "as1.example.com" ? "8c1e…" : "04d7…";
    e.request = "hello";
    e.result.ok = true;
    e.result.handshake_ms = 3.25;
    e.result.exchange_ms = 0.75;
    e.result.response = "guti=001-01-8001-01-c0ffee01";
    t.exchanges.push_back(e);
  }
  for (const auto mode : {provisioning::BootstrapMode::push, provisioning::BootstrapMode::pull}) {
    std::ostringstream out;
    cli::print_sequence_diagram(out, t, cli::NetworkNames{}, mode);
    expect_golden("sequence_diagram_" + std::string(provisioning::to_string(mode)) + ".txt", out.str());
  }
}

TEST(Golden, UsageErrorsAreOneLineWithStatus2) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"keys", "milenage", "--opc", "cd63cb71954a9f4e48a5994e37a02baf"},
      {"keys", "ks-as", "--ks", "zz", "--as-id", "as1.example.com"},
      {"keys", "demo", "--rand", "0011"},
      {"keys", "demo", "--as-id", "-bad-.example.com"},
      {"hss"},
      {"hss", "-c", "/nonexistent/hss.yaml"},
      {"run", "--ues", "0"},
      {"run", "--metrics", "9100"},
      {"run", "--write-configs", "/nonexistent/x", "--scef", "0"},
      {"certs", "--dir", "/nonexistent/x", "--scef-host", "not a host"},
      {"subscriber", "add", "--store", "sqlite:/nonexistent/x.db"},
      {"ue", "-c", "/nonexistent/ue.yaml", "--subscribers", "s.csv", "--count", "0"},
  };
  std::string transcript;
  for (const auto& args : cases) {
    const ProcessResult r = run_process(IOTBOOT_BIN, args);
    transcript += "$ iotboot";
    for (const std::string& a : args) transcript += " " + a;
    transcript += "\nexit " + std::to_string(r.status) + "\n" + r.err;
    EXPECT_NE(r.status, 0);
    EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  expect_golden("cli_usage_errors.txt", transcript);
}

}  // namespace
}  // namespace iotboot::test
