#include "nas/emm.hpp"

#include "nas/buffer.hpp"
#include "nas/emm_cause.hpp"
#include "nas/security.hpp"

namespace iotboot::nas {
namespace {

constexpr std::uint8_t kIeiGuti = 0x50;
constexpr std::uint8_t kIeiT3346 = 0x5f;
constexpr std::uint8_t kIeiAuthFailureParameter = 0x30;
constexpr std::uint8_t kEsmDummyMessage = 0xdc;  // TS 24.301 Table 9.8.2

// --- EPS mobile identity and the 24.008 mobile identity ---

void put_imsi_digits(Writer& w, std::string_view imsi, std::uint8_t type) {
  const bool odd = imsi.size() % 2 == 1;
  w.u8(static_cast<std::uint8_t>((imsi[0] - '0') << 4 | (odd ? 0x08 : 0x00) | type));
  for (std::size_t i = 1; i < imsi.size(); i += 2) {
    const std::uint8_t lo = static_cast<std::uint8_t>(imsi[i] - '0');
    const std::uint8_t hi = i + 1 < imsi.size() ? static_cast<std::uint8_t>(imsi[i + 1] - '0') : 0x0f;
    w.u8(static_cast<std::uint8_t>(hi << 4 | lo));
  }
}

std::vector<std::uint8_t> identity_value(const EpsMobileIdentity& id) {
  std::vector<std::uint8_t> v;
  Writer w(v);
  if (const auto* imsi = std::get_if<std::string>(&id)) {
    put_imsi_digits(w, *imsi, 1);
  } else {
    w.u8(0xf6);
    const Bytes<10> g = std::get<Guti>(id).binary();
    w.bytes(g);
  }
  return v;
}

// Digits of an IMSI-type identity value, or nullopt.
std::optional<std::string> imsi_digits(ByteView v) {
  if (v.empty() || (v[0] & 0x07) != 1) return std::nullopt;
  const bool odd = (v[0] & 0x08) != 0;
  std::string digits;
  auto digit = [&](std::uint8_t d) {
    if (d > 9) return false;
    digits.push_back(static_cast<char>('0' + d));
    return true;
  };
  if (!digit(v[0] >> 4)) return std::nullopt;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (!digit(v[i] & 0x0f)) return std::nullopt;
    const std::uint8_t hi = v[i] >> 4;
    if (i + 1 == v.size() && !odd) {
      if (hi != 0x0f) return std::nullopt;
    } else if (!digit(hi)) {
      return std::nullopt;
    }
  }
  if (digits.size() < 6 || digits.size() > 15) return std::nullopt;
  return digits;
}

std::optional<EpsMobileIdentity> parse_identity(ByteView v) {
  if (v.empty()) return std::nullopt;
  if ((v[0] & 0x07) == 6) {
    if (v.size() != 11 || (v[0] & 0xf0) != 0xf0) return std::nullopt;
    Bytes<10> g;
    std::copy(v.begin() + 1, v.end(), g.begin());
    return Guti::from_binary(g);
  }
  if (auto imsi = imsi_digits(v)) return EpsMobileIdentity(*imsi);
  return std::nullopt;
}

// --- optional IEs (TS 24.007 §11.2.4) ---

// Length of the value of a type 3 (TV, fixed) IE, by IEI, for the messages decoded here.
std::optional<std::size_t> tv_length(std::uint8_t iei) {
  switch (iei) {
    case 0x19: return 3;  // Old P-TMSI signature
    case 0x52: return 5;  // Last visited registered TAI
    case 0x5c: return 2;  // DRX parameter
    case 0x13: return 5;  // Old location area identification / LAI
    case 0x53: return 1;  // EMM cause
    case 0x17: return 1;  // T3402 value
    case 0x59: return 1;  // T3423 value
    case 0x55: return 4;  // Replayed nonceUE
    case 0x56: return 4;  // NonceMME
  }
  return std::nullopt;
}

struct OptionalIe {
  std::uint8_t iei;
  ByteView value;
};

// Reads the next optional IE of any format; false (and reader failed) on a truncated one.
bool next_optional(Reader& r, OptionalIe& ie) {
  const std::uint8_t iei = r.u8();
  if (r.failed()) return false;
  if (iei & 0x80) {  // type 1 or 2: one octet, the value in the low nibble
    ie = {static_cast<std::uint8_t>(iei & 0xf0), {}};
    return true;
  }
  if (auto n = tv_length(iei)) {
    ie = {iei, r.take(*n)};
  } else if ((iei & 0xf0) == 0x70) {  // TLV-E
    ie = {iei, r.take(r.u16())};
  } else {
    ie = {iei, r.take(r.u8())};
  }
  return !r.failed();
}

// GPRS timer 2 (TS 24.008 §10.5.7.4): units of 2 s, 1 min or 6 min (decihours), 5-bit value;
// a duration is rounded up to what the coarsest needed unit can say, 186 min at most.
std::uint8_t gprs_timer2(std::chrono::seconds d) {
  const auto s = static_cast<std::uint64_t>(std::max<std::int64_t>(d.count(), 0));
  if (s <= 62) return static_cast<std::uint8_t>((s + 1) / 2);
  if (s <= 31 * 60) return static_cast<std::uint8_t>(0x20 | ((s + 59) / 60));
  return static_cast<std::uint8_t>(0x40 | std::min<std::uint64_t>(31, (s + 359) / 360));
}

std::optional<std::chrono::seconds> from_gprs_timer2(std::uint8_t v) {
  const unsigned value = v & 0x1f;
  switch (v >> 5) {
    case 0: return std::chrono::seconds(2 * value);
    case 1: return std::chrono::seconds(60 * value);
    case 2: return std::chrono::seconds(360 * value);
    default: return std::nullopt;  // deactivated, or a unit TS 24.008 keeps for later
  }
}

DecodeError invalid(std::string what) { return DecodeError{cause::kInvalidMandatoryInformation, std::move(what)}; }

// --- encoders ---

struct Encoder {
  Writer& w;

  void header(MessageType t) {
    w.u8(kEmmProtocolDiscriminator);
    w.u8(static_cast<std::uint8_t>(t));
  }
  void operator()(const AttachRequest& m) {
    header(MessageType::attach_request);
    w.u8(static_cast<std::uint8_t>((m.ksi & 0x0f) << 4 | (m.attach_type & 0x07)));
    w.lv(identity_value(m.identity));
    w.lv(m.ue_network_capability);
    w.lv_e(m.esm_container);
  }
  void operator()(const AttachAccept& m) {
    header(MessageType::attach_accept);
    w.u8(m.result & 0x07);
    w.u8(m.t3412);
    w.lv(m.tai_list);
    w.lv_e(m.esm_container);
    if (m.guti) w.tlv(kIeiGuti, identity_value(*m.guti));
  }
  void operator()(const AttachComplete& m) {
    header(MessageType::attach_complete);
    w.lv_e(m.esm_container);
  }
  void operator()(const AttachReject& m) {
    header(MessageType::attach_reject);
    w.u8(m.cause);
    if (m.t3346) {
      const std::uint8_t v = gprs_timer2(*m.t3346);
      w.tlv(kIeiT3346, ByteView(&v, 1));
    }
  }
  void operator()(const AuthenticationRequest& m) {
    header(MessageType::authentication_request);
    w.u8(m.ksi & 0x0f);
    w.bytes(m.rand);
    w.lv(m.autn);
  }
  void operator()(const AuthenticationResponse& m) {
    header(MessageType::authentication_response);
    w.lv(m.res);
  }
  void operator()(const AuthenticationFailure& m) {
    header(MessageType::authentication_failure);
    w.u8(m.cause);
    if (m.auts) w.tlv(kIeiAuthFailureParameter, *m.auts);
  }
  void operator()(const AuthenticationReject&) { header(MessageType::authentication_reject); }
  void operator()(const IdentityRequest& m) {
    header(MessageType::identity_request);
    w.u8(m.identity_type & 0x07);
  }
  void operator()(const IdentityResponse& m) {
    header(MessageType::identity_response);
    std::vector<std::uint8_t> v;
    Writer iw(v);
    put_imsi_digits(iw, m.imsi, 1);
    w.lv(v);
  }
  void operator()(const SecurityModeCommand& m) {
    header(MessageType::security_mode_command);
    w.u8(static_cast<std::uint8_t>((m.ciphering & 0x07) << 4 | (m.integrity & 0x07)));
    w.u8(m.ksi & 0x0f);
    w.lv(m.replayed_ue_capabilities);
  }
  void operator()(const SecurityModeComplete&) { header(MessageType::security_mode_complete); }
  void operator()(const SecurityModeReject& m) {
    header(MessageType::security_mode_reject);
    w.u8(m.cause);
  }
  void operator()(const DetachRequest& m) {
    header(MessageType::detach_request);
    w.u8(static_cast<std::uint8_t>((m.ksi & 0x0f) << 4 | (m.switch_off ? 0x08 : 0) | (m.detach_type & 0x07)));
    w.lv(identity_value(m.identity));
  }
  void operator()(const DetachAccept&) { header(MessageType::detach_accept); }
  void operator()(const EmmStatus& m) {
    header(MessageType::emm_status);
    w.u8(m.cause);
  }
};

// --- decoders: each reads the IEs after the message type ---

using Decoded = Result<EmmMessage, DecodeError>;

Decoded attach_request(Reader& r) {
  AttachRequest m;
  const std::uint8_t o = r.u8();
  m.attach_type = o & 0x07;
  m.ksi = o >> 4;
  auto id = parse_identity(r.take(r.u8()));
  const ByteView cap = r.take(r.u8());
  const ByteView esm = r.take(r.u16());
  if (r.failed()) return invalid("Attach Request truncated");
  if (!id) return invalid("EPS mobile identity");
  if (cap.size() < 2 || cap.size() > 13) return invalid("UE network capability");
  m.identity = *id;
  m.ue_network_capability.assign(cap.begin(), cap.end());
  m.esm_container.assign(esm.begin(), esm.end());
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
  }
  return EmmMessage(std::move(m));
}

Decoded attach_accept(Reader& r) {
  AttachAccept m;
  m.result = r.u8() & 0x07;
  m.t3412 = r.u8();
  const ByteView tai = r.take(r.u8());
  const ByteView esm = r.take(r.u16());
  if (r.failed()) return invalid("Attach Accept truncated");
  if (tai.size() < 6) return invalid("TAI list");
  m.tai_list.assign(tai.begin(), tai.end());
  m.esm_container.assign(esm.begin(), esm.end());
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
    if (ie.iei == kIeiGuti) {
      auto id = parse_identity(ie.value);
      if (!id || !std::holds_alternative<Guti>(*id)) return invalid("GUTI");
      m.guti = std::get<Guti>(*id);
    }
  }
  return EmmMessage(std::move(m));
}

Decoded attach_complete(Reader& r) {
  AttachComplete m;
  const ByteView esm = r.take(r.u16());
  if (r.failed()) return invalid("Attach Complete truncated");
  m.esm_container.assign(esm.begin(), esm.end());
  return EmmMessage(std::move(m));
}

template <typename M>
Decoded cause_only(Reader& r, const char* name) {
  M m;
  m.cause = r.u8();
  if (r.failed()) return invalid(std::string(name) + " truncated");
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
  }
  return EmmMessage(m);
}

Decoded attach_reject(Reader& r) {
  AttachReject m;
  m.cause = r.u8();
  if (r.failed()) return invalid("Attach Reject truncated");
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
    if (ie.iei == kIeiT3346 && ie.value.size() == 1) m.t3346 = from_gprs_timer2(ie.value[0]);
  }
  return EmmMessage(m);
}

Decoded authentication_request(Reader& r) {
  AuthenticationRequest m;
  m.ksi = r.u8() & 0x0f;
  const ByteView rand = r.take(16);
  const ByteView autn = r.take(r.u8());
  if (r.failed()) return invalid("Authentication Request truncated");
  if (autn.size() != 16) return invalid("AUTN");
  std::copy(rand.begin(), rand.end(), m.rand.begin());
  std::copy(autn.begin(), autn.end(), m.autn.begin());
  return EmmMessage(m);
}

Decoded authentication_response(Reader& r) {
  AuthenticationResponse m;
  const ByteView res = r.take(r.u8());
  if (r.failed()) return invalid("Authentication Response truncated");
  if (res.size() < 4 || res.size() > 16) return invalid("RES");
  m.res.assign(res.begin(), res.end());
  return EmmMessage(std::move(m));
}

Decoded authentication_failure(Reader& r) {
  AuthenticationFailure m;
  m.cause = r.u8();
  if (r.failed()) return invalid("Authentication Failure truncated");
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
    if (ie.iei == kIeiAuthFailureParameter) {
      if (ie.value.size() != 14) return invalid("authentication failure parameter");
      Bytes<14> auts;
      std::copy(ie.value.begin(), ie.value.end(), auts.begin());
      m.auts = auts;
    }
  }
  if (m.cause == cause::kSynchFailure && !m.auts) {
    return DecodeError{cause::kConditionalIeError, "synch failure without AUTS"};
  }
  return EmmMessage(m);
}

Decoded identity_response(Reader& r) {
  const ByteView v = r.take(r.u8());
  if (r.failed()) return invalid("Identity Response truncated");
  auto imsi = imsi_digits(v);
  if (!imsi) return invalid("mobile identity (only IMSI is requested)");
  return EmmMessage(IdentityResponse{*imsi});
}

Decoded security_mode_command(Reader& r) {
  SecurityModeCommand m;
  const std::uint8_t alg = r.u8();
  m.ciphering = (alg >> 4) & 0x07;
  m.integrity = alg & 0x07;
  m.ksi = r.u8() & 0x0f;
  const ByteView cap = r.take(r.u8());
  if (r.failed()) return invalid("Security Mode Command truncated");
  if (cap.size() < 2 || cap.size() > 5) return invalid("replayed UE security capabilities");
  m.replayed_ue_capabilities.assign(cap.begin(), cap.end());
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
  }
  return EmmMessage(std::move(m));
}

Decoded detach_request(Reader& r) {
  DetachRequest m;
  const std::uint8_t o = r.u8();
  m.detach_type = o & 0x07;
  m.switch_off = (o & 0x08) != 0;
  m.ksi = o >> 4;
  auto id = parse_identity(r.take(r.u8()));
  if (r.failed()) return invalid("Detach Request truncated");
  if (!id) return invalid("EPS mobile identity");
  m.identity = *id;
  return EmmMessage(std::move(m));
}

template <typename M>
Decoded no_ies(Reader& r) {
  OptionalIe ie;
  while (!r.empty()) {
    if (!next_optional(r, ie)) return invalid("optional IE truncated");
  }
  return EmmMessage(M{});
}

}  // namespace

std::vector<std::uint8_t> esm_dummy_message() {
  // EPS bearer identity 0 | PD 2 (ESM), PTI 0, message type ESM DUMMY MESSAGE.
  return {kEsmProtocolDiscriminator, 0x00, kEsmDummyMessage};
}

std::vector<std::uint8_t> tai_list(const Bytes<3>& plmn, std::uint16_t tac) {
  // Type of list 00 (one PLMN, non-consecutive TACs), number of elements - 1 = 0.
  return {0x00, plmn[0], plmn[1], plmn[2], static_cast<std::uint8_t>(tac >> 8), static_cast<std::uint8_t>(tac)};
}

void encode(const EmmMessage& m, std::vector<std::uint8_t>& out) {
  Writer w(out);
  std::visit(Encoder{w}, m);
}

std::vector<std::uint8_t> encode(const EmmMessage& m) {
  std::vector<std::uint8_t> out;
  encode(m, out);
  return out;
}

Result<EmmMessage, DecodeError> decode(ByteView plain) {
  Reader r(plain);
  const std::uint8_t first = r.u8();
  const std::uint8_t type = r.u8();
  if (r.failed()) return invalid("message shorter than its header");
  if ((first & 0x0f) != kEmmProtocolDiscriminator || (first >> 4) != 0) {
    return DecodeError{cause::kProtocolErrorUnspecified, "not a plain EMM message"};
  }
  switch (static_cast<MessageType>(type)) {
    case MessageType::attach_request: return attach_request(r);
    case MessageType::attach_accept: return attach_accept(r);
    case MessageType::attach_complete: return attach_complete(r);
    case MessageType::attach_reject: return attach_reject(r);
    case MessageType::authentication_request: return authentication_request(r);
    case MessageType::authentication_response: return authentication_response(r);
    case MessageType::authentication_failure: return authentication_failure(r);
    case MessageType::authentication_reject: return no_ies<AuthenticationReject>(r);
    case MessageType::identity_request: {
      IdentityRequest m;
      m.identity_type = r.u8() & 0x07;
      if (r.failed()) return invalid("Identity Request truncated");
      return EmmMessage(m);
    }
    case MessageType::identity_response: return identity_response(r);
    case MessageType::security_mode_command: return security_mode_command(r);
    case MessageType::security_mode_complete: return no_ies<SecurityModeComplete>(r);
    case MessageType::security_mode_reject: return cause_only<SecurityModeReject>(r, "Security Mode Reject");
    case MessageType::detach_request: return detach_request(r);
    case MessageType::detach_accept: return no_ies<DetachAccept>(r);
    case MessageType::emm_status: return cause_only<EmmStatus>(r, "EMM Status");
  }
  return DecodeError{cause::kMessageTypeNonExistent, "message type not implemented"};
}

}  // namespace iotboot::nas
