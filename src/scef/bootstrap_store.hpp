// The SCEF's data, on store threads (no io thread ever waits for the database):
// - writes (seed steps 5.1 and 10.1) queued to one writer thread, committed in batches; a
//   notification is answered only after its data is committed, so an acknowledged KeySet or
//   context survives a crash;
// - step 14's lookups queued to a reader thread with its own connection, many GUTIs per
//   query, so a read never waits behind a commit;
// - purges of what expired, in bounded chunks on the writer thread.
// Nothing is held in memory between requests: every SCEF instance on one database answers the
// same.
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "async/batch_thread.hpp"
#include "async/completion.hpp"
#include "metrics/group_commit.hpp"
#include "scef/key_store.hpp"

namespace iotboot::scef {

class BootstrapStore {
 public:
  // Two connections to one store: `writer` for commits and purges, `reader` for lookups.
  BootstrapStore(std::unique_ptr<KeyStore> writer, std::unique_ptr<KeyStore> reader, std::size_t purge_chunk = 10000);

  // KeySets from S6t or a context from T6a.
  using Records = std::variant<std::vector<KeySetRecord>, AuthContextRecord>;

  // Commits the records; completes with true once they are durable, false if the store failed.
  template <typename Token>
  auto async_commit(Records records, Token&& token) {
    return async::async_start<bool>(
        std::forward<Token>(token),
        [this, r = std::move(records)](std::unique_ptr<async::Completion<bool>> done) mutable {
          writes_.push(
              Write{std::visit([](auto&& v) -> Work { return std::move(v); }, std::move(r)), std::move(done), nullptr});
        });
  }

  using Lookup = Result<KeyLookup, LookupError>;
  // The key for a GUTI, with the asking AS's External-Identifier of its subscriber, or why there
  // is none (store_unavailable when the database failed).
  template <typename Token>
  auto async_lookup(KeyQuery query, std::int64_t now, Token&& token) {
    return async::async_start<Lookup>(
        std::forward<Token>(token),
        [this, q = std::move(query), now](std::unique_ptr<async::Completion<Lookup>> done) mutable {
          reads_.push(Read{Find{std::move(q), now, std::move(done)}});
        });
  }

  using ExternalIdLookup = Result<std::optional<std::string>, LookupError>;
  // An AS's External-Identifier of a subscriber (pull mode, whose IMSI the MME gave).
  template <typename Token>
  auto async_external_id(std::string imsi, std::string as_id, Token&& token) {
    return async::async_start<ExternalIdLookup>(
        std::forward<Token>(token), [this, i = std::move(imsi), a = std::move(as_id)](
                                        std::unique_ptr<async::Completion<ExternalIdLookup>> done) mutable {
          reads_.push(Read{FindExternalId{std::move(i), std::move(a), std::move(done)}});
        });
  }

  // Rows stored (live or expired and not yet purged), for tests and gauges.
  template <typename Token>
  auto async_count(Token&& token) {
    return async::async_start<KeyStore::Counts>(
        std::forward<Token>(token), [this](std::unique_ptr<async::Completion<KeyStore::Counts>> done) mutable {
          reads_.push(Read{Count{std::move(done)}});
        });
  }

  // Deletes what expired by `now`, a chunk at a time between the writes; completes with how
  // many rows went.
  template <typename Token>
  auto async_purge(std::int64_t now, Token&& token) {
    return async::async_start<std::size_t>(std::forward<Token>(token),
                                           [this, now](std::unique_ptr<async::Completion<std::size_t>> done) mutable {
                                             writes_.push(Write{Purge{now, 0}, nullptr, std::move(done)});
                                           });
  }

  // The last write transaction committed (readiness: the store is reachable).
  bool store_reachable() const noexcept { return commits_.store_reachable(); }

 private:
  struct Purge {
    std::int64_t now;
    std::size_t so_far;
  };
  using Work = std::variant<std::vector<KeySetRecord>, AuthContextRecord, Purge>;
  struct Write {
    Work work;
    std::unique_ptr<async::Completion<bool>> done;
    std::unique_ptr<async::Completion<std::size_t>> purged;  // a purge's
  };
  struct Find {
    KeyQuery query;
    std::int64_t now;
    std::unique_ptr<async::Completion<Lookup>> done;
  };
  struct FindExternalId {
    std::string imsi, as_id;
    std::unique_ptr<async::Completion<ExternalIdLookup>> done;
  };
  struct Count {
    std::unique_ptr<async::Completion<KeyStore::Counts>> done;
  };
  struct Read {
    std::variant<Find, FindExternalId, Count> what;
  };
  void write(std::vector<Write>& batch);
  void read(std::vector<Read>& batch);

  std::unique_ptr<KeyStore> writer_, reader_;
  const std::size_t purge_chunk_;
  metrics::GroupCommitMetrics commits_{"scef"};
  async::BatchThread<Read> reads_;    // last two: their threads use the members above
  async::BatchThread<Write> writes_;  // (and a purge re-queues itself here)
};

}  // namespace iotboot::scef
