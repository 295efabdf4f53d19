// Where an NF keeps its data, as its configuration's `store:` names it: `sqlite:PATH` (a file
// on this machine, the embedded default) or a libpq URI `postgresql://…` (a shared server;
// multi-host URIs with target_session_attrs=read-write select the primary).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace iotboot::store {

struct Location {
  enum class Engine { sqlite, postgresql };
  Engine engine = Engine::sqlite;
  std::string target;  // the SQLite file, or the whole URI

  static Location sqlite(std::string path) { return {Engine::sqlite, std::move(path)}; }
  // The reason names what is wrong with the text, never repeating a password in it.
  static Result<Location> parse(std::string_view text);
  // For logs and errors: the URI without its password.
  std::string describe() const;
};

}  // namespace iotboot::store
