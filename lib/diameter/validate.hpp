// Structural checks of a received message before any application sees it: header, every AVP's
// length and flags, unknown AVPs with the M bit, nesting depth and AVP count. The typed
// decoders of apps/ then check presence and values.
#pragma once

#include <cstddef>
#include <optional>

#include "diameter/error.hpp"
#include "diameter/message.hpp"

namespace iotboot::diameter {

struct ValidationLimits {
  std::size_t max_depth = 8;    // Grouped within Grouped
  std::size_t max_avps = 1024;  // in the whole message, at every depth
};

std::optional<DiameterError> validate(const MessageView& message, const ValidationLimits& limits = {});

}  // namespace iotboot::diameter
