// How the SCEF answers a Reporting-Information-Request (S6t or T6a): success once what it
// carried is committed, DIAMETER_UNABLE_TO_COMPLY when the key store cannot take it.
#pragma once

#include "diameter/node/node.hpp"
#include "diameter/result_codes.hpp"

namespace iotboot::scef {

inline diameter::DiameterError store_failed() {
  diameter::DiameterError e;
  e.result_code = diameter::result::kUnableToComply;
  e.message = "key store unavailable";
  return e;
}

template <typename Ria>
void acknowledge(diameter::Reply& reply) {
  Ria ria;
  ria.origin = reply.success_origin();
  reply.send(ria);
}

}  // namespace iotboot::scef
