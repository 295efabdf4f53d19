#include "run/sequence_diagram.hpp"

#include <iomanip>

namespace iotboot::cli {
namespace {

// Lifelines: UE, MME, HSS, SCEF, AS.
enum Lane { ue = 0, mme = 1, hss = 2, scef = 3, as = 4 };
constexpr int kLaneWidth = 7;
constexpr int kWidth = kLaneWidth * 4 + 1;

// "o------>" from one lifeline to another, "[*]" for work done at one.
std::string arrow(Lane from, Lane to) {
  std::string s(kWidth + 2, ' ');
  for (int l = 0; l <= 4; ++l) s[static_cast<std::size_t>(l * kLaneWidth)] = '|';
  const auto a = static_cast<std::size_t>(from * kLaneWidth), b = static_cast<std::size_t>(to * kLaneWidth);
  if (from == to) {
    s.replace(a, 3, "[*]");
    return s;
  }
  const std::size_t lo = std::min(a, b), hi = std::max(a, b);
  for (std::size_t i = lo; i <= hi; ++i) s[i] = '-';
  s[a] = 'o';
  s[b] = from < to ? '>' : '<';
  return s;
}

struct Printer {
  std::ostream& out;
  void operator()(const std::string& step, Lane from, Lane to, const std::string& what) const {
    out << "  " << std::left << std::setw(5) << step << arrow(from, to) << what << "\n";
  }
};

std::string ms(double v) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << v << " ms";
  return s.str();
}

}  // namespace

void print_sequence_diagram(std::ostream& out, const ue::BootstrapTrace& t, const NetworkNames& n,
                            provisioning::BootstrapMode mode) {
  const bool pull = mode == provisioning::BootstrapMode::pull;
  out << "One UE's bootstrap as it happened, "
      << (pull ? "pull mode (solution #11: Ks in the S6a vector, fetched from the MME over T6a)"
               : "push mode (solution #12: KeySet pushed over S6t, result reported over T6a)")
      << "\n  (keys masked to their first 4 hex digits) UE = IMSI " << t.imsi << ", MME = " << n.mme
      << ", HSS = " << n.hss << ", SCEF = " << n.scef << "\n\n";
  out << "  step " << std::left << std::setw(kLaneWidth) << "UE" << std::setw(kLaneWidth) << "MME"
      << std::setw(kLaneWidth) << "HSS" << std::setw(kLaneWidth) << "SCEF"
      << "AS\n";
  const Printer p{out};
  p("1-2", ue, mme, "Attach Request, IMSI " + t.imsi);
  p("3", mme, hss, "S6a Authentication-Information-Request, User-Name " + t.imsi);
  p("4", hss, hss, "AV: RAND " + t.rand + ", AUTN " + t.autn + ", KASME " + t.kasme);
  p("", hss, hss, "Ks = KDF(CK||IK, 0xC0, \"End-to-End_IOT\") = " + t.ks);
  if (pull) {
    p("5", hss, mme, "S6a AIA: E-UTRAN-Vector {RAND, AUTN, XRES, KASME " + t.kasme + ", IoT-Ks " + t.ks + "}");
  } else {
    p("5.1", hss, scef, "S6t Reporting-Information-Request, IoT-Key-Set {IMSI, RAND, Ks " + t.ks + "}");
    p("", scef, hss, "S6t RIA DIAMETER_SUCCESS, sent after the KeySet was committed");
    p("5", hss, mme, "S6a AIA: E-UTRAN-Vector {RAND, AUTN, XRES, KASME " + t.kasme + "}, notify SCEF " + n.scef);
  }
  p("6", mme, ue, "Authentication Request, RAND " + t.rand + ", AUTN " + t.autn);
  p("7", ue, ue, "USIM: AUTN verified, CK " + t.ck + ", IK " + t.ik + ", KASME " + t.kasme);
  p("8", ue, mme, "Authentication Response, RES " + t.res);
  p("9", mme, mme, "RES = XRES; Security Mode Command / Complete (NAS keys from KASME)");
  if (pull) {
    p("", mme, mme, "the vector's Ks " + t.ks + " kept with the UE's context, under GUTI " + t.guti);
  } else {
    p("10.1", mme, scef, "T6a Reporting-Information-Request {IMSI, SUCCESS, RAND, GUTI " + t.guti + "}");
    p("", scef, mme, "T6a RIA DIAMETER_SUCCESS, sent after the context was committed");
  }
  p("10", mme, ue, "Attach Accept, GUTI " + t.guti + " (attach took " + ms(t.attach_ms) + ")");
  p("11", ue, ue, "Ks = KDF(CK||IK, 0xC0, \"End-to-End_IOT\") = " + t.ks);
  for (const ue::AsExchange& e : t.exchanges) {
    out << "  ---- AS = " << e.as_id << "\n";
    p("11", ue, ue, "Ks_AS = KDF(Ks, 0xC1, \"" + e.as_id + "\") = " + e.ks_as_masked);
    p("12", ue, as, "Application Request: DTLS 1.2 PSK handshake, PSK identity " + t.guti);
    p("13", as, scef, "POST /iotboot-keys/v1/retrieve {\"guti\": \"" + t.guti + "\", \"asId\": \"" + e.as_id + "\"}");
    if (pull) {
      p("14", scef, mme, "T6a Configuration-Information-Request {IoT-GUTI " + t.guti + "} to the GUTI's MME");
      p("", mme, scef, "T6a CIA DIAMETER_SUCCESS {IoT-Ks " + t.ks + ", IoT-Key-Lifetime}");
      p("", scef, scef, "Ks_AS = KDF(Ks, 0xC1, \"" + e.as_id + "\"); nothing kept");
    } else {
      p("14", scef, scef, "GUTI -> IMSI, RAND: successful; Ks_AS = KDF(Ks, 0xC1, \"" + e.as_id + "\")");
    }
    p("15", scef, as, "200 {\"ksAs\": \"" + e.ks_as_masked + "\", \"expiry\": ...}");
    p("", as, ue, "DTLS handshake done with PSK " + e.ks_as_masked + " (" + ms(e.result.handshake_ms) + ")");
    p("", ue, as, "CoAP POST /app \"" + e.request + "\"");
    p("16", as, ue,
      "Application Response 2.04 Changed \"" + e.result.response + "\" (" + ms(e.result.exchange_ms) + ")");
  }
}

}  // namespace iotboot::cli
