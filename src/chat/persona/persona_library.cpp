#include "chat/persona/persona_library.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <fstream>
#include <sstream>
#include <string_view>

// The template engine is used here only to validate templates on load.
#include <kainjow/mustache.hpp>

#include "core/config.hpp"

namespace omega::chat {
namespace {

constexpr std::string_view kRootKeys[] = {"name", "display_name", "description", "voice",
                                          "templates"};
constexpr std::string_view kVoiceKeys[] = {"greeting",  "sign_off", "emoji",
                                           "verbosity", "emphasis", "icons"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::vector<std::string_view> message_type_keys() {
  std::vector<std::string_view> keys;
  keys.reserve(std::size(kAllMessageTypes));
  for (MessageType t : kAllMessageTypes) keys.push_back(to_string(t));
  return keys;
}

// Reads an optional string at `path` into `out`; a missing key keeps the inherited value.
Status read_string(const Config& c, std::string_view path, std::string& out) {
  if (!c.has(path)) return ok_status();
  OMEGA_ASSIGN_OR_RETURN(out, c.get<std::string>(path));
  return ok_status();
}

Status read_voice(const Config& c, Voice& v) {
  if (!c.has("voice")) return ok_status();
  OMEGA_ASSIGN_OR_RETURN(const Config voice, c.section("voice"));
  OMEGA_TRY(voice.check_keys(kVoiceKeys));
  OMEGA_TRY(read_string(c, "voice.greeting", v.greeting));
  OMEGA_TRY(read_string(c, "voice.sign_off", v.sign_off));
  for (const char* key : {"voice.greeting", "voice.sign_off"}) {
    if (!c.has(key)) continue;
    if (auto ok = check_template(key[6] == 'g' ? v.greeting : v.sign_off); !ok.ok()) {
      return c.invalid(key, ok.error().message());
    }
  }
  if (c.has("voice.emoji")) {
    OMEGA_ASSIGN_OR_RETURN(const std::string e, c.get<std::string>("voice.emoji"));
    if (e == "none")
      v.emoji = EmojiUse::kNone;
    else if (e == "some")
      v.emoji = EmojiUse::kSome;
    else if (e == "lots")
      v.emoji = EmojiUse::kLots;
    else
      return c.invalid("voice.emoji", "must be none, some or lots, not '" + e + "'");
  }
  if (c.has("voice.verbosity")) {
    OMEGA_ASSIGN_OR_RETURN(const std::string e, c.get<std::string>("voice.verbosity"));
    if (e == "terse")
      v.verbosity = Verbosity::kTerse;
    else if (e == "normal")
      v.verbosity = Verbosity::kNormal;
    else if (e == "detailed")
      v.verbosity = Verbosity::kDetailed;
    else
      return c.invalid("voice.verbosity", "must be terse, normal or detailed, not '" + e + "'");
  }
  if (c.has("voice.emphasis")) {
    OMEGA_ASSIGN_OR_RETURN(v.emphasis, c.get<std::vector<std::string>>("voice.emphasis"));
  }
  if (c.has("voice.icons")) {
    OMEGA_ASSIGN_OR_RETURN(const Config icons, c.section("voice.icons"));
    const auto keys = message_type_keys();
    OMEGA_TRY(icons.check_keys(std::span<const std::string_view>(keys)));
    for (MessageType t : kAllMessageTypes) {
      OMEGA_TRY(read_string(c, "voice.icons." + std::string(to_string(t)),
                            v.icons[static_cast<std::size_t>(t)]));
    }
  }
  return ok_status();
}

Status read_templates(const Config& c, Persona& p) {
  if (!c.has("templates")) return ok_status();
  OMEGA_ASSIGN_OR_RETURN(const Config templates, c.section("templates"));
  const auto keys = message_type_keys();
  OMEGA_TRY(templates.check_keys(std::span<const std::string_view>(keys)));
  for (MessageType t : kAllMessageTypes) {
    const std::string path = "templates." + std::string(to_string(t));
    std::string& text = p.templates[static_cast<std::size_t>(t)];
    OMEGA_TRY(read_string(c, path, text));
    if (!c.has(path)) continue;
    if (auto ok = check_template(text); !ok.ok()) return c.invalid(path, ok.error().message());
  }
  return ok_status();
}

// Reads one persona file over `inherited` (the base persona, or a blank one for the base).
Result<Persona> parse_persona(const std::string& source, const std::string& text,
                              const Persona* inherited) {
  ConfigOptions options;
  options.apply_env = false;  // persona text is content, not deployment configuration
  options.register_secrets = false;
  OMEGA_ASSIGN_OR_RETURN(const Config c, Config::parse(text, source, options));
  OMEGA_TRY(c.check_keys(kRootKeys));
  Persona p = inherited != nullptr ? *inherited : Persona{};
  p.source = source;
  OMEGA_ASSIGN_OR_RETURN(p.name, c.get<std::string>("name"));
  if (!valid_name(p.name)) {
    return c.invalid("name",
                     "must be 1-32 characters of a-z, 0-9, '_' or '-', not '" + p.name + "'");
  }
  p.display_name = p.name;
  OMEGA_TRY(read_string(c, "display_name", p.display_name));
  if (inherited != nullptr) p.description.clear();
  OMEGA_ASSIGN_OR_RETURN(p.description, c.get<std::string>("description"));
  OMEGA_TRY(read_voice(c, p.voice));
  OMEGA_TRY(read_templates(c, p));
  if (inherited == nullptr) {
    // The base persona is the fallback for everything, so it must define every template.
    for (MessageType t : kAllMessageTypes) {
      if (p.template_for(t).empty()) {
        return c.invalid("templates", "the base persona must define a template for '" +
                                          std::string(to_string(t)) + "'");
      }
    }
  }
  return p;
}

Result<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Status check_template(std::string_view text) {
  try {
    kainjow::mustache::mustache tmpl{std::string(text)};
    if (!tmpl.is_valid()) return Error(ErrorCode::kValidation, tmpl.error_message());
    return ok_status();
  } catch (const std::exception& e) {
    return Error(ErrorCode::kValidation, e.what());
  }
}

Result<PersonaLibrary> PersonaLibrary::parse(
    const std::pair<std::string, std::string>& base,
    const std::vector<std::pair<std::string, std::string>>& others) {
  PersonaLibrary lib;
  OMEGA_ASSIGN_OR_RETURN(Persona b, parse_persona(base.first, base.second, nullptr));
  if (b.name != kBasePersonaName) {
    return Error(
        ErrorCode::kValidation,
        base.first + ": name: the base persona must be called 'base', not '" + b.name + "'");
  }
  lib.personas_.push_back(std::move(b));
  for (const auto& [source, text] : others) {
    OMEGA_ASSIGN_OR_RETURN(Persona p, parse_persona(source, text, &lib.personas_.front()));
    for (const Persona& existing : lib.personas_) {
      if (existing.name == p.name) {
        return Error(ErrorCode::kAlreadyExists, source + ": name: persona '" + p.name +
                                                    "' is already defined in " + existing.source);
      }
    }
    lib.personas_.push_back(std::move(p));
  }
  return lib;
}

Result<PersonaLibrary> PersonaLibrary::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error(ErrorCode::kNotFound, "persona directory not found: " + dir.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" &&
        entry.path().stem() != kBasePersonaName) {
      files.push_back(entry.path());
    }
  }
  if (ec) return Error(ErrorCode::kIo, "cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  const std::filesystem::path base_path = dir / "base.yaml";
  OMEGA_ASSIGN_OR_RETURN(std::string base_text, read_text(base_path));
  std::vector<std::pair<std::string, std::string>> others;
  for (const auto& f : files) {
    OMEGA_ASSIGN_OR_RETURN(std::string text, read_text(f));
    others.emplace_back(f.string(), std::move(text));
  }
  return parse({base_path.string(), std::move(base_text)}, others);
}

Result<const Persona*> PersonaLibrary::find(std::string_view name) const {
  const std::string wanted = lower(name);
  for (const Persona& p : personas_) {
    if (p.name == wanted) return &p;
  }
  std::string list;
  for (const Persona& p : personas_) list += (list.empty() ? "" : ", ") + p.name;
  return Error(ErrorCode::kNotFound,
               "no persona called '" + std::string(name) + "' (known: " + list + ")");
}

std::vector<std::string> PersonaLibrary::names() const {
  std::vector<std::string> out;
  for (const Persona& p : personas_) out.push_back(p.name);
  return out;
}

}  // namespace omega::chat
