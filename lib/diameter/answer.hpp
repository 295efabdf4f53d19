// Answers built from a request: the header mirrors the request's (command, application,
// Hop-by-Hop, End-to-End, P bit), and an error answer carries Failed-AVP (RFC 6733 §7.2).
#pragma once

#include <string_view>

#include "diameter/error.hpp"
#include "diameter/message.hpp"
#include "diameter/writer.hpp"

namespace iotboot::diameter {

struct LocalIdentity {
  std::string origin_host;
  std::string origin_realm;
};

// Session-Id, Result-Code or Experimental-Result, Auth-Session-State (applications only),
// Origin-Host, Origin-Realm, Error-Message, Failed-AVP; E bit for protocol errors (3xxx).
void write_error_answer(Writer& w, const MessageView& request, const LocalIdentity& self, const DiameterError& error);

}  // namespace iotboot::diameter
