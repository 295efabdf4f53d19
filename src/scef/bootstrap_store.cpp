#include "scef/bootstrap_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace iotboot::scef {

BootstrapStore::BootstrapStore(std::unique_ptr<KeyStore> writer, std::unique_ptr<KeyStore> reader,
                               std::size_t purge_chunk)
    : writer_(std::move(writer)),
      reader_(std::move(reader)),
      purge_chunk_(purge_chunk),
      reads_([this](std::vector<Read>& batch) { read(batch); }, 512),
      writes_([this](std::vector<Write>& batch) { write(batch); }, 512) {}

void BootstrapStore::write(std::vector<Write>& batch) {
  bool ok = true;
  const auto began = std::chrono::steady_clock::now();
  try {
    auto tx = writer_->begin();
    for (const Write& w : batch) {
      if (const auto* keys = std::get_if<std::vector<KeySetRecord>>(&w.work)) {
        for (const KeySetRecord& k : *keys) writer_->put_key_set(k);
      } else if (const auto* ctx = std::get_if<AuthContextRecord>(&w.work)) {
        writer_->put_context(*ctx);
      }
    }
    tx->commit();
  } catch (const std::exception& e) {
    spdlog::error("[scef] key store: {}", e.what());
    ok = false;
  }
  const auto commits = static_cast<std::size_t>(
      std::count_if(batch.begin(), batch.end(), [](const Write& w) { return w.done != nullptr; }));
  if (commits > 0) {
    commits_.record(commits, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(), ok);
  }
  for (Write& w : batch) {
    if (w.done) w.done->complete(ok);
  }
  // Purges after the commit, one chunk each: a long backlog of expired rows is worked off
  // between batches of writes instead of in front of them.
  for (Write& w : batch) {
    const auto* p = std::get_if<Purge>(&w.work);
    if (!p) continue;
    std::size_t gone = 0;
    try {
      gone = writer_->purge(p->now, purge_chunk_);
    } catch (const std::exception& e) {
      spdlog::error("[scef] key store purge: {}", e.what());
    }
    if (gone >= purge_chunk_) {
      writes_.push(Write{Purge{p->now, p->so_far + gone}, nullptr, std::move(w.purged)});
    } else if (w.purged) {
      w.purged->complete(p->so_far + gone);
    }
  }
}

void BootstrapStore::read(std::vector<Read>& batch) {
  // Every lookup of the batch in one query.
  std::vector<KeyQuery> queries;
  for (Read& r : batch) {
    if (auto* f = std::get_if<Find>(&r.what)) queries.push_back(std::move(f->query));
  }
  std::vector<std::optional<StoredKey>> found;
  bool ok = true;
  try {
    if (!queries.empty()) found = reader_->find(queries);
  } catch (const std::exception& e) {
    spdlog::error("[scef] key store: {}", e.what());
    ok = false;
  }
  std::size_t i = 0;
  for (Read& r : batch) {
    if (auto* f = std::get_if<Find>(&r.what)) {
      f->done->complete(ok ? judge(found[i++], f->now) : Lookup(LookupError::store_unavailable));
    } else if (auto* x = std::get_if<FindExternalId>(&r.what)) {
      ExternalIdLookup id = LookupError::store_unavailable;
      try {
        id = reader_->external_id(x->imsi, x->as_id);
      } catch (const std::exception& e) {
        spdlog::error("[scef] key store: {}", e.what());
      }
      x->done->complete(std::move(id));
    } else {
      KeyStore::Counts counts;
      try {
        counts = reader_->count();
      } catch (const std::exception& e) {
        spdlog::error("[scef] key store: {}", e.what());
      }
      std::get<Count>(r.what).done->complete(counts);
    }
  }
}

}  // namespace iotboot::scef
