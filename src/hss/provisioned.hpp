// A provisioned subscriber (CSV line, `iotboot subscriber`, `iotboot run`) as the HSS stores it.
#pragma once

#include "hss/subscriber_store.hpp"
#include "provisioning/subscriber_csv.hpp"

namespace iotboot::hss {

inline Subscriber to_subscriber(const provisioning::SubscriberCredentials& c) {
  Subscriber s;
  s.imsi = c.imsi;
  s.k = c.k;
  s.opc = c.opc;
  s.amf = c.amf;
  s.sqn = c.sqn;
  s.bootstrap = c.bootstrap;
  return s;
}

}  // namespace iotboot::hss
