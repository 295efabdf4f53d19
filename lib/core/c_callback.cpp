#include "core/c_callback.hpp"

#include <spdlog/spdlog.h>

namespace iotboot {

void report_callback_exception(std::string_view where, const std::exception* e) noexcept {
  try {
    spdlog::error("{}: exception contained in a C callback: {}", where, e ? e->what() : "unknown exception");
  } catch (...) {
    // Nothing left to do: the callback still returns its failure value.
  }
}

}  // namespace iotboot
