// The 3GPP applications iotboot speaks, S6a, S6t and T6a, with the AVPs they use (3GPP's and
// iotboot's private ones). A program registers them once at start-up, before it parses a
// configuration that names them or receives a message that carries them.
#pragma once

namespace iotboot::diameter {

void register_applications();

}  // namespace iotboot::diameter
