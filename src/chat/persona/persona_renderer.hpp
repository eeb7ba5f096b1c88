// Provides render_message: a reply rendered with a persona's template for its type, the
// persona's voice added to the values (greeting, sign_off, icon, verbosity and emphasis flags).
#pragma once

#include <string>

#include "chat/persona/message_data.hpp"
#include "chat/persona/persona.hpp"
#include "core/result.hpp"

namespace omega::chat {

// Renders `data` with `persona`'s template for `type`. Besides the data, templates see
// {{greeting}}, {{sign_off}}, {{icon}} (empty without emoji), {{persona}}, flags {{#terse}},
// {{#normal}}, {{#detailed}}, {{#emoji}} and one flag emphasis_<what> per emphasis. Output is
// plain text: nothing is HTML-escaped. Spaces at line starts and trailing blank lines go.
Result<std::string> render_message(const Persona& persona, MessageType type,
                                   const MessageData& data);

}  // namespace omega::chat
