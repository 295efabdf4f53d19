// The one error every store throws: the database is unreachable or refused the statement.
#pragma once

#include <stdexcept>

namespace iotboot::store {

// The engine's own primary message; it never contains bound values (a PostgreSQL DETAIL line,
// which may quote a whole row, is left out).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace iotboot::store
