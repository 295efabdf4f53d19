// Why an exchange of a typed request failed, as text for a log line: no answer (the request's
// error), an answer that does not decode, or a result other than DIAMETER_SUCCESS.
#pragma once

#include <optional>
#include <string>

#include "diameter/node/node.hpp"

namespace iotboot::diameter {

// nullopt when the answer decodes as Answer and reports DIAMETER_SUCCESS.
template <typename Answer>
std::optional<std::string> failure_of(const RequestResult& r) {
  if (!r.ok()) return std::string(to_string(r.error()));
  auto answer = Answer::decode(r->view());
  if (!answer.ok()) return answer.error().message;
  if (!answer->origin.succeeded()) return "result " + std::to_string(answer->origin.result_code.value_or(0));
  return std::nullopt;
}

}  // namespace iotboot::diameter
