// Pull mode at the SCEF (src/scef/t6a_client.cpp, key_api.cpp): for a GUTI the key store does not
// know, the Key API asks the MME the GUTI names, derives Ks_AS from the Ks it answers, and turns
// each refusal into its cause; nothing fetched is kept.
#include "crypto/bootstrap_keys.hpp"
#include "scef_lab.hpp"

namespace iotboot::scef {
namespace {

using namespace test_lab;

// The MME answers with `ks`, `lifetime_s` left, for kGuti only.
void answer_with(ScefLab& lab, const Key256& ks, std::uint32_t lifetime_s) {
  lab.mme_answers_cir = [ks, lifetime_s](const t6a::Cir& cir, Reply& reply) {
    if (cir.guti != nas::Guti::parse(kGuti)->binary() || cir.routing.destination_host != "mme.iotboot.test") {
      return reply.error(DiameterError::experimental(kVendor3gpp, result::kErrorUserUnknown, "no such GUTI"));
    }
    t6a::Cia cia;
    cia.origin = reply.success_origin();
    cia.user_name = kImsi;
    cia.ks = ks;
    cia.ks_lifetime_s = lifetime_s;
    reply.send(cia);
  };
}

void refuse_with(ScefLab& lab, std::uint32_t vendor, std::uint32_t code) {
  lab.mme_answers_cir = [vendor, code](const t6a::Cir&, Reply& reply) {
    reply.error(DiameterError::experimental(vendor, code, "refused"));
  };
}

TEST(KeyApiPull, TheGutisMmeGivesKsAndEachAsGetsItsKsAs) {
  ScefLab lab;
  answer_with(lab, kKs, 600);
  const std::int64_t before = lab.time.clock()();
  for (const auto& [index, as_id] : {std::pair{0, "as1.example.com"}, std::pair{1, "as2.example.com"}}) {
    const net::HttpReply r = lab.ask(index, kGuti, as_id);
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j["ksAs"], reveal_hex(crypto::derive_ks_as(kKs, as_id)));
    const std::string expiry = j["expiry"];
    std::tm tm{};
    ASSERT_NE(strptime(expiry.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm), nullptr);
    const std::int64_t at = timegm(&tm);
    EXPECT_GE(at, before + 600);
    EXPECT_LE(at, before + 602);
  }
  EXPECT_EQ(lab.cirs, 2);               // one fetch per request: nothing cached
  EXPECT_EQ(stored(lab).contexts, 0u);  // and nothing stored
}

TEST(KeyApiPull, EveryRefusalOfTheMmeHasItsCause) {
  ScefLab lab;
  const struct {
    std::uint32_t vendor, code;
    int status;
    const char* cause;
  } cases[] = {
      // clang-format off
      {kVendor3gpp,    result::kErrorUserUnknown, 404, "CONTEXT_NOT_FOUND"},
      {kVendorIotboot, result::kIotNoKey,         404, "KEY_NOT_AVAILABLE"},
      {kVendorIotboot, result::kIotUeDetached,    404, "UE_DETACHED"},
      {kVendorIotboot, result::kIotKeyExpired,    404, "KEY_EXPIRED"},
      {kVendor3gpp,    4181,                      503, "MME_UNREACHABLE"},  // an answer that is no refusal
      // clang-format on
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.cause);
    refuse_with(lab, c.vendor, c.code);
    expect_problem(lab.ask(0, kGuti, "as1.example.com"), c.status, c.cause);
  }
}

// The MME released the GUTI after answering once: the next request is refused, not served from
// anything the SCEF kept.
TEST(KeyApiPull, AGutiTheMmeReleasedIsNeverServedAgain) {
  ScefLab lab;
  answer_with(lab, kKs, 600);
  ASSERT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  refuse_with(lab, kVendor3gpp, result::kErrorUserUnknown);
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
}

// Only the MME whose GUMMEI the GUTI carries is asked; a GUTI of an MME the SCEF does not know
// is unknown without any Diameter request.
TEST(KeyApiPull, AGutiOfAnUnknownMmeIsNotFetched) {
  ScefLab lab;
  answer_with(lab, kKs, 600);
  expect_problem(lab.ask(0, "001-01-8001-02-c0ffee01", "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  expect_problem(lab.ask(0, "001-01-8002-01-c0ffee01", "as1.example.com"), 404, "CONTEXT_NOT_FOUND");
  EXPECT_EQ(lab.cirs, 0);
}

// A hostile or broken MME: a success without a key, an answer too late, no MME at all.
TEST(KeyApiPull, NoUsableAnswerIs503) {
  ScefLab lab;
  lab.mme_answers_cir = [](const t6a::Cir&, Reply& reply) {
    t6a::Cia cia;
    cia.origin = reply.success_origin();  // 2001 and no IoT-Ks
    reply.send(cia);
  };
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 503, "MME_UNREACHABLE");
  lab.mme_answers_cir = [](const t6a::Cir&, Reply&) {};  // never answers
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 503, "MME_UNREACHABLE");
  lab.io.call([&] {
    lab.mme.reset();
    return 0;
  });
  expect_problem(lab.ask(0, kGuti, "as1.example.com"), 503, "MME_UNREACHABLE");
}

// Push mode first: a GUTI the key store knows is answered from it, without asking the MME.
TEST(KeyApiPull, ARegisteredGutiIsNotFetched) {
  ScefLab lab;
  ASSERT_TRUE(lab.push_key_set(std::string(kImsi), kRand, kKs));
  ASSERT_TRUE(lab.notify(std::string(kImsi), kRand, kGuti));
  ASSERT_EQ(lab.ask(0, kGuti, "as1.example.com").status, 200);
  EXPECT_EQ(lab.cirs, 0);
}

}  // namespace
}  // namespace iotboot::scef
