// Keys at rest, end to end: real NF processes bootstrap UEs with their keys sealed under a KEK
// (docs/storage.md), and then no K, OPc or Ks is anywhere in what the databases wrote: the
// SQLite files with their WAL and shared memory, and for PostgreSQL a pg_dump and the server's
// own files (base/ and pg_wal/). A store holding sealed keys refuses an NF started without the
// KEK.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/hex.hpp"
#include "process_lab.hpp"
#include "support/files.hpp"
#include "support/postgres_server.hpp"
#include "support/store_engine.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Each key as it could sit in a file: raw octets, lower-case hex and upper-case hex.
class KeyScan {
 public:
  void add(const std::string& what, const std::string& lower_hex) {
    std::string upper = lower_hex, raw;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i + 1 < lower_hex.size(); i += 2) {
      raw.push_back(static_cast<char>(std::stoi(lower_hex.substr(i, 2), nullptr, 16)));
    }
    add_form(what + " (raw)", raw);
    add_form(what + " (hex)", lower_hex);
    add_form(what + " (HEX)", upper);
  }
  std::size_t size() const { return forms_.size(); }

  // What of it `data` holds (`where` names the file).
  std::vector<std::string> find(const std::string& data, const std::string& where) const {
    std::vector<std::string> found;
    for (std::size_t at = 0; at + 8 <= data.size(); ++at) {
      std::uint64_t head = 0;
      std::memcpy(&head, data.data() + at, 8);
      const auto hit = by_head_.find(head);
      if (hit == by_head_.end()) continue;
      for (const std::size_t i : hit->second) {
        if (data.compare(at, forms_[i].second.size(), forms_[i].second) == 0) {
          found.push_back(forms_[i].first + " in " + where + " at " + std::to_string(at));
        }
      }
    }
    return found;
  }

  // Every regular file under `path` (or `path` itself); `scanned` counts their bytes.
  std::vector<std::string> find_in(const fs::path& path, std::size_t& scanned) const {
    std::vector<std::string> found;
    auto one = [&](const fs::path& file) {
      const std::string data = read_text(file);
      scanned += data.size();
      for (std::string& f : find(data, file.string())) found.push_back(std::move(f));
    };
    if (fs::is_regular_file(path)) one(path);
    if (fs::is_directory(path)) {
      for (const auto& e : fs::recursive_directory_iterator(path)) {
        if (e.is_regular_file()) one(e.path());
      }
    }
    return found;
  }

 private:
  void add_form(const std::string& what, const std::string& bytes) {
    std::uint64_t head = 0;
    std::memcpy(&head, bytes.data(), 8);
    by_head_[head].push_back(forms_.size());
    forms_.emplace_back(what, bytes);
  }
  std::vector<std::pair<std::string, std::string>> forms_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_head_;
};

// Every K and OPc of the lab's subscribers, and every Ks of its UEs' key log.
KeyScan keys_of(const ProcessLab& lab) {
  KeyScan scan;
  for (const auto& s : lab.subscribers) {
    scan.add("K of " + s.imsi, reveal_hex(s.k));
    scan.add("OPc of " + s.imsi, reveal_hex(s.opc));
  }
  for (const KeyLogEntry& e : lab.key_log()) scan.add("Ks of " + e.imsi, e.ks);
  return scan;
}

std::string lines(const std::vector<std::string>& found) {
  std::string out;
  for (std::size_t i = 0; i < found.size() && i < 20; ++i) out += found[i] + "\n";
  return out + std::to_string(found.size()) + " found";
}

class KeysAtRest : public ::testing::TestWithParam<Engine> {
 protected:
  bool pg() const { return GetParam() == Engine::postgresql; }
  std::string name(const std::string& what) const { return what + (pg() ? "_pg" : "_sqlite"); }
};

INSTANTIATE_ON_EVERY_ENGINE(KeysAtRest);

// 50 UEs attach and bootstrap; then every K, OPc and Ks is looked for in what the stores wrote.
// The subscribers were imported under the KEK, so no plaintext ever reached the store; the
// PostgreSQL server is the test's own, so its files hold this run's rows only.
void run_and_scan(Engine engine, provisioning::BootstrapMode mode, const std::string& name) {
  const bool pg = engine == Engine::postgresql;
  std::unique_ptr<PostgresServer> server;
  LabStore where{.postgres = "", .kek = true};
  if (pg) {
    server = std::make_unique<PostgresServer>();
    where.postgres = server->create_database();
  }
  ProcessLab lab(50, name, mode, where);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  const ProcessResult r = lab.run_ues(50, 10);
  ASSERT_NE(ProcessLab::result_line(r.out).find("RESULT attached=50 bootstrapped=50 failed=0 "), std::string::npos)
      << r.out << r.err;
  const KeyScan keys = keys_of(lab);
  ASSERT_EQ(keys.size(), (50u * 2 + 50) * 3);
  // The first IMSI is stored as text: a scan that cannot see it proves nothing.
  KeyScan imsi;
  imsi.add("IMSI", to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(lab.subscribers[0].imsi.data()), 15)));

  std::size_t scanned = 0;
  std::vector<std::string> found;
  auto scan = [&](const fs::path& path) {
    for (std::string& f : keys.find_in(path, scanned)) found.push_back(std::move(f));
  };
  if (!pg) {
    // While the NFs run (their WAL and -shm hold the latest commits), then once they stopped.
    auto files = [&] {
      std::size_t imsis = 0;
      for (const auto& e : fs::directory_iterator(lab.dir)) {
        const std::string file = e.path().filename().string();
        if (file.starts_with("hss.db") || file.starts_with("scef.db")) {
          scan(e.path());
          imsis += imsi.find_in(e.path(), scanned).size();
        }
      }
      return imsis;
    };
    EXPECT_GT(files(), 0u);
    ASSERT_TRUE(fs::exists(lab.dir / "scef.db-wal"));
    EXPECT_TRUE(lab.stop_all());
    EXPECT_GT(files(), 0u);
  } else {
    const fs::path dump = lab.dir / "dump.sql";
    const ProcessResult dumped =
        run_process("/usr/lib/postgresql/15/bin/pg_dump", {"-d", where.postgres, "-f", dump.string()});
    ASSERT_EQ(dumped.status, 0) << dumped.err;
    scan(dump);
    EXPECT_GT(imsi.find_in(dump, scanned).size(), 0u);
    EXPECT_TRUE(lab.stop_all());
    server->stop();  // its shutdown checkpoint writes every page to base/
    for (const char* d : {"base", "pg_wal"}) {
      scan(server->dir() / "data" / d);
      EXPECT_GT(imsi.find_in(server->dir() / "data" / d, scanned).size(), 0u) << d;
    }
  }
  EXPECT_TRUE(found.empty()) << lines(found);
  EXPECT_GT(scanned, 100'000u);
}

// Push: the SCEF stores each Ks (sealed).
TEST_P(KeysAtRest, NoKOpcOrKsIsInAnyFileTheStoresWrote) {
  ASSERT_NO_FATAL_FAILURE(run_and_scan(GetParam(), provisioning::BootstrapMode::push, name("at_rest")));
}

// Pull: the SCEF stores contexts and fetches each Ks from the MME, never writing it. On SQLite
// only: the HSS's rows are those of push, and a server of its own costs PostgreSQL seconds.
TEST(KeysAtRestPull, NoKOpcOrKsIsInAnyFileTheStoresWrote) {
  ASSERT_NO_FATAL_FAILURE(run_and_scan(Engine::sqlite, provisioning::BootstrapMode::pull, "at_rest_pull"));
}

// Sealed rows and no KEK: the HSS and the SCEF each refuse to start, with one line naming the
// settings, exit 1 (systemd shows it; a plaintext fallback would serve nothing anyway).
TEST_P(KeysAtRest, AnNfWithoutTheKekRefusesASealedStore) {
  LabStore where{.postgres = pg() ? shared_postgres().create_database() : "", .kek = true};
  ProcessLab lab(5, name("no_kek"), provisioning::BootstrapMode::push, where);
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_NE(ProcessLab::result_line(lab.run_ues(1, 1).out).find("bootstrapped=1 "), std::string::npos);
  EXPECT_TRUE(lab.stop_all());
  ::unsetenv("IOTBOOT_KEK_FILE");
  ::unsetenv("IOTBOOT_KEK");
  lab.network.kek_file.clear();
  lab.write_configs();
  const std::string hint =
      "no key-encryption key is configured (set key_encryption.kek_file in the NF's configuration, --kek-file, or "
      "IOTBOOT_KEK_FILE)\n";
  for (const auto& [nf, what] : {std::pair<std::string, std::string>{"hss", "the subscribers' keys"},
                                 std::pair<std::string, std::string>{"scef", "the KeySets' Ks"}}) {
    ChildProcess p(lab.bin, {nf, "-c", (lab.dir / (nf + ".yaml")).string()}, (lab.dir / (nf + "_no_kek")).string());
    EXPECT_EQ(p.wait(10s), 1) << nf;
    EXPECT_EQ(p.err(), "iotboot: store: " + what + " are sealed, but " + hint) << nf;
  }
}

}  // namespace
}  // namespace iotboot::test
