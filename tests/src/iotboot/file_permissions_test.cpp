// Files that hold key material are readable by their owner only, through the real binary: the
// review found the HSS and SCEF databases, subscribers.csv and the key log at mode 0644.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/ports.hpp"
#include "support/process.hpp"

namespace iotboot::cli {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

struct Dir {
  fs::path dir = test::temp_dir("permissions");
  ~Dir() { fs::remove_all(dir); }
  test::ProcessResult run(std::vector<std::string> args) const { return test::run_process(IOTBOOT_BIN, args); }
  test::ProcessResult shell(const std::string& command) const {
    return test::run_process("/bin/sh", {"-c", "umask 022; " + command});
  }
};

TEST(FilePermissions, SubscriberFilesAndDatabasesAreOwnerOnly) {
  Dir d;
  const fs::path csv = d.dir / "subs.csv", out = d.dir / "redirected.csv", db = d.dir / "hss.db";
  // Written by iotboot, or through a shell redirection with the usual umask.
  ASSERT_EQ(d.run({"subscriber", "generate", "--count", "3", "-o", csv.string()}).status, 0);
  EXPECT_EQ(mode_of(csv), 0600u);
  const auto redirected = d.shell(std::string(IOTBOOT_BIN) + " subscriber generate --count 3 > " + out.string());
  ASSERT_EQ(redirected.status, 0);
  EXPECT_EQ(mode_of(out), 0600u);
  EXPECT_NE(redirected.err.find("standard output: mode 0644 narrowed to 0600"), std::string::npos) << redirected.err;
  // A database is created owner-only, with its WAL and shared-memory files.
  ASSERT_EQ(d.run({"subscriber", "import", "--store", "sqlite:" + db.string(), csv.string()}).status, 0);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (fs::exists(db.string() + suffix)) {
      EXPECT_EQ(mode_of(db.string() + suffix), 0600u) << suffix;
    }
  }
  // Existing files that others may read are narrowed, and the operator is told.
  fs::permissions(csv, fs::perms(0644));
  fs::permissions(db, fs::perms(0644));
  const auto again = d.run({"subscriber", "import", "--store", "sqlite:" + db.string(), "--update", csv.string()});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(mode_of(csv), 0600u);
  EXPECT_EQ(mode_of(db), 0600u);
  EXPECT_NE(again.err.find(csv.string() + ": mode 0644 narrowed to 0600"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find(db.string() + ": mode 0644 narrowed to 0600"), std::string::npos) << again.err;
  EXPECT_EQ(again.out.find("narrowed"), std::string::npos) << "diagnostics belong on standard error";
}

TEST(FilePermissions, KeyFilesAreNeverWrittenThroughASymlink) {
  Dir d;
  const fs::path victim = d.dir / "elsewhere.txt";
  std::ofstream(victim) << "not a key\n";
  fs::create_directories(d.dir / "certs");
  fs::create_symlink(victim, d.dir / "certs" / "scef.key");
  const auto r = d.run({"certs", "--dir", (d.dir / "certs").string()});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("scef.key: is a symbolic link: refused"), std::string::npos) << r.err;
  std::ifstream in(victim);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "not a key\n");
  // Nor is a subscriber file.
  fs::create_symlink(victim, d.dir / "subs.csv");
  EXPECT_NE(d.run({"subscriber", "generate", "-o", (d.dir / "subs.csv").string()}).status, 0);
  EXPECT_EQ(fs::file_size(victim), 10u);
}

TEST(FilePermissions, CertsKeepTheCaKeyApartAndFixExistingKeys) {
  Dir d;
  const fs::path certs = d.dir / "certs";
  ASSERT_EQ(d.run({"certs", "--dir", certs.string()}).status, 0);
  EXPECT_FALSE(fs::exists(certs / "ca.key"));
  EXPECT_EQ(mode_of(certs / "private"), 0700u);
  EXPECT_EQ(mode_of(certs / "private" / "ca.key"), 0600u);
  for (const char* key : {"scef.key", "as1.example.com.key", "as2.example.com.key"})
    EXPECT_EQ(mode_of(certs / key), 0600u);
  EXPECT_EQ(mode_of(certs / "ca.pem") & 0600u, 0600u);  // certificates are for handing out
  fs::permissions(certs / "scef.key", fs::perms(0644));
  const auto again = d.run({"certs", "--dir", certs.string()});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(mode_of(certs / "scef.key"), 0600u);
  EXPECT_NE(again.err.find("scef.key: mode 0644 narrowed to 0600"), std::string::npos) << again.err;
}

TEST(FilePermissions, TheWholeSystemsWorkDirectoryIsOwnerOnlyWhereItHoldsKeys) {
  Dir d;
  const auto r = d.run({"run", "--dir", d.dir.string(), "--ues", "5", "--concurrency", "5"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"subscribers.csv", "hss.db", "scef.db", "certs/scef.key", "certs/private/ca.key"}) {
    EXPECT_EQ(mode_of(d.dir / f), 0600u) << f;
  }
  for (const char* f : {"hss.db-wal", "scef.db-wal", "hss.db-shm", "scef.db-shm"}) {
    if (fs::exists(d.dir / f)) {
      EXPECT_EQ(mode_of(d.dir / f), 0600u) << f;
    }
  }
}

}  // namespace
}  // namespace iotboot::cli
