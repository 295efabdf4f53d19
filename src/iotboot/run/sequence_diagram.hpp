// One UE's bootstrap drawn as text: the 16 steps of the seed with the identities and values
// that went over the wire in this run (keys masked to their first 4 hex digits), as the UE's
// bootstrapping mode runs them: push (solution #12: steps 5.1 and 10.1) or pull (solution #11:
// Ks in the AIA's vector at step 5, and a T6a fetch from the MME inside step 14).
#pragma once

#include <ostream>
#include <string>

#include "provisioning/bootstrap_mode.hpp"
#include "ue/load_report.hpp"

namespace iotboot::cli {

struct NetworkNames {
  std::string mme = "mme.iotboot.test", hss = "hss.iotboot.test", scef = "scef.iotboot.test";
};

// mode: push or pull.
void print_sequence_diagram(std::ostream& out, const ue::BootstrapTrace& trace, const NetworkNames& names,
                            provisioning::BootstrapMode mode);

}  // namespace iotboot::cli
