// Keys at rest: AES-256-GCM against a published vector, values bound to their row and column,
// rotation between KEKs, and KEK files refused when others may read them.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/hex.hpp"
#include "crypto/kek_source.hpp"
#include "crypto/key_wrap.hpp"
#include "support/hex_literals.hpp"
#include "support/ports.hpp"

namespace iotboot::crypto {
namespace {

namespace fs = std::filesystem;

const Kek kKek1 = test::key<32>("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const Kek kKek2 = test::key<32>("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
const Key128 kK = test::key<16>("465b5ce8b199b49faa5f0a2ee238a6bc");
const Key256 kKs = test::key<32>("b40ba9a3c58b2a05bbf0d987b21bf8cbf769bcd751044604127672711c6d3441");
const Bytes<16> kRand = test::hex<16>("23553cbe9637a89d218ae64dae47bf35");

KeyRing ring(std::uint32_t current = 1) {
  KeyRing r;
  r.add(1, kKek1);
  r.add(2, kKek2);
  r.set_current(current);
  return r;
}

// McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)" (the submission to NIST),
// Appendix B, Test Case 16: AES-256, 96-bit IV, 60-octet plaintext, 20 octets of AAD.
TEST(KeyWrap, AesGcmTestCase16) {
  KeyRing r;
  r.add(7, test::key<32>("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
  const auto nonce = test::hex_bytes("cafebabefacedbaddecaf888");
  const auto plain = test::hex_bytes(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de6"
      "57ba637b39");
  const auto aad = test::hex_bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::vector<std::uint8_t> out(plain.size() + kSealOverhead);
  r.seal_with_nonce(7, nonce, aad, plain, out);
  EXPECT_EQ(to_hex(out),
            "cafebabefacedbaddecaf888"
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393"
            "ba7a0abcc9f662"
            "76fc6ece0f4e1768cddf8853bb2d551b");
}

TEST(KeyWrap, SealsUnderTheCurrentKekAndOpens) {
  const KeyRing r = ring(2);
  const SealContext at{"scef.ks", "001010000000001", kRand};
  const auto sealed = r.seal(kKs, at);
  EXPECT_EQ(sealed.size(), 32 + kSealOverhead);
  EXPECT_EQ(to_hex(sealed).find(reveal_hex(kKs)), std::string::npos);
  EXPECT_TRUE(r.open<32>(2, sealed, at) == kKs);
  EXPECT_THROW(r.open<32>(1, sealed, at), KeyWrapError);  // sealed under 2, not 1
  // A fresh nonce per value: the same key sealed twice gives two values.
  EXPECT_NE(to_hex(r.seal(kKs, at)), to_hex(sealed));
}

TEST(KeyWrap, AValueOpensOnlyInItsOwnRowAndColumn) {
  const KeyRing r = ring();
  const SealContext at{"hss.k", "001010000000001", {}};
  const auto sealed = r.seal(kK, at);
  ASSERT_TRUE(r.open<16>(1, sealed, at) == kK);
  const Bytes<16> other_rand = test::hex<16>("00000000000000000000000000000001");
  for (const SealContext& elsewhere :
       {SealContext{"hss.opc", "001010000000001", {}}, SealContext{"hss.k", "001010000000002", {}},
        SealContext{"hss.k", "00101000000000", {}}, SealContext{"hss.k", "001010000000001", other_rand}}) {
    try {
      (void)r.open<16>(1, sealed, elsewhere);
      ADD_FAILURE() << "opened as " << elsewhere.purpose << " of " << elsewhere.imsi;
    } catch (const KeyWrapError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what, std::string(elsewhere.purpose) + " of " + std::string(elsewhere.imsi) +
                          " sealed under KEK 1 does not authenticate (another KEK, another row, or altered)");
    }
  }
}

TEST(KeyWrap, EveryFlippedBitIsRefusedAndNoKeyIsQuoted) {
  const KeyRing r = ring();
  const SealContext at{"scef.ks", "001010000000001", kRand};
  const auto sealed = r.seal(kKs, at);
  for (std::size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    auto bad = sealed;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    try {
      (void)r.open<32>(1, bad, at);
      ADD_FAILURE() << "bit " << bit;
    } catch (const KeyWrapError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.find(reveal_hex(kKs).substr(0, 8)), std::string::npos);
      EXPECT_EQ(what.find(to_hex(bad).substr(0, 8)), std::string::npos);
    }
  }
}

TEST(KeyWrap, AnUnknownKekIdIsNamed) {
  const KeyRing r = ring();
  const SealContext at{"hss.opc", "001010000000001", {}};
  const auto sealed = r.seal(kK, at);
  try {
    (void)r.open<16>(3, sealed, at);
    ADD_FAILURE();
  } catch (const KeyWrapError& e) {
    EXPECT_STREQ(e.what(),
                 "hss.opc of 001010000000001 sealed under KEK 3 cannot be opened: no KEK with that id is configured");
  }
  EXPECT_THROW(r.open<16>(1, ByteView(sealed).first(40), at), KeyWrapError);
  KeyRing empty;
  EXPECT_THROW(empty.seal(kK, at), KeyWrapError);
  EXPECT_THROW(empty.set_current(1), KeyWrapError);
  EXPECT_THROW(empty.add(0, kKek1), KeyWrapError);
}

class KekFileTest : public testing::Test {
 protected:
  fs::path dir = test::temp_dir("kek_file");
  ~KekFileTest() override { fs::remove_all(dir); }
  fs::path file(const std::string& name, const std::string& text, fs::perms mode) {
    const fs::path p = dir / name;
    std::ofstream(p) << text;
    fs::permissions(p, mode);
    return p;
  }
  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const KekError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(KekFileTest, ReadsAnOwnerOnlyFileAndRefusesOthers) {
  const std::string hex = reveal_hex(kKek1);
  EXPECT_TRUE(read_kek_file(file("kek", hex + "\n", fs::perms::owner_read | fs::perms::owner_write)) == kKek1);
  const fs::path open = file("open", hex + "\n", fs::perms::owner_read | fs::perms::group_read);
  EXPECT_EQ(error_of([&] { read_kek_file(open); }),
            "KEK file " + open.string() + ": mode 0440: group or others may read it: refused (chmod 600)");
  const fs::path world = file("world", hex, fs::perms::owner_read | fs::perms::others_read);
  EXPECT_NE(error_of([&] { read_kek_file(world); }).find("mode 0404"), std::string::npos);
  const fs::path shorter = file("short", hex.substr(2), fs::perms::owner_read);
  const std::string why = error_of([&] { read_kek_file(shorter); });
  EXPECT_EQ(why, "KEK file " + shorter.string() + ": must hold 64 hex digits (a 256-bit key)");
  fs::create_symlink(dir / "kek", dir / "link");
  EXPECT_NE(error_of([&] { read_kek_file(dir / "link"); }).find("symbolic link"), std::string::npos);
}

TEST_F(KekFileTest, ANewKekFileIsOwnerOnlyAndNeverOverwritten) {
  const fs::path p = dir / "new.kek";
  write_new_kek_file(p);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const Kek first = read_kek_file(p);
  EXPECT_NE(error_of([&] { write_new_kek_file(p); }).find("exists already"), std::string::npos);
  EXPECT_TRUE(read_kek_file(p) == first);
}

TEST_F(KekFileTest, SeveralKeksWithIdsTheFirstCurrent) {
  const auto owner = fs::perms::owner_read;
  const fs::path a = file("a", reveal_hex(kKek1), owner), b = file("b", reveal_hex(kKek2), owner);
  const KekSettings s = parse_kek_file_list("2=" + b.string() + ",1=" + a.string(), "--kek-file");
  const auto r = load_key_ring(s);
  EXPECT_EQ(r->current(), 2u);
  EXPECT_TRUE(r->has(1));
  EXPECT_EQ(parse_kek_file_list(a.string(), "x").files.front().id, 1u);
  EXPECT_EQ(error_of([] { parse_kek_file_list("x=a", "--kek-file"); }),
            "--kek-file: must be PATH or ID=PATH,ID=PATH,... (ids 1 to 2147483647)");
  EXPECT_EQ(error_of([&] { load_key_ring(parse_kek_file_list("1=" + a.string() + ",1=" + b.string(), "o")); }),
            "o: KEK id 1: given twice");
}

TEST_F(KekFileTest, TheEnvironmentGivesAFileOrTheHex) {
  ::unsetenv("IOTBOOT_KEK_FILE");
  ::unsetenv("IOTBOOT_KEK");
  EXPECT_EQ(key_ring_from_environment(), nullptr);
  ::setenv("IOTBOOT_KEK", reveal_hex(kKek2).c_str(), 1);
  const auto r = key_ring_from_environment();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(std::getenv("IOTBOOT_KEK"), nullptr);  // not left for child processes
  const SealContext at{"hss.k", "001010000000001", {}};
  EXPECT_TRUE(r->open<16>(1, r->seal(kK, at), at) == kK);
  EXPECT_THROW(ring().open<16>(1, r->seal(kK, at), at), KeyWrapError);  // its id 1 is another KEK
  const fs::path p = file("env", reveal_hex(kKek2), fs::perms::owner_read);
  ::setenv("IOTBOOT_KEK_FILE", ("2=" + p.string()).c_str(), 1);
  EXPECT_TRUE(ring(2).open<16>(2, key_ring_from_environment()->seal(kK, at), at) == kK);
  ::setenv("IOTBOOT_KEK", "00", 1);
  EXPECT_EQ(error_of([] { key_ring_from_environment(); }), "IOTBOOT_KEK and IOTBOOT_KEK_FILE: set one, not both");
  ::unsetenv("IOTBOOT_KEK_FILE");
  ::unsetenv("IOTBOOT_KEK");
}

}  // namespace
}  // namespace iotboot::crypto
