#include "crypto/milenage.hpp"

#include <cstring>
#include <stdexcept>

#include "crypto/aes_engine.hpp"

namespace iotboot::crypto {
namespace {

using Block = Bytes<16>;

// Rotation amounts r1..r5 (in octets; the spec's are all multiples of 8 bits) and the last
// octet of constants c1..c5 (TS 35.206 §4.1).
constexpr std::size_t kRotate[5] = {8, 0, 4, 8, 12};
constexpr std::uint8_t kConst[5] = {0x00, 0x01, 0x02, 0x04, 0x08};

// out = rot(x, r) ⊕ c, rotation to the left by r octets.
void rotate_xor_const(const Block& x, std::size_t i, Block& out) {
  for (std::size_t j = 0; j < 16; ++j) out[j] = x[(j + kRotate[i]) % 16];
  out[15] ^= kConst[i];
}

bool& in_use() {
  thread_local bool flag = false;
  return flag;
}

}  // namespace

Key128 derive_opc(const Key128& k, const Key128& op) {
  AesEngine& aes = AesEngine::for_this_thread();
  aes.set_key(k.data());
  Key128 opc;
  aes.encrypt(op.data(), opc.data(), 1);
  aes.scrub();
  xor_into(opc.span(), op.span());
  return opc;
}

Milenage::Milenage(const Key128& k, const Key128& opc, const Rand& rand) : opc_(opc) {
  if (in_use()) throw std::logic_error("Milenage: one computation per thread at a time");
  AesEngine& aes = AesEngine::for_this_thread();
  for (std::size_t i = 0; i < 16; ++i) temp_[i] = static_cast<std::uint8_t>(rand[i] ^ opc[i]);
  try {
    aes.set_key(k.data());
    aes.encrypt(temp_.data(), temp_.data(), 1);
  } catch (...) {
    secure_wipe(temp_.data(), temp_.size());
    aes.scrub();
    throw;
  }
  in_use() = true;
}

Milenage::~Milenage() {
  secure_wipe(temp_.data(), temp_.size());
  AesEngine::for_this_thread().scrub();
  in_use() = false;
}

// Computes OUTi for every bit i-1 set in `outs` with one AES call; out[k] receives the k-th
// requested OUT in increasing i.
void Milenage::run(unsigned outs, const Sqn* sqn, const Amf* amf, Block* out) {
  Block in[5];
  WipeOnExit wipe_in(in);
  std::size_t n = 0;
  Block x;  // TEMP ⊕ OPc, for OUT2..OUT5
  WipeOnExit wipe_x(x);
  for (std::size_t j = 0; j < 16; ++j) x[j] = static_cast<std::uint8_t>(temp_[j] ^ opc_[j]);
  if (outs & 1u) {
    // OUT1 = E_K(TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1) ⊕ OPc, IN1 = SQN ‖ AMF ‖ SQN ‖ AMF.
    Block in1;
    WipeOnExit wipe_in1(in1);  // holds IN1 ⊕ OPc
    const Bytes<6> s = sqn->bytes();
    std::memcpy(in1.data(), s.data(), 6);
    std::memcpy(in1.data() + 6, amf->data(), 2);
    std::memcpy(in1.data() + 8, in1.data(), 8);
    for (std::size_t j = 0; j < 16; ++j) in1[j] ^= opc_[j];
    rotate_xor_const(in1, 0, in[n]);
    for (std::size_t j = 0; j < 16; ++j) in[n][j] ^= temp_[j];
    ++n;
  }
  for (std::size_t i = 1; i < 5; ++i) {
    if (outs & (1u << i)) rotate_xor_const(x, i, in[n++]);  // OUTi = E_K(rot(TEMP ⊕ OPc, ri) ⊕ ci) ⊕ OPc
  }
  AesEngine::for_this_thread().encrypt(in[0].data(), out[0].data(), n);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < 16; ++j) out[k][j] ^= opc_[j];
  }
}

void Milenage::f1(const Sqn& sqn, const Amf& amf, Mac* mac_a, Mac* mac_s) {
  Block out;
  run(1u, &sqn, &amf, &out);
  if (mac_a) std::memcpy(mac_a->data(), out.data(), 8);
  if (mac_s) std::memcpy(mac_s->data(), out.data() + 8, 8);
}

void Milenage::f2345(Res& res, Key128& ck, Key128& ik, Ak& ak) {
  Block out[3];
  WipeOnExit wipe(out);
  run(0b1110u, nullptr, nullptr, out);
  std::memcpy(ak.data(), out[0].data(), 6);
  std::memcpy(res.data(), out[0].data() + 8, 8);
  std::memcpy(ck.data(), out[1].data(), 16);
  std::memcpy(ik.data(), out[2].data(), 16);
}

Ak Milenage::f5star() {
  Block out;
  run(0b10000u, nullptr, nullptr, &out);
  Ak ak;
  std::memcpy(ak.data(), out.data(), 6);
  return ak;
}

void Milenage::f1_f2345(const Sqn& sqn, const Amf& amf, Mac& mac_a, Res& res, Key128& ck, Key128& ik, Ak& ak) {
  Block out[4];
  WipeOnExit wipe(out);
  run(0b1111u, &sqn, &amf, out);
  std::memcpy(mac_a.data(), out[0].data(), 8);
  std::memcpy(ak.data(), out[1].data(), 6);
  std::memcpy(res.data(), out[1].data() + 8, 8);
  std::memcpy(ck.data(), out[2].data(), 16);
  std::memcpy(ik.data(), out[3].data(), 16);
}

MilenageOutputs Milenage::all(const Sqn& sqn, const Amf& amf) {
  Block out[5];
  WipeOnExit wipe(out);
  run(0b11111u, &sqn, &amf, out);
  MilenageOutputs o;
  std::memcpy(o.f1.data(), out[0].data(), 8);
  std::memcpy(o.f1star.data(), out[0].data() + 8, 8);
  std::memcpy(o.f5.data(), out[1].data(), 6);
  std::memcpy(o.f2.data(), out[1].data() + 8, 8);
  std::memcpy(o.f3.data(), out[2].data(), 16);
  std::memcpy(o.f4.data(), out[3].data(), 16);
  std::memcpy(o.f5star.data(), out[4].data(), 6);
  return o;
}

}  // namespace iotboot::crypto
