// Provides Persona: a voice (greeting, sign-off, emoji use, verbosity, emphasis) and one
// template per message type, as loaded and validated from a persona file.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chat/persona/message_type.hpp"

namespace omega::chat {

// How much decoration a persona puts on a reply.
enum class EmojiUse : std::uint8_t { kNone, kSome, kLots };

// How long a persona's replies are.
enum class Verbosity : std::uint8_t { kTerse, kNormal, kDetailed };

// Returns "none", "some" or "lots".
std::string_view to_string(EmojiUse use);
// Returns "terse", "normal" or "detailed".
std::string_view to_string(Verbosity verbosity);

// How a persona speaks, independent of the message.
struct Voice {
  std::string greeting;
  std::string sign_off;
  EmojiUse emoji = EmojiUse::kSome;
  Verbosity verbosity = Verbosity::kNormal;
  // What the persona brings forward: "numbers", "fibonacci", "risk", "lessons", "cosmic",
  // "both_sides"… Handlers read it to decide which extra data to compute (e.g. cosmic factors).
  std::vector<std::string> emphasis;
  // One icon per message type, shown when emoji is not none.
  std::array<std::string, kMessageTypeCount> icons;
};

// A complete persona: every field filled, from its own file or from the base persona.
struct Persona {
  std::string name;          // lower-case id used by `/persona set`
  std::string display_name;  // as shown to users
  std::string description;
  Voice voice;
  std::array<std::string, kMessageTypeCount> templates;  // Mustache text, validated on load
  std::string source;  // the file it came from, for error messages

  // Returns true when `what` is in voice.emphasis.
  bool emphasises(std::string_view what) const;
  // Returns the template for `type`.
  const std::string& template_for(MessageType type) const {
    return templates[static_cast<std::size_t>(type)];
  }
};

}  // namespace omega::chat
