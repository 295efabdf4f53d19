// One simulated UE's NAS side (seed steps 1-11 at the UE): attach with IMSI or its stored
// GUTI, answer identity and authentication challenges through its USIM, take the NAS security
// context, and derive Ks from the CK/IK of the accepted challenge.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/plmn.hpp"
#include "nas/emm.hpp"
#include "nas/security.hpp"
#include "net/s1lite.hpp"
#include "ue/mailbox.hpp"
#include "ue/usim.hpp"

namespace iotboot::ue {

struct AttachOutcome {
  bool attached = false;
  std::string failure;                          // why not, e.g. "Attach Reject #8" or "timeout"
  std::optional<std::chrono::seconds> backoff;  // T3346 of an Attach Reject: not before then
  bool identity_requested = false;
  unsigned challenges = 0;
  bool resynchronised = false;
  std::vector<crypto::Sqn> sqns_seen;  // SQNs of every challenge whose MAC verified, fresh or not
  bool replay_seen = false;            // a challenge with an SQN the USIM had seen
  std::optional<nas::Guti> guti;
  Key256 ks;  // seed step 11, from the CK/IK of the challenge that led to the accept
  // The accepted challenge and its keys (for the lab key log and the sequence diagram).
  crypto::Rand rand{};
  crypto::Autn autn{};
  std::vector<std::uint8_t> res;
  Key128 ck, ik;
  Key256 kasme;
};

class UeSession {
 public:
  UeSession(asio::io_context& io, Usim& usim, const Plmn& plmn, std::uint32_t stream,
            std::shared_ptr<net::S1liteConnection> connection);

  std::uint32_t stream() const noexcept { return stream_; }
  // A downlink PDU for this UE (from the connection's frame dispatch).
  void deliver(ByteView pdu) { mailbox_.push(std::vector<std::uint8_t>(pdu.begin(), pdu.end())); }

  // use_guti: identify with the GUTI of the last attach, if any.
  asio::awaitable<AttachOutcome> attach(bool use_guti, std::chrono::milliseconds timeout);
  // UE-initiated detach; true when the Detach Accept came (or at once for switch-off).
  asio::awaitable<bool> detach(bool switch_off, std::chrono::milliseconds timeout);

  const std::optional<nas::Guti>& guti() const noexcept { return guti_; }
  // A GUTI kept from earlier (e.g. across a power cycle).
  void restore_guti(std::optional<nas::Guti> g) { guti_ = std::move(g); }
  void set_connection(std::shared_ptr<net::S1liteConnection> c) { connection_ = std::move(c); }

 private:
  void send_plain(const nas::EmmMessage& m);
  void send_protected(const nas::EmmMessage& m, nas::SecurityHeader header);
  // Decodes a downlink PDU, unprotecting it when needed; nullopt to ignore it.
  std::optional<nas::EmmMessage> open(ByteView pdu);
  // A challenge answered with RES: its keys wait for the Security Mode Command.
  void remember_challenge(std::uint8_t ksi, const crypto::Rand& rand, const crypto::Autn& autn,
                          const crypto::UsimResponse& r);
  // The Attach Accept's GUTI and the keys of the challenge that led to it.
  void accepted(AttachOutcome& out, const std::optional<nas::Guti>& guti) const;

  asio::io_context& io_;
  Usim& usim_;
  Plmn plmn_;
  std::uint32_t stream_;
  std::shared_ptr<net::S1liteConnection> connection_;
  Mailbox mailbox_;
  std::unique_ptr<nas::SecurityContext> security_;
  std::optional<nas::Guti> guti_;
  // The challenge last answered with RES: its KASME and CK/IK until the SMC arrives.
  struct Pending {
    std::uint8_t ksi;
    Key256 kasme;
    Key128 ck, ik;
    crypto::Rand rand;
    crypto::Autn autn;
    std::vector<std::uint8_t> res;
  };
  std::optional<Pending> pending_;
  std::vector<std::uint8_t> capability_ = {0xa0, 0x20};
};

}  // namespace iotboot::ue
