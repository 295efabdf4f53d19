// The subscriber of TS 35.208 test set 1, which the crypto, HSS, CLI and interop tests share
// (docs/keys.md, "Test vectors"): K, OP, OPc, RAND, and the test PLMN 001/01 as SN id.
#pragma once

#include <string_view>

#include "support/hex_literals.hpp"

namespace iotboot::test::set1 {

inline constexpr std::string_view kKHex = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline constexpr std::string_view kOpHex = "cdc202d5123e20f62b6d676ac72cb318";
inline constexpr std::string_view kOpcHex = "cd63cb71954a9f4e48a5994e37a02baf";
inline constexpr std::string_view kRandHex = "23553cbe9637a89d218ae64dae47bf35";

inline const Key128 kK = key<16>(kKHex);
inline const Key128 kOp = key<16>(kOpHex);
inline const Key128 kOpc = key<16>(kOpcHex);
inline const Bytes<16> kRand = hex<16>(kRandHex);
inline const Bytes<3> kSnId = hex<3>("00f110");  // MCC 001, MNC 01

}  // namespace iotboot::test::set1
