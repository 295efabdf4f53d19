// What the UE simulator's --record-sqns file ("imsi,sqn" per challenge a USIM saw) says about
// SQN reuse: how many challenges it holds and which (IMSI, SQN) lines came more than once.
#pragma once

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace iotboot::test {

struct SqnRecord {
  std::size_t challenges = 0;
  std::vector<std::string> repeated;  // each (IMSI, SQN) seen before, as its line
};

inline SqnRecord read_sqn_record(const std::filesystem::path& file) {
  SqnRecord r;
  std::ifstream in(file);
  std::set<std::string> seen;
  for (std::string line; std::getline(in, line);) {
    ++r.challenges;
    if (!seen.insert(line).second) r.repeated.push_back(line);
  }
  return r;
}

}  // namespace iotboot::test
