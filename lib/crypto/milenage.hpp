// Milenage, TS 35.206: the authentication functions f1, f1*, f2, f3, f4, f5, f5* of EPS-AKA.
#pragma once

#include "crypto/types.hpp"

namespace iotboot::crypto {

// OPc = OP ⊕ E_K(OP), done once when a subscriber is provisioned with OP.
Key128 derive_opc(const Key128& k, const Key128& op);

struct MilenageOutputs {
  Mac f1;      // MAC-A
  Mac f1star;  // MAC-S
  Res f2;      // RES
  Key128 f3;   // CK
  Key128 f4;   // IK
  Ak f5;       // AK
  Ak f5star;   // AK*
};

// One (K, OPc, RAND) computation. The constructor keys this thread's AES engine with K and
// computes TEMP = E_K(RAND ⊕ OPc); each call then costs one AES pass over the OUTi blocks it
// needs. The destructor wipes TEMP and the key schedule. One Milenage per thread at a time.
class Milenage {
 public:
  Milenage(const Key128& k, const Key128& opc, const Rand& rand);
  ~Milenage();
  Milenage(const Milenage&) = delete;
  Milenage& operator=(const Milenage&) = delete;

  // OUT1: f1 (MAC-A) and f1* (MAC-S) of SQN ‖ AMF.
  void f1(const Sqn& sqn, const Amf& amf, Mac* mac_a, Mac* mac_s);
  // OUT2..OUT4: RES, CK, IK and AK.
  void f2345(Res& res, Key128& ck, Key128& ik, Ak& ak);
  // OUT5: AK*.
  Ak f5star();
  // OUT1..OUT4 in one pass: what an authentication vector needs.
  void f1_f2345(const Sqn& sqn, const Amf& amf, Mac& mac_a, Res& res, Key128& ck, Key128& ik, Ak& ak);
  // Every function (OUT1..OUT5).
  MilenageOutputs all(const Sqn& sqn, const Amf& amf);

 private:
  void run(unsigned outs, const Sqn* sqn, const Amf* amf, Bytes<16>* out);

  const Key128& opc_;
  Bytes<16> temp_;
};

}  // namespace iotboot::crypto
