// `iotboot run` (what `make run` runs): the whole system in one process, through the real binary.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "core/hex.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::cli {
namespace {

TEST(RunCli, EveryUeBootstrapsAndOneBootstrapIsDrawnWithMaskedKeys) {
  const auto dir = test::temp_dir("run-cli");
  const auto r = test::run_process(IOTBOOT_BIN, {"run", "--dir", dir.string(), "--ues", "60", "--concurrency", "20"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // The summary ends with the load driver's RESULT line.
  const auto at = r.out.rfind("RESULT ");
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(at).find("RESULT attached=60 bootstrapped=60 failed=0 bootstraps_per_s="), 0u) << r.out;
  EXPECT_EQ(r.out.find('\n', at), r.out.size() - 1) << "RESULT is not the last line";
  // The diagram names every step with real identities.
  for (const char* step :
       {"Attach Request, IMSI 001010000000001", "S6a Authentication-Information-Request",
        "S6t Reporting-Information-Request", "T6a Reporting-Information-Request", "Attach Accept, GUTI 001-01-8001-01-",
        "POST /iotboot-keys/v1/retrieve", "Application Response 2.04 Changed \"as=as1.example.com guti=001-01-8001-01-",
        "as=as2.example.com"}) {
    EXPECT_NE(r.out.find(step), std::string::npos) << step << "\n" << r.out;
  }
  // Keys show 4 hex digits and an ellipsis; no longer run of hex than RAND/AUTN (32) appears,
  // and no key of the first subscriber appears at all.
  EXPECT_TRUE(std::regex_search(r.out, std::regex("Ks_AS = KDF\\(Ks, 0xC1, \"as1.example.com\"\\) = [0-9a-f]{4}…")));
  EXPECT_FALSE(std::regex_search(r.out, std::regex("[0-9a-f]{33}")));
  std::ifstream csv(dir / "subscribers.csv");
  auto subs = provisioning::read_subscribers(csv);
  ASSERT_TRUE(subs.ok());
  EXPECT_EQ(subs->size(), 60u);
  EXPECT_EQ(r.out.find(reveal_hex(subs->front().k)), std::string::npos);
  // The work directory holds what a newcomer can inspect and reuse.
  for (const char* f : {"certs/ca.pem", "certs/scef.pem", "certs/as1.example.com.pem", "hss.db", "scef.db"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  }
  // A second run reuses the certificates and starts from fresh databases.
  const auto again = test::run_process(IOTBOOT_BIN, {"run", "--dir", dir.string(), "--ues", "10"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
  std::filesystem::remove_all(dir);
}

TEST(RunCli, BadFlagsAreOneLineErrors) {
  const auto r = test::run_process(IOTBOOT_BIN, {"run", "--ues", "0"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("--ues"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace iotboot::cli
