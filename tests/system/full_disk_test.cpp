// A full disk under the HSS's and the SCEF's SQLite databases (a small tmpfs the test mounts;
// root only): attaches fail with a defined cause and nothing is corrupted, the Key API keeps
// answering what it has, and everything resumes once space returns.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <vector>

#include "process_lab.hpp"
#include "provisioning/subscriber_csv.hpp"
#include "store/sqlite.hpp"
#include "support/files.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Writes zeros to `file` until the file system has not one byte left (blocks, then ever smaller
// writes); returns the bytes written.
std::size_t fill(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return 0;
  const std::vector<char> zeros(64 * 1024, 0);
  std::size_t written = 0;
  for (std::size_t size = zeros.size(); size > 0; size /= 2) {
    ssize_t n = 0;
    while ((n = ::write(fd, zeros.data(), size)) > 0) written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return written;
}

// A CSV of the lab's subscribers [from, to): UEs that never attached, so that each attach asks
// the HSS (the MME keeps a UE's unused vectors).
std::string slice(const ProcessLab& lab, std::size_t from, std::size_t to) {
  const fs::path csv = lab.dir / ("subs-" + std::to_string(from) + ".csv");
  std::ofstream out(csv);
  provisioning::write_subscribers(
      out, std::vector<provisioning::SubscriberCredentials>(lab.subscribers.begin() + static_cast<std::ptrdiff_t>(from),
                                                            lab.subscribers.begin() + static_cast<std::ptrdiff_t>(to)));
  return csv.string();
}

std::string integrity(const fs::path& db) {
  store::Database d(db.string(), store::Durability::full, false);
  store::Statement st = d.prepare("PRAGMA integrity_check");
  return st.step() ? st.column_text(0) : "no answer";
}

struct Tmpfs {
  fs::path at;
  explicit Tmpfs(fs::path where) : at(std::move(where)) {
    fs::create_directories(at);
    mounted = mount("tmpfs", at.c_str(), "tmpfs", 0, "size=4m") == 0;
    EXPECT_TRUE(mounted) << at << ": " << std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted) umount2(at.c_str(), MNT_DETACH);
  }
  bool mounted = false;
};

// The result line's attached= count.
int attached(const ProcessResult& run) {
  std::smatch m;
  const std::string result = ProcessLab::result_line(run.out);
  return std::regex_search(result, m, std::regex("attached=([0-9]+)")) ? std::stoi(m[1]) : -1;
}

TEST(FullDisk, CommitsFailWithDefinedCausesTheKeyApiServesWhatItHasAndAllResumes) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
  ProcessLab lab(60, "full-disk");
  // The HSS's and the SCEF's databases each on a small file system of its own.
  const Tmpfs hss_disk(lab.dir / "hss-disk"), scef_disk(lab.dir / "scef-disk");
  ASSERT_TRUE(hss_disk.mounted && scef_disk.mounted);
  fs::copy_file(lab.dir / lab.network.hss.front().db, hss_disk.at / "hss.db");
  lab.network.hss.front().db = "hss-disk/hss.db";
  lab.network.scef.front().db = "scef-disk/scef.db";
  lab.write_configs();
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  ASSERT_EQ(lab.run_ues(10, 5).status, 0);
  const auto before = lab.key_log();
  ASSERT_FALSE(before.empty());

  // The SCEF's disk full: attaches go on, but the SCEF cannot commit their KeySets and
  // contexts (each RIR answered 5012), so the ASs get no key for them; what it had it serves.
  EXPECT_GT(fill(scef_disk.at / "fill"), 0u);
  const ProcessResult scef_full = lab.run_ues(10, 5, slice(lab, 10, 20));
  EXPECT_NE(ProcessLab::result_line(scef_full.out).find("attached=10 bootstrapped=0 failed=10"), std::string::npos)
      << scef_full.out;
  EXPECT_NE(scef_full.out.find("DTLS handshake failed: 10"), std::string::npos) << scef_full.out;
  EXPECT_NE(lab.scef->out().find("disk is full"), std::string::npos) << lab.scef->out();
  EXPECT_EQ(lab.key_api(1, before.back().guti, "as1.example.com").status, 200);

  // The HSS's disk full too: an attach whose SQN the HSS cannot commit is answered 5012 and
  // rejected with #17 (network failure). SQLite reuses its WAL's space after a checkpoint, so a
  // few commits may still fit: runs of fresh UEs until the HSS refuses (at most 3).
  EXPECT_GT(fill(hss_disk.at / "fill"), 0u);
  int refused = 0;
  for (std::size_t from = 20; from < 50 && refused == 0; from += 10) {
    const ProcessResult full = lab.run_ues(10, 5, slice(lab, from, from + 10));
    EXPECT_NE(ProcessLab::result_line(full.out).find("bootstrapped=0 failed=10"), std::string::npos) << full.out;
    refused = 10 - attached(full);
    if (refused > 0) {
      EXPECT_NE(full.out.find("Attach Reject #17: " + std::to_string(refused)), std::string::npos) << full.out;
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_NE(lab.hss->out().find("subscriber store unavailable"), std::string::npos) << lab.hss->out();

  // Space returns: the next UEs bootstrap, and neither database was damaged.
  fs::remove(scef_disk.at / "fill");
  fs::remove(hss_disk.at / "fill");
  const ProcessResult resumed = lab.run_ues(10, 5, slice(lab, 50, 60));
  EXPECT_EQ(resumed.status, 0) << resumed.out << resumed.err;
  EXPECT_TRUE(lab.stop_all());
  EXPECT_EQ(integrity(hss_disk.at / "hss.db"), "ok");
  EXPECT_EQ(integrity(scef_disk.at / "scef.db"), "ok");
}

}  // namespace
}  // namespace iotboot::test
