#include "mme/mme_context.hpp"

namespace iotboot::mme {

MmeContext::Ctx MmeContext::on_stream(std::uint64_t connection, std::uint32_t stream) const {
  auto it = by_stream_.find({connection, stream});
  return it == by_stream_.end() ? nullptr : it->second;
}

MmeContext::Ctx MmeContext::of_record(const std::string& imsi) const {
  auto it = by_imsi_.find(imsi);
  return it == by_imsi_.end() ? nullptr : it->second;
}

std::vector<MmeContext::Ctx> MmeContext::on_connection(std::uint64_t connection) const {
  std::vector<Ctx> out;
  for (const auto& [key, ctx] : by_stream_) {
    if (key.connection == connection) out.push_back(ctx);
  }
  return out;
}

std::size_t MmeContext::ues_on(std::uint64_t connection) const {
  auto it = ues_per_connection_.find(connection);
  return it == ues_per_connection_.end() ? 0 : it->second;
}

void MmeContext::bind(const Ctx& ctx, net::S1liteConnection& c, std::uint32_t stream) {
  if (ctx->bound && (ctx->connection_id != c.id() || ctx->stream != stream)) unbind(ctx);
  ctx->connection = c.weak_from_this();
  ctx->connection_id = c.id();
  ctx->stream = stream;
  ctx->bound = true;
  if (by_stream_.insert_or_assign({c.id(), stream}, ctx).second) ++ues_per_connection_[c.id()];
}

void MmeContext::unbind(const Ctx& ctx) {
  if (!ctx->bound) return;
  auto it = by_stream_.find({ctx->connection_id, ctx->stream});
  if (it != by_stream_.end() && it->second == ctx) {
    by_stream_.erase(it);
    auto n = ues_per_connection_.find(ctx->connection_id);
    if (n != ues_per_connection_.end() && --n->second == 0) ues_per_connection_.erase(n);
  }
  ctx->bound = false;
  ctx->connection.reset();
}

void MmeContext::make_of_record(const Ctx& ctx) {
  by_imsi_[ctx->imsi] = ctx;
  ctx->of_record = true;
  ctx->attempt.release();
}

void MmeContext::forget(const Ctx& ctx) {
  ctx->drop_ks();
  unbind(ctx);
  if (!ctx->imsi.empty()) {
    auto it = by_imsi_.find(ctx->imsi);
    if (it != by_imsi_.end() && it->second == ctx) by_imsi_.erase(it);
  }
  if (ctx->guti) gutis.release(*ctx->guti, *ctx);
}

std::size_t MmeContext::size() const noexcept {
  std::size_t attempts = 0;
  for (const auto& [key, ctx] : by_stream_) attempts += ctx->of_record ? 0 : 1;
  return by_imsi_.size() + attempts;
}

}  // namespace iotboot::mme
