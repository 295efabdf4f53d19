// TS 35.208 test sets 1-6.
#include "crypto/milenage.hpp"

#include <gtest/gtest.h>

#include "support/hex_literals.hpp"

namespace iotboot::crypto {
namespace {

using test::hex;
using test::key;

struct MilenageSet {
  const char *k, *rand, *sqn, *amf, *op, *opc, *f1, *f1star, *f2, *f5, *f5star, *f3, *f4;
};
void PrintTo(const MilenageSet& s, std::ostream* os) { *os << "K " << s.k; }

// One test set per line.
// clang-format off
const MilenageSet kSets[] = {
    {"465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35", "ff9bb4d0b607", "b9b9", "cdc202d5123e20f62b6d676ac72cb318", "cd63cb71954a9f4e48a5994e37a02baf", "4a9ffac354dfafb3", "01cfaf9ec4e871e9", "a54211d5e3ba50bf", "aa689c648370", "451e8beca43b", "b40ba9a3c58b2a05bbf0d987b21bf8cb", "f769bcd751044604127672711c6d3441"},
    {"0396eb317b6d1c36f19c1c84cd6ffd16", "c00d603103dcee52c4478119494202e8", "fd8eef40df7d", "af17", "ff53bade17df5d4e793073ce9d7579fa", "53c15671c60a4b731c55b4a441c0bde2", "5df5b31807e258b0", "a8c016e51ef4a343", "d3a628ed988620f0", "c47783995f72", "30f1197061c1", "58c433ff7a7082acd424220f2b67c556", "21a8c1f929702adb3e738488b9f5c5da"},
    {"fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a", "9d0277595ffc", "725c", "dbc59adcb6f9a0ef735477b7fadf8374", "1006020f0a478bf6b699f15c062e42b3", "9cabc3e99baf7281", "95814ba2b3044324", "8011c48c0c214ed2", "33484dc2136b", "deacdd848cc6", "5dbdbb2954e8f3cde665b046179a5098", "59a92d3b476a0443487055cf88b2307b"},
    {"9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6", "0b604a81eca8", "9e09", "223014c5806694c007ca1eeef57f004f", "a64a507ae1a2a98bb88eb4210135dc87", "74a58220cba84c49", "ac2cc74a96871837", "f365cd683cd92e96", "f0b9c08ad02e", "6085a86c6f63", "e203edb3971574f5a94b0d61b816345d", "0c4524adeac041c4dd830d20854fc46b"},
    {"4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186", "e880a1b580b6", "9f07", "2d16c5cd1fdf6b22383584e3bef2a8d8", "dcf07cbd51855290b92a07a9891e523e", "49e785dd12626ef2", "9e85790336bb3fa2", "5860fc1bce351e7e", "31e11a609118", "fe2555e54aa9", "7657766b373d1c2138f307e3de9242f9", "1c42e960d89b8fa99f2744e0708ccb53"},
    {"6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63", "414b98222181", "4464", "1ba00a1a7c6700ac8c3ff3e96ad08725", "3803ef5363b947c6aaa225e58fae3934", "078adfb488241a57", "80246b8d0186bcf1", "16c8233f05a0ac28", "45b0f69ab06c", "1f53cd2b1113", "3f8c7587fe8e4b233af676aede30ba3b", "a7466cc1e6b2a1337d49d3b66e95d7b4"},
};
// clang-format on

class MilenageVectors : public ::testing::TestWithParam<MilenageSet> {};

TEST_P(MilenageVectors, OpcFromOp) {
  const MilenageSet& s = GetParam();
  EXPECT_TRUE(derive_opc(key<16>(s.k), key<16>(s.op)) == key<16>(s.opc));
}

TEST_P(MilenageVectors, AllFunctions) {
  const MilenageSet& s = GetParam();
  const Key128 k = key<16>(s.k), opc = key<16>(s.opc);
  Milenage m(k, opc, hex<16>(s.rand));
  const MilenageOutputs o = m.all(Sqn::from_bytes(hex<6>(s.sqn)), hex<2>(s.amf));
  EXPECT_EQ(o.f1, hex<8>(s.f1));
  EXPECT_EQ(o.f1star, hex<8>(s.f1star));
  EXPECT_EQ(o.f2, hex<8>(s.f2));
  EXPECT_TRUE(o.f3 == key<16>(s.f3));
  EXPECT_TRUE(o.f4 == key<16>(s.f4));
  EXPECT_EQ(o.f5, hex<6>(s.f5));
  EXPECT_EQ(o.f5star, hex<6>(s.f5star));
}

// The partial calls compute the same values as all().
TEST_P(MilenageVectors, PartialCallsAgree) {
  const MilenageSet& s = GetParam();
  const Key128 k = key<16>(s.k), opc = key<16>(s.opc);
  Milenage m(k, opc, hex<16>(s.rand));
  Mac mac_a, mac_s;
  m.f1(Sqn::from_bytes(hex<6>(s.sqn)), hex<2>(s.amf), &mac_a, &mac_s);
  EXPECT_EQ(mac_a, hex<8>(s.f1));
  EXPECT_EQ(mac_s, hex<8>(s.f1star));
  Res res;
  Key128 ck, ik;
  Ak ak;
  m.f2345(res, ck, ik, ak);
  EXPECT_EQ(res, hex<8>(s.f2));
  EXPECT_TRUE(ck == key<16>(s.f3));
  EXPECT_TRUE(ik == key<16>(s.f4));
  EXPECT_EQ(ak, hex<6>(s.f5));
  EXPECT_EQ(m.f5star(), hex<6>(s.f5star));
  Mac mac_a2;
  m.f1_f2345(Sqn::from_bytes(hex<6>(s.sqn)), hex<2>(s.amf), mac_a2, res, ck, ik, ak);
  EXPECT_EQ(mac_a2, hex<8>(s.f1));
  EXPECT_EQ(res, hex<8>(s.f2));
}

INSTANTIATE_TEST_SUITE_P(Ts35208, MilenageVectors, ::testing::ValuesIn(kSets),
                         [](const auto& p) { return "Set" + std::to_string(p.index + 1); });

TEST(Milenage, OneComputationPerThreadAtATime) {
  const Key128 k, opc;
  Milenage first(k, opc, Rand{});
  EXPECT_THROW(Milenage(k, opc, Rand{}), std::logic_error);
}

}  // namespace
}  // namespace iotboot::crypto
