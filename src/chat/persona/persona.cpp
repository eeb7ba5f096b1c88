#include "chat/persona/persona.hpp"

#include <algorithm>

namespace omega::chat {

std::string_view to_string(EmojiUse use) {
  switch (use) {
    case EmojiUse::kNone:
      return "none";
    case EmojiUse::kSome:
      return "some";
    case EmojiUse::kLots:
      return "lots";
  }
  return "some";
}

std::string_view to_string(Verbosity verbosity) {
  switch (verbosity) {
    case Verbosity::kTerse:
      return "terse";
    case Verbosity::kNormal:
      return "normal";
    case Verbosity::kDetailed:
      return "detailed";
  }
  return "normal";
}

bool Persona::emphasises(std::string_view what) const {
  return std::find(voice.emphasis.begin(), voice.emphasis.end(), what) != voice.emphasis.end();
}

}  // namespace omega::chat
