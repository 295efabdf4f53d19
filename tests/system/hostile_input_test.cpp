// Every listening port of the system, with every NF in its own process, fed identities and
// fields that are not valid UTF-8, not canonical, overlong or empty: each gets a precise
// refusal, no NF goes down, nothing raw reaches a log, and a real bootstrap still works after.
#include <gtest/gtest.h>

#include "process_lab.hpp"

namespace iotboot::test {
namespace {

using namespace std::chrono_literals;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

void expect_all_up(ProcessLab& lab) {
  for (auto* p : {&lab.scef, &lab.hss, &lab.mme, &lab.as1, &lab.as2}) {
    EXPECT_EQ((*p)->wait(0ms), -1) << "an NF exited: " << (*p)->out() << (*p)->err();
  }
}

void expect_bootstraps(ProcessLab& lab, std::size_t n) {
  const ProcessResult r = lab.run_ues(n, n);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

// Ua (UDP 5684 at each AS): a DTLS PSK identity is any bytes a client chooses. The review's
// reproduction, identity 0xff 0xfe, terminated the AS.
TEST(HostileInput, AsRefusesEveryPskIdentityButACanonicalGutiAndStaysUp) {
  ProcessLab lab(5, "hostile_ua");
  ASSERT_NO_FATAL_FAILURE(lab.start_all());
  const std::vector<std::string> identities = {"\xff\xfe", "", "001-01-8001-01-C0FFEE01", std::string(200, 'g'),
                                               "001-01-8001-01-c0ffee01\nforged log line"};
  for (const std::string& id : identities) {
    const ProcessResult r = lab.coap_client("openssl", lab.as1_port, id, "abc", "x", 1);
    EXPECT_EQ(r.out.find("guti="), std::string::npos) << r.out;
  }
  expect_all_up(lab);
  // None of them reached the SCEF, and none reached a log line raw.
  EXPECT_EQ(count(lab.scef->out(), "Key API request"), 0u) << lab.scef->out();
  EXPECT_EQ(lab.as1->out().find("forged log line"), std::string::npos);
  EXPECT_EQ(lab.as1->out().find("\xff\xfe"), std::string::npos);

  // A canonical GUTI the SCEF does not know: asked once, then the refusal is remembered.
  for (int i = 0; i < 3; ++i) lab.coap_client("openssl", lab.as1_port, "001-01-8001-01-0badf00d", "abc", "x", 1);
  EXPECT_EQ(count(lab.scef->out(), "Key API request from as1.example.com: 404"), 1u) << lab.scef->out();

  expect_bootstraps(lab, 5);
  expect_all_up(lab);
}

}  // namespace
}  // namespace iotboot::test
