// The `iotboot keys` contract, checked against the real binary: JSON on stdout and exit 0, or
// one line on stderr naming the flag and exit 2.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace iotboot::cli {
namespace {

using nlohmann::json;
using Args = std::vector<std::string>;

test::ProcessResult keys(const Args& args) {
  Args all = {"keys"};
  all.insert(all.end(), args.begin(), args.end());
  return test::run_process(IOTBOOT_BIN, all);
}

const Args kSubscriber = {"--k", "465b5ce8b199b49faa5f0a2ee238a6bc", "--opc", "cd63cb71954a9f4e48a5994e37a02baf"};
const Args kSubscriberOp = {"--k", "465b5ce8b199b49faa5f0a2ee238a6bc", "--op", "cdc202d5123e20f62b6d676ac72cb318"};
const std::string kRand = "23553cbe9637a89d218ae64dae47bf35";

Args with(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

json ok_json(const test::ProcessResult& r) {
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return json::parse(r.out);
}

// A usage error: exit 2, nothing on stdout, exactly one line on stderr that contains `needle`.
void expect_usage_error(const test::ProcessResult& r, const std::string& needle) {
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(KeysCli, Milenage) {
  const json j =
      ok_json(keys(with({"milenage", "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}, kSubscriberOp)));
  const json want = {{"opc", "cd63cb71954a9f4e48a5994e37a02baf"},
                     {"f1", "4a9ffac354dfafb3"},
                     {"f1star", "01cfaf9ec4e871e9"},
                     {"f2", "a54211d5e3ba50bf"},
                     {"f3", "b40ba9a3c58b2a05bbf0d987b21bf8cb"},
                     {"f4", "f769bcd751044604127672711c6d3441"},
                     {"f5", "aa689c648370"},
                     {"f5star", "451e8beca43b"}};
  EXPECT_EQ(j, want);
}

TEST(KeysCli, AuthVectorWithKsAs) {
  const json j = ok_json(keys(with({"av", "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "8000", "--plmn", "00101",
                                    "--as-id", "as1.example.com"},
                                   kSubscriber)));
  EXPECT_EQ(j["rand"], kRand);
  EXPECT_EQ(j["xres"], "a54211d5e3ba50bf");
  EXPECT_EQ(j["autn"], "55f328b43577800059bcea576837152b");
  EXPECT_EQ(j["ck"], "b40ba9a3c58b2a05bbf0d987b21bf8cb");
  EXPECT_EQ(j["ik"], "f769bcd751044604127672711c6d3441");
  EXPECT_EQ(j["ak"], "aa689c648370");
  EXPECT_EQ(j["kasme"], "48579af8781c742d5120e6ed8ccac13193f38c53ab7aa69396f49ca6e1b0562d");
  EXPECT_EQ(j["ks"], "6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857");
  EXPECT_EQ(j["ks_as"], "6d045e87bfb51062b28aa0c90337453040d378ed29b6b532d01c42fa6a123e7a");
  EXPECT_EQ(j.size(), 9u);
}

TEST(KeysCli, AuthVectorWithoutAsIdHasNoKsAs) {
  const json j = ok_json(
      keys(with({"av", "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "8000", "--plmn", "001001"}, kSubscriber)));
  EXPECT_FALSE(j.contains("ks_as"));
  EXPECT_EQ(j.size(), 8u);
}

TEST(KeysCli, AutsAndResync) {
  const json a = ok_json(keys(with({"auts", "--rand", kRand, "--sqn-ms", "000000000040"}, kSubscriber)));
  EXPECT_EQ(a, (json{{"auts", "451e8beca47b7c4adabf45e76f4b"}}));
  const json r =
      ok_json(keys(with({"resync", "--rand", kRand, "--auts", "451e8beca47b7c4adabf45e76f4b"}, kSubscriber)));
  EXPECT_EQ(r, (json{{"sqn_ms", "000000000040"}, {"mac_s_valid", true}}));
  const json forged =
      ok_json(keys(with({"resync", "--rand", kRand, "--auts", "451e8beca47b7c4adabf45e76f4c"}, kSubscriber)));
  EXPECT_EQ(forged["mac_s_valid"], false);
}

TEST(KeysCli, KsAs) {
  const json j = ok_json(keys({"ks-as", "--ks", "6620C33D0C44C99D2076E1061EF7DC2C9D0A70E8088E02D051B7043678DA6857",
                               "--as-id", "as1.example.com"}));
  EXPECT_EQ(j, (json{{"ks_as", "6d045e87bfb51062b28aa0c90337453040d378ed29b6b532d01c42fa6a123e7a"}}));
}

TEST(KeysCli, DemoAgrees) {
  const test::ProcessResult r = keys({"demo"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("result: UE and network agree on every key"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("synch failure (#21)"), std::string::npos);
  // Keys are masked: no 64-digit (or 32-digit) hex run of a key appears.
  EXPECT_EQ(r.out.find("465b5ce8b199b49faa5f0a2ee238a6bc"), std::string::npos);
  EXPECT_EQ(r.out.find("cd63cb71954a9f4e48a5994e37a02baf"), std::string::npos);
}

TEST(KeysCli, OddLengthHex) {
  expect_usage_error(
      keys(with({"milenage", "--rand", kRand + "0", "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}, kSubscriber)),
      "--rand: odd number of hex digits (33)");
}

TEST(KeysCli, WrongLength) {
  expect_usage_error(
      keys({"milenage", "--k", "465b5ce8b199b49faa5f0a2ee238a6", "--opc", "cd63cb71954a9f4e48a5994e37a02baf", "--rand",
            kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}),
      "--k: expected 32 hex digits (16 bytes), got 30");
  expect_usage_error(keys(with({"milenage", "--rand", kRand, "--sqn", "ff9bb4d0b6", "--amf", "b9b9"}, kSubscriber)),
                     "--sqn: expected 12 hex digits (6 bytes), got 10");
}

TEST(KeysCli, NonHexNeverEchoesTheValue) {
  const test::ProcessResult r =
      keys({"milenage", "--k", "465b5ce8b199b49faa5f0a2ee238a6bz", "--opc", "cd63cb71954a9f4e48a5994e37a02baf",
            "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"});
  expect_usage_error(r, "--k: not a hex digit at position 32");
  EXPECT_EQ(r.err.find("465b5ce8"), std::string::npos);
}

TEST(KeysCli, MissingFlag) {
  expect_usage_error(keys(with({"milenage", "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}, kSubscriber)), "--rand");
  expect_usage_error(keys({"milenage", "--k", "465b5ce8b199b49faa5f0a2ee238a6bc", "--rand", kRand, "--sqn",
                           "ff9bb4d0b607", "--amf", "b9b9"}),
                     "--op/--opc: one of them is required");
  expect_usage_error(keys({"ks-as", "--ks", "6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857"}),
                     "--as-id");
}

TEST(KeysCli, DuplicateFlag) {
  expect_usage_error(
      keys(with({"milenage", "--rand", kRand, "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}, kSubscriber)),
      "--rand");
}

TEST(KeysCli, BothOpAndOpc) {
  expect_usage_error(
      keys(with(with({"milenage", "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"}, kSubscriber),
                {"--op", "cdc202d5123e20f62b6d676ac72cb318"})),
      "--op");
}

TEST(KeysCli, BadPlmnAndFqdn) {
  const Args av = with({"av", "--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "8000"}, kSubscriber);
  expect_usage_error(keys(with(av, {"--plmn", "0010"})), "--plmn: expected 5 or 6 digits");
  expect_usage_error(keys(with(av, {"--plmn", "00a01"})), "--plmn: not a decimal digit at position 3");
  expect_usage_error(keys(with(av, {"--plmn", "00101", "--as-id", "as_1.example.com"})), "--as-id: not a valid FQDN");
}

TEST(KeysCli, ExtraArgumentIsNotEchoed) {
  const test::ProcessResult r =
      keys({"ks-as", "--ks", "6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857", "--as-id",
            "a.example.com", "00112233445566778899aabbccddeeff"});
  expect_usage_error(r, "unexpected extra argument");
  EXPECT_EQ(r.err.find("00112233"), std::string::npos);
}

// Keys need not be on the command line (where `ps` shows them): @FILE reads the file's first
// line, @- the next line of standard input; the results are the same as with the hex itself.
TEST(KeysCli, KeysFromAFileOrStandardInput) {
  const auto dir = std::filesystem::temp_directory_path() / ("keys-cli-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "k") << "465b5ce8b199b49faa5f0a2ee238a6bc\n";
    std::ofstream(dir / "opc") << "cd63cb71954a9f4e48a5994e37a02baf";
  }
  std::filesystem::permissions(dir / "k", std::filesystem::perms(0600));
  std::filesystem::permissions(dir / "opc", std::filesystem::perms(0600));
  const Args tail = {"--rand", kRand, "--sqn", "ff9bb4d0b607", "--amf", "b9b9"};
  const json inline_keys = ok_json(keys(with(with({"milenage"}, kSubscriber), tail)));
  EXPECT_EQ(
      ok_json(keys(with({"milenage", "--k", "@" + (dir / "k").string(), "--opc", "@" + (dir / "opc").string()}, tail))),
      inline_keys);
  std::string command =
      std::string("printf '465b5ce8b199b49faa5f0a2ee238a6bc\\ncd63cb71954a9f4e48a5994e37a02baf\\n' | ") + IOTBOOT_BIN +
      " keys milenage --k @- --opc @-";
  for (const std::string& a : tail) command += " " + a;
  const test::ProcessResult piped = test::run_process("/bin/sh", {"-c", command});
  EXPECT_EQ(ok_json(piped), inline_keys);
  expect_usage_error(keys(with({"milenage", "--k", "@/nonexistent/k", "--opc", "@-"}, tail)),
                     "--k: cannot read /nonexistent/k");
  // A key file others may read is narrowed, and said so on standard error.
  std::filesystem::permissions(dir / "k", std::filesystem::perms(0644));
  const test::ProcessResult wide =
      keys(with({"milenage", "--k", "@" + (dir / "k").string(), "--opc", "@" + (dir / "opc").string()}, tail));
  EXPECT_EQ(wide.status, 0);
  EXPECT_NE(wide.err.find("k: mode 0644 narrowed to 0600"), std::string::npos) << wide.err;
  std::filesystem::remove_all(dir);
}

TEST(KeysCli, UnknownSubcommand) {
  const test::ProcessResult r = keys({"frobnicate"});
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace iotboot::cli
