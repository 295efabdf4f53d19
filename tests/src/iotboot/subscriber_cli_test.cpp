// `iotboot subscriber`: provisioning against a real SQLite file through the real binary.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/ports.hpp"
#include "support/process.hpp"
#include "support/store_engine.hpp"

namespace iotboot::cli {
namespace {

using nlohmann::json;

struct Db {
  std::filesystem::path dir = test::temp_dir("subscriber-cli");
  std::string db;  // the --store
  explicit Db(test::Engine e = test::Engine::sqlite) : db(test::fresh_store(e, dir, "hss.db").target) {
    if (e == test::Engine::sqlite) db = "sqlite:" + db;
  }
  ~Db() { std::filesystem::remove_all(dir); }
  test::ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), "subscriber");
    return test::run_process(IOTBOOT_BIN, args);
  }
};

const std::string kK = "465b5ce8b199b49faa5f0a2ee238a6bc";
const std::string kOp = "cdc202d5123e20f62b6d676ac72cb318";
const std::string kOpc = "cd63cb71954a9f4e48a5994e37a02baf";

// The commands that read and write the store, on each engine.
class SubscriberCliStore : public testing::TestWithParam<test::Engine> {};

TEST_P(SubscriberCliStore, AddShowListDeleteNeverPrintKeys) {
  Db d(GetParam());
  auto add =
      d.run({"add", "--store", d.db, "--imsi", "001010000000001", "--k", kK, "--op", kOp, "--bootstrap", "push"});
  ASSERT_EQ(add.status, 0) << add.err;
  auto show = d.run({"show", "--store", d.db, "--imsi", "001010000000001"});
  ASSERT_EQ(show.status, 0);
  const json j = json::parse(show.out);
  EXPECT_EQ(j["imsi"], "001010000000001");
  EXPECT_EQ(j["bootstrap"], "push");
  EXPECT_EQ(j["sqn"], "000000000000");
  auto list = d.run({"list", "--store", d.db});
  for (const auto* out : {&add.out, &show.out, &list.out}) {
    EXPECT_EQ(out->find(kK), std::string::npos);
    EXPECT_EQ(out->find(kOpc), std::string::npos);
    EXPECT_EQ(out->find(kOp), std::string::npos);
  }
  EXPECT_EQ(d.run({"add", "--store", d.db, "--imsi", "001010000000001", "--k", kK, "--opc", kOpc}).status, 2);
  EXPECT_EQ(d.run({"delete", "--store", d.db, "--imsi", "001010000000001"}).status, 0);
  auto gone = d.run({"show", "--store", d.db, "--imsi", "001010000000001"});
  EXPECT_EQ(gone.status, 2);
  EXPECT_EQ(gone.err, "iotboot: --imsi: no such subscriber\n");
}

// Keys at rest: sealed under --kek-file; without it the store is refused in one line naming the
// settings (exit 1); `rekey` moves every subscriber to the new current KEK, and once only.
TEST_P(SubscriberCliStore, SealedKeysNeedTheKekAndRekeyMovesThemToANewOne) {
  Db d(GetParam());
  const std::string k1 = (d.dir / "kek1").string(), k2 = (d.dir / "kek2").string();
  ASSERT_EQ(test::run_process(IOTBOOT_BIN, {"kek", "generate", "-o", k1}).status, 0);
  ASSERT_EQ(test::run_process(IOTBOOT_BIN, {"kek", "generate", "-o", k2}).status, 0);
  auto add = d.run({"add", "--store", d.db, "--kek-file", k1, "--imsi", "001010000000001", "--k", kK, "--opc", kOpc});
  ASSERT_EQ(add.status, 0) << add.err;
  auto refused = d.run({"show", "--store", d.db, "--imsi", "001010000000001"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_EQ(refused.err,
            "iotboot: store: the subscribers' keys are sealed, but no key-encryption key is configured (set "
            "key_encryption.kek_file in the NF's configuration, --kek-file, or IOTBOOT_KEK_FILE)\n");
  auto rekey = d.run({"rekey", "--store", d.db, "--kek-file", "2=" + k2 + ",1=" + k1});
  ASSERT_EQ(rekey.status, 0) << rekey.err;
  EXPECT_EQ(rekey.out, "{\"scanned\":1,\"resealed\":1,\"kek_id\":2}\n");
  EXPECT_EQ(d.run({"rekey", "--store", d.db, "--kek-file", "2=" + k2 + ",1=" + k1}).out,
            "{\"scanned\":1,\"resealed\":0,\"kek_id\":2}\n");
  EXPECT_EQ(d.run({"show", "--store", d.db, "--imsi", "001010000000001", "--kek-file", "2=" + k2}).status, 0);
  auto old_only = d.run({"show", "--store", d.db, "--imsi", "001010000000001", "--kek-file", k1});
  EXPECT_EQ(old_only.status, 1);
  EXPECT_EQ(old_only.err,
            "iotboot: store: hss.k of 001010000000001 sealed under KEK 2 cannot be opened: no KEK with that id is "
            "configured\n");
  std::filesystem::permissions(k2, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
  auto open_file = d.run({"list", "--store", d.db, "--kek-file", "2=" + k2});
  EXPECT_EQ(open_file.status, 1);
  EXPECT_EQ(open_file.err,
            "iotboot: KEK file " + k2 + ": mode 0640: group or others may read it: refused (chmod 600)\n");
  for (const auto* out : {&add.out, &refused.err, &rekey.out, &old_only.err})
    EXPECT_EQ(out->find(kK), std::string::npos);
}

// The mode is provisioned per subscriber (push, pull, off, or the HSS's default) and changed
// with `set` without touching the keys or the SQN.
TEST_P(SubscriberCliStore, BootstrapModeIsProvisionedAndChanged) {
  Db d(GetParam());
  auto add =
      d.run({"add", "--store", d.db, "--imsi", "001010000000001", "--k", kK, "--op", kOp, "--sqn", "000000000020"});
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_EQ(json::parse(add.out)["bootstrap"], "default");
  auto set = d.run({"set", "--store", d.db, "--imsi", "001010000000001", "--bootstrap", "pull"});
  ASSERT_EQ(set.status, 0) << set.err;
  const json j = json::parse(d.run({"show", "--store", d.db, "--imsi", "001010000000001"}).out);
  EXPECT_EQ(j["bootstrap"], "pull");
  EXPECT_EQ(j["sqn"], "000000000020");
  auto scef = d.run({"set", "--store", d.db, "--imsi", "001010000000001", "--scef-id", "scef2.iotboot.test"});
  ASSERT_EQ(scef.status, 0) << scef.err;
  EXPECT_EQ(json::parse(scef.out)["scef_id"], "scef2.iotboot.test");
  EXPECT_EQ(json::parse(scef.out)["bootstrap"], "pull");
  auto bad = d.run({"set", "--store", d.db, "--imsi", "001010000000001", "--bootstrap", "yes"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "iotboot: --bootstrap: must be off, push, pull or default\n");
  EXPECT_EQ(d.run({"set", "--store", d.db, "--imsi", "001010000000001"}).status, 2);
  EXPECT_EQ(d.run({"set", "--store", d.db, "--imsi", "001010000000009", "--bootstrap", "off"}).status, 2);
  {
    std::ofstream csv(d.dir / "modes.csv");
    csv << "imsi,k,op,amf,sqn,bootstrap\n"
        << "001010000000002," << kK << "," << kOp << ",8000,000000000000,pull\n"
        << "001010000000003," << kK << "," << kOp << ",8000,000000000000,off\n";
  }
  ASSERT_EQ(d.run({"import", "--store", d.db, (d.dir / "modes.csv").string()}).status, 0);
  EXPECT_EQ(json::parse(d.run({"show", "--store", d.db, "--imsi", "001010000000002"}).out)["bootstrap"], "pull");
  EXPECT_EQ(json::parse(d.run({"show", "--store", d.db, "--imsi", "001010000000003"}).out)["bootstrap"], "off");
}

TEST_P(SubscriberCliStore, ImportIsAllOrNothing) {
  Db d(GetParam());
  {
    std::ofstream csv(d.dir / "subs.csv");
    csv << "imsi,k,op,amf,sqn,bootstrap\n"
        << "001010000000001," << kK << "," << kOp << ",8000,000000000020,1\n"
        << "001010000000002," << kK << "," << kOp << ",8000,000000000000,0\n";
  }
  auto ok = d.run({"import", "--store", d.db, (d.dir / "subs.csv").string()});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["imported"], 2);
  EXPECT_EQ(json::parse(d.run({"show", "--store", d.db, "--imsi", "001010000000001"}).out)["sqn"], "000000000020");
  {
    std::ofstream csv(d.dir / "bad.csv");
    csv << "001010000000003," << kK << "," << kOpc << ",8000,000000000000,0\n"
        << "001010000000004," << kK.substr(2) << "," << kOpc << ",8000,000000000000,0\n";
  }
  auto bad = d.run({"import", "--store", d.db, (d.dir / "bad.csv").string()});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("line 2: k: expected 32 hex digits (16 bytes), got 30"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find(kK.substr(2)), std::string::npos);                            // never quotes a key
  EXPECT_EQ(d.run({"show", "--store", d.db, "--imsi", "001010000000003"}).status, 2);  // line 1 not imported
  // Importing existing subscribers needs --update.
  const auto again = d.run({"import", "--store", d.db, (d.dir / "subs.csv").string()});
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.err.find("subscriber 001010000000001 exists already (use --update)"), std::string::npos) << again.err;
  EXPECT_EQ(d.run({"import", "--store", d.db, "--update", (d.dir / "subs.csv").string()}).status, 0);
}

// External-Identifiers go to the SCEFs' store, one per subscriber and AS, unique per AS.
TEST_P(SubscriberCliStore, ExternalIdSetListDelete) {
  Db d(GetParam());  // its store serves as the SCEFs' here
  const std::vector<std::string> who = {"--scef-store", d.db, "--imsi", "001010000000001"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 2, who.begin(), who.end());
    return d.run(args);
  };
  auto set = with({"external-id", "set", "--as-id", "as1.example.com", "--external-id", "meter-17@meters.example.com"});
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_EQ(json::parse(set.out)["external_id"], "meter-17@meters.example.com");
  ASSERT_EQ(with({"external-id", "set", "--as-id", "as2.example.com", "--external-id", "m17@as2.example.com"}).status,
            0);
  const auto list = with({"external-id", "list"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_EQ(
      list.out,
      "{\"imsi\":\"001010000000001\",\"as_id\":\"as1.example.com\",\"external_id\":\"meter-17@meters.example.com\"}\n"
      "{\"imsi\":\"001010000000001\",\"as_id\":\"as2.example.com\",\"external_id\":\"m17@as2.example.com\"}\n");
  // Another subscriber cannot take the same External-Identifier at the same AS.
  auto taken = d.run({"external-id", "set", "--scef-store", d.db, "--imsi", "001010000000002", "--as-id",
                      "as1.example.com", "--external-id", "meter-17@meters.example.com"});
  EXPECT_EQ(taken.status, 1);
  EXPECT_NE(taken.err.find("this AS already knows another subscriber by that External-Identifier"), std::string::npos)
      << taken.err;
  // Refused before the store is touched, in one line that does not repeat the input.
  auto bad = with({"external-id", "set", "--as-id", "as1.example.com", "--external-id", "a\"b@x.com"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "iotboot: --external-id: character not allowed in a local identifier at position 2\n");
  EXPECT_EQ(with({"external-id", "set", "--as-id", "as_1", "--external-id", "a@x.com"}).status, 2);
  EXPECT_EQ(with({"external-id", "delete", "--as-id", "as1.example.com"}).status, 0);
  auto again = with({"external-id", "delete", "--as-id", "as1.example.com"});
  EXPECT_EQ(again.status, 2);
  EXPECT_EQ(again.err, "iotboot: --as-id: the subscriber has no External-Identifier for this AS\n");
  EXPECT_EQ(with({"external-id", "list"}).out.find("as1.example.com"), std::string::npos);
}

INSTANTIATE_ON_EVERY_ENGINE(SubscriberCliStore);

TEST(SubscriberCli, GenerateWritesAnImportableFile) {
  Db d;
  auto gen = d.run({"generate", "--count", "50", "--first-imsi", "001010000000100"});
  ASSERT_EQ(gen.status, 0);
  { std::ofstream(d.dir / "g.csv") << gen.out; }
  EXPECT_EQ(json::parse(d.run({"import", "--store", d.db, (d.dir / "g.csv").string()}).out)["imported"], 50);
  EXPECT_EQ(d.run({"show", "--store", d.db, "--imsi", "001010000000149"}).status, 0);
}

TEST(SubscriberCli, BadInput) {
  Db d;
  EXPECT_EQ(d.run({"add", "--store", d.db, "--imsi", "0010", "--k", kK, "--opc", kOpc}).err,
            "iotboot: --imsi: expected 6 to 15 digits, got 4\n");
  EXPECT_EQ(d.run({"add", "--store", d.db, "--imsi", "001010000000001", "--k", kK, "--opc", kOpc, "--amf", "80"}).err,
            "iotboot: --amf: expected 4 hex digits (2 bytes), got 2\n");
  EXPECT_EQ(d.run({"generate", "--count", "0"}).status, 2);
  // TS 33.401 §6.1.1: an E-UTRAN subscriber's AMF has the separation bit; no vector is built
  // without it, so none is provisioned.
  const std::string no_separation_bit =
      "the separation bit (0x8000) is not set: E-UTRAN vectors need it (TS 33.401 6.1.1)";
  EXPECT_EQ(d.run({"add", "--store", d.db, "--imsi", "001010000000001", "--k", kK, "--opc", kOpc, "--amf", "0000"}).err,
            "iotboot: --amf: " + no_separation_bit + "\n");
  {
    std::ofstream csv(d.dir / "amf.csv");
    csv << "001010000000005," << kK << "," << kOpc << ",8000,000000000000,0\n"
        << "001010000000006," << kK << "," << kOpc << ",7fff,000000000000,0\n";
  }
  const auto amf = d.run({"import", "--store", d.db, (d.dir / "amf.csv").string()});
  EXPECT_EQ(amf.status, 2);
  EXPECT_NE(amf.err.find("line 2: amf: " + no_separation_bit), std::string::npos) << amf.err;
  EXPECT_EQ(d.run({"list", "--store", "sqlite:/nonexistent/dir/hss.db"}).status, 1);
  const auto no_scheme = d.run({"list", "--store", "/var/lib/hss.db"});
  EXPECT_EQ(no_scheme.status, 2);
  EXPECT_EQ(no_scheme.err, "iotboot: --store: expected sqlite:PATH or postgresql://URI\n");
  // An unreachable server: one line, no password, exit 1.
  const auto down = d.run({"list", "--store", "postgresql://iotboot:s3cret@127.0.0.1:1/x?connect_timeout=2"});
  EXPECT_EQ(down.status, 1);
  EXPECT_EQ(down.err.find("s3cret"), std::string::npos) << down.err;
  EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1) << down.err;
}

}  // namespace
}  // namespace iotboot::cli
