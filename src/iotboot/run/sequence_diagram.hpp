// One UE's bootstrap drawn as text: the 16 steps of the seed with the identities and values
// that went over the wire in this run (keys masked to their first 4 hex digits).
#pragma once

#include <ostream>
#include <string>

#include "ue/load_report.hpp"

namespace iotboot::cli {

struct NetworkNames {
  std::string mme = "mme.iotboot.test", hss = "hss.iotboot.test", scef = "scef.iotboot.test";
};

void print_sequence_diagram(std::ostream& out, const ue::BootstrapTrace& trace, const NetworkNames& names);

}  // namespace iotboot::cli
