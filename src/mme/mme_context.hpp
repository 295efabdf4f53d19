// The MME's UE contexts and how they are found: by the S1-lite stream that reaches the UE now
// (attach attempts included), by IMSI (the context of record), and by GUTI (the GUTI pool);
// and how many UEs each S1-lite connection carries (#22: bounded per connection).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "mme/guti_pool.hpp"
#include "mme/ue_context.hpp"

namespace iotboot::mme {

class MmeContext {
 public:
  using Ctx = std::shared_ptr<UeContext>;

  explicit MmeContext(GutiPool pool) : gutis(std::move(pool)) {}

  Ctx on_stream(std::uint64_t connection, std::uint32_t stream) const;
  Ctx of_record(const std::string& imsi) const;
  // Every context reached through this connection.
  std::vector<Ctx> on_connection(std::uint64_t connection) const;
  std::size_t ues_on(std::uint64_t connection) const;

  // The UE is now reached on (connection, stream); a context there before is no longer.
  void bind(const Ctx& ctx, net::S1liteConnection& c, std::uint32_t stream);
  void unbind(const Ctx& ctx);
  // ctx becomes its IMSI's context of record.
  void make_of_record(const Ctx& ctx);
  // ctx leaves every index (its stream, its IMSI if it is the one of record, its GUTI).
  void forget(const Ctx& ctx);

  // Contexts held: of record, and attempts in progress.
  std::size_t size() const noexcept;
  template <typename F>  // F(const Ctx&)
  void for_each(F f) const {
    for (const auto& [imsi, ctx] : by_imsi_) f(ctx);
    for (const auto& [key, ctx] : by_stream_) {
      if (!ctx->of_record) f(ctx);
    }
  }

  GutiPool gutis;

 private:
  struct StreamKey {
    std::uint64_t connection;
    std::uint32_t stream;
    friend bool operator==(const StreamKey&, const StreamKey&) = default;
  };
  struct StreamKeyHash {
    std::size_t operator()(const StreamKey& k) const noexcept {
      return std::hash<std::uint64_t>{}(k.connection * 1000003u ^ k.stream);
    }
  };
  std::unordered_map<StreamKey, Ctx, StreamKeyHash> by_stream_;
  std::unordered_map<std::string, Ctx> by_imsi_;
  std::unordered_map<std::uint64_t, std::size_t> ues_per_connection_;  // by_stream_ entries per connection
};

}  // namespace iotboot::mme
