#include "hss/subscriber_keys.hpp"

#include <cstring>
#include <string>

#include "crypto/kek_source.hpp"
#include "store/store_error.hpp"

namespace iotboot::hss {

StoredKeys stored_keys(const crypto::KeyRing* kek, const Subscriber& s) {
  StoredKeys out;
  if (kek == nullptr) {
    std::memcpy(out.k.data(), s.k.data(), 16);
    std::memcpy(out.opc.data(), s.opc.data(), 16);
    return out;
  }
  out.kek_id = kek->current();
  kek->seal(ByteView(s.k.data(), 16), {"hss.k", s.imsi, {}}, MutableByteView(out.k.data(), kSealedKeySize));
  kek->seal(ByteView(s.opc.data(), 16), {"hss.opc", s.imsi, {}}, MutableByteView(out.opc.data(), kSealedKeySize));
  return out;
}

void load_keys(const crypto::KeyRing* kek, std::optional<std::uint32_t> kek_id, ByteView k, ByteView opc,
               Subscriber& s) {
  if (!kek_id) {
    if (k.size() != 16 || opc.size() != 16) throw store::StoreError("corrupt subscriber row");
    std::memcpy(s.k.data(), k.data(), 16);
    std::memcpy(s.opc.data(), opc.data(), 16);
    return;
  }
  if (kek == nullptr) {
    throw store::StoreError("subscriber " + s.imsi + " has keys sealed under KEK " + std::to_string(*kek_id) +
                            ", but " + std::string(crypto::kNoKekHint));
  }
  try {
    s.k = kek->open<16>(*kek_id, k, {"hss.k", s.imsi, {}});
    s.opc = kek->open<16>(*kek_id, opc, {"hss.opc", s.imsi, {}});
  } catch (const crypto::KeyWrapError& e) {
    throw store::StoreError(e.what());
  }
}

}  // namespace iotboot::hss
