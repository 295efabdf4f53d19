// How far a commit must reach before it counts. SQLite: the synchronous pragma. PostgreSQL:
// the server's own settings decide (synchronous_commit, synchronous_standby_names).
#pragma once

namespace iotboot::store {

enum class Durability {
  full,    // SQLite WAL, synchronous=FULL: a commit survives a power loss
  normal,  // SQLite WAL, synchronous=NORMAL: a commit survives a process crash
};

}  // namespace iotboot::store
