// Provides PersonaLibrary: the personas loaded from YAML files, each validated and completed
// from the base persona, with clear errors naming the file, the line and the key.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chat/persona/persona.hpp"
#include "core/result.hpp"

namespace omega::chat {

// The name of the persona that supplies defaults; it is also a usable persona.
inline constexpr std::string_view kBasePersonaName = "base";

// An immutable set of personas, the base one first.
class PersonaLibrary {
 public:
  // Loads `dir`/base.yaml then every other *.yaml in `dir` (in name order).
  static Result<PersonaLibrary> load_dir(const std::filesystem::path& dir);

  // Builds a library from YAML texts: `base` first, then each of `others`; each pair is
  // (source name for errors, text).
  static Result<PersonaLibrary> parse(
      const std::pair<std::string, std::string>& base,
      const std::vector<std::pair<std::string, std::string>>& others);

  // Returns the persona called `name` (case-insensitive), or a kNotFound error listing the names.
  Result<const Persona*> find(std::string_view name) const;

  // Returns every persona name, base first.
  std::vector<std::string> names() const;

  // Returns every persona, base first.
  const std::vector<Persona>& all() const { return personas_; }

 private:
  std::vector<Persona> personas_;
};

// Checks that `text` compiles as a Mustache template; the error says what is wrong.
Status check_template(std::string_view text);

}  // namespace omega::chat
