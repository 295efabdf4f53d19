// AFL++ harness: the MME over S1-lite, with NAS security. The input is a script of records
// (harness/harness.hpp), each one thing a UE does on one of eight UE streams: its op's low five
// bits say what, its high three which stream. The harness plays the UEs' side with a real USIM
// (the same as the simulator's), so that a script reaches authentication, the Security Mode
// procedure and protected NAS: it answers the last challenge it saw with the right RES, takes
// the security context the Security Mode Command sets up, and protects what the script sends
// under it. The MME gets its vectors from Milenage for the one subscriber (its S6a seam), with
// Ks as in pull mode. After each record the harness reads what the MME sent back, waiting when
// that record normally has an answer.
#include <utility>

#include <boost/asio/io_context.hpp>
#include <map>

#include "crypto/auth_vector.hpp"
#include "crypto/eps_keys.hpp"
#include "crypto/random.hpp"
#include "crypto/usim_aka.hpp"
#include "harness/harness.hpp"
#include "mme/mme.hpp"
#include "nas/emm.hpp"
#include "nas/security.hpp"
#include "net/s1lite.hpp"
#include "provisioning/subscriber_csv.hpp"

namespace iotboot::afl {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using nas::SecurityHeader;

const Plmn kPlmn = Plmn::parse("00101").value();

enum Op : std::uint8_t {
  raw = 0,              // the body as the NAS PDU
  attach_imsi = 1,      // Attach Request with the IMSI
  attach_guti = 2,      // Attach Request with the stream's last GUTI (or the body's 10 octets)
  auth_response = 3,    // RES of the stream's last challenge (or the body)
  smc_complete = 4,     // Security Mode Complete under the new context
  attach_complete = 5,  // Attach Complete, protected
  protected_raw = 6,    // the body protected (ciphered) under the stream's context
  detach = 7,           // Detach Request, protected
  auth_failure = 8,     // Authentication Failure with the cause in the body's first octet
  signalling = 9,       // the body on stream 0 (the connection's own signalling)
};

bool expects_answer(std::uint8_t op) {
  return op == attach_imsi || op == attach_guti || op == auth_response || op == smc_complete || op == detach ||
         op == auth_failure;
}

// One UE's side: its USIM, its last challenge and its security context.
struct UeSide {
  explicit UeSide(const provisioning::SubscriberCredentials& s) : sub(s) {}
  provisioning::SubscriberCredentials sub;
  crypto::UsimSqnState sqn;
  std::optional<crypto::UsimResponse> challenge;
  std::uint8_t challenge_ksi = 0;
  std::unique_ptr<nas::SecurityContext> security;
  std::optional<nas::Guti> guti;

  void on_downlink(ByteView pdu) {
    const auto header = nas::security_header_of(pdu);
    if (!header) return;
    std::vector<std::uint8_t> plain;
    if (*header == SecurityHeader::integrity_new_context || *header == SecurityHeader::integrity_ciphered_new_context) {
      if (!challenge || pdu.size() < 9) return;
      const Key256 kasme = crypto::derive_kasme(challenge->ck, challenge->ik, kPlmn.encoded(), challenge->sqn_xor_ak);
      try {
        auto proposed = std::make_unique<nas::SecurityContext>(
            challenge_ksi, kasme, static_cast<crypto::CipheringAlgorithm>((pdu[8] >> 4) & 0x07),
            static_cast<crypto::IntegrityAlgorithm>(pdu[8] & 0x07), true);
        if (!proposed->unprotect(pdu).ok()) return;
        security = std::move(proposed);
      } catch (const std::invalid_argument&) {
      }
      return;
    }
    if (*header != SecurityHeader::plain) {
      if (!security) return;
      auto r = security->unprotect(pdu);
      if (!r.ok()) return;
      plain = std::move(r.value());
      pdu = plain;
    }
    auto m = nas::decode(pdu);
    if (!m.ok()) return;
    trace("downlink message " + std::to_string(m.value().index()));
    if (auto* a = std::get_if<nas::AuthenticationRequest>(&m.value())) {
      crypto::UsimResponse r = crypto::usim_authenticate(sub.k, sub.opc, sqn, a->rand, a->autn);
      if (r.outcome == crypto::AkaOutcome::success) {
        challenge = r;
        challenge_ksi = a->ksi;
      }
    } else if (auto* accept = std::get_if<nas::AttachAccept>(&m.value())) {
      if (accept->guti) guti = accept->guti;
    }
  }

  std::vector<std::uint8_t> protect(const nas::EmmMessage& m, SecurityHeader header) {
    if (!security) return nas::encode(m);
    return security->protect(nas::encode(m), header);
  }

  // The PDU a record sends.
  std::vector<std::uint8_t> uplink(std::uint8_t op, ByteView body) {
    switch (op) {
      case attach_imsi: {
        nas::AttachRequest a;
        a.identity = sub.imsi;
        return nas::encode(a);
      }
      case attach_guti: {
        nas::AttachRequest a;
        if (guti) {
          a.identity = *guti;
        } else {
          Bytes<10> b{};
          std::copy_n(body.begin(), std::min<std::size_t>(body.size(), b.size()), b.begin());
          a.identity = nas::Guti::from_binary(b);
        }
        return nas::encode(a);
      }
      case auth_response: {
        nas::AuthenticationResponse r;
        if (challenge)
          r.res.assign(challenge->res.begin(), challenge->res.end());
        else
          r.res.assign(body.begin(), body.end());
        return nas::encode(r);
      }
      case smc_complete: return protect(nas::SecurityModeComplete{}, SecurityHeader::integrity_ciphered_new_context);
      case attach_complete: return protect(nas::AttachComplete{}, SecurityHeader::integrity_ciphered);
      case protected_raw:
        if (!security) return {body.begin(), body.end()};
        return security->protect(body, SecurityHeader::integrity_ciphered);
      case detach: {
        nas::DetachRequest d;
        d.switch_off = !body.empty() && (body[0] & 1);
        if (guti)
          d.identity = *guti;
        else
          d.identity = sub.imsi;
        d.ksi = security ? security->ksi() : nas::kNoKeyAvailable;
        return protect(d, SecurityHeader::integrity_ciphered);
      }
      case auth_failure: {
        nas::AuthenticationFailure f;
        f.cause = body.empty() ? 20 : body[0];
        return nas::encode(f);
      }
      default: return {body.begin(), body.end()};
    }
  }
};

// Milenage vectors for the one subscriber, SQNs in order (and past the USIM's after a
// re-synchronisation), each with its Ks.
struct VectorMaker {
  provisioning::SubscriberCredentials sub;
  std::uint64_t seq = 1;
  mme::VectorSource source() {
    return [this](std::string imsi, unsigned count,
                  std::optional<Bytes<30>> resync) -> asio::awaitable<mme::VectorsOutcome> {
      mme::VectorsOutcome out;
      if (resync) seq += 100;
      if (imsi != sub.imsi) {
        out.reject_cause = 8;
        co_return out;
      }
      for (unsigned i = 0; i < count && i < 5; ++i) {
        crypto::Rand rand;
        crypto::random_bytes(rand);
        const crypto::AuthVector av = crypto::build_auth_vector(
            sub.k, sub.opc, rand, crypto::Sqn::from_parts(seq++, 0, 5), sub.amf, kPlmn.encoded());
        mme::Vector v;
        v.rand = av.rand;
        v.xres.assign(av.xres.begin(), av.xres.end());
        v.autn = av.autn;
        v.kasme = av.kasme;
        v.ks = av.ks;
        v.ks_lifetime = std::chrono::seconds(3600);
        out.vectors.push_back(std::move(v));
      }
      co_return out;
    };
  }
};

void write_seeds(const std::filesystem::path& dir) {
  auto script = [](std::initializer_list<std::pair<std::uint8_t, std::vector<std::uint8_t>>> steps) {
    std::vector<std::uint8_t> out;
    for (const auto& [op, body] : steps) append_record(out, op, body);
    return out;
  };
  write_seed(dir, "attach",
             script({{attach_imsi, {}}, {auth_response, {}}, {smc_complete, {}}, {attach_complete, {}}}));
  write_seed(dir, "attach_detach",
             script({{attach_imsi, {}},
                     {auth_response, {}},
                     {smc_complete, {}},
                     {attach_complete, {}},
                     {detach, {0}},
                     {attach_guti, {}},
                     {auth_response, {}}}));
  write_seed(dir, "attach_protected_status",
             script({{attach_imsi, {}},
                     {auth_response, {}},
                     {smc_complete, {}},
                     {protected_raw, {0x07, 0x60, 0x6f}},
                     {attach_complete, {}}}));
  write_seed(dir, "two_streams",
             script({{attach_imsi, {}},
                     {attach_imsi | 0x20, {}},
                     {auth_response | 0x20, {}},
                     {auth_failure, {21}},
                     {auth_response, {}},
                     {signalling, {1}}}));
  write_seed(dir, "raw_plain", script({{raw, nas::encode(nas::AttachRequest{1, 7, std::string("001010000000001")})}}));
}

// Reads S1-lite frames for up to `wait` for the first one, then whatever is there already.
void read_downlinks(LoopbackSocket& enb, std::vector<std::uint8_t>& received, std::map<std::uint32_t, UeSide>& ues,
                    std::chrono::milliseconds wait, bool& closed) {
  while (!closed) {
    auto bytes = enb.receive(wait);
    if (!bytes) return;
    if (bytes->empty()) {
      closed = true;
      return;
    }
    received.insert(received.end(), bytes->begin(), bytes->end());
    while (received.size() >= 8) {
      const std::size_t n =
          std::size_t{received[0]} << 24 | std::size_t{received[1]} << 16 | std::size_t{received[2]} << 8 | received[3];
      if (n < 4 || received.size() < 4 + n) break;
      const std::uint32_t stream = std::uint32_t{received[4]} << 24 | std::uint32_t{received[5]} << 16 |
                                   std::uint32_t{received[6]} << 8 | received[7];
      if (auto it = ues.find(stream); it != ues.end()) it->second.on_downlink(ByteView(received).subspan(8, n - 4));
      received.erase(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(4 + n));
    }
    wait = 0ms;
  }
}

int run(ByteView input) {
  VectorMaker vectors{provisioning::generate_subscribers("001010000000001", 1, provisioning::BootstrapMode::pull)[0]};
  mme::MmeConfig c;
  c.s1_port = 0;
  c.diameter.origin_host = "mme.iotboot.test";
  c.diameter.origin_realm = "iotboot.test";
  c.diameter.listen_port = 0;
  c.t3460 = 200ms;
  c.t3450 = 200ms;
  c.max_ues_per_connection = 4;
  c.max_attach_attempts = 4;

  IoThread nf;
  std::unique_ptr<mme::Mme> mme;
  const std::uint16_t port = nf.call([&] {
    mme = std::make_unique<mme::Mme>(nf.io, c, vectors.source());
    mme->start();
    return mme->s1_port();
  });
  {
    LoopbackSocket enb(LoopbackSocket::Kind::tcp, port);
    std::map<std::uint32_t, UeSide> ues;
    std::vector<std::uint8_t> received, frame;
    bool closed = false;
    const auto cut = std::chrono::steady_clock::now() + kScriptBudget;
    for (const Record& r : records_of(input)) {
      if (std::chrono::steady_clock::now() > cut) break;
      const std::uint8_t op = r.op & 0x1f;
      std::uint32_t stream = 1u + (r.op >> 5);
      UeSide& ue = ues.try_emplace(stream, vectors.sub).first->second;
      const std::vector<std::uint8_t> pdu = ue.uplink(op, r.body);
      if (op == signalling) stream = net::kS1liteSignallingStream;
      frame.clear();
      net::append_s1lite_frame(frame, stream, pdu);
      trace("record op " + std::to_string(op) + " stream " + std::to_string(stream));
      if (closed || !enb.send(frame)) break;
      read_downlinks(enb, received, ues, expects_answer(op) ? kReplyWait : 0ms, closed);
    }
  }
  nf.await(mme->stop());
  nf.call([&] { mme.reset(); });
  return 0;
}

}  // namespace
}  // namespace iotboot::afl

int main(int argc, char** argv) {
  return iotboot::afl::harness_main(argc, argv, iotboot::afl::write_seeds, iotboot::afl::run);
}
