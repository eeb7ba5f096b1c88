#include "chat/persona/persona_renderer.hpp"

#include <exception>

// The template engine stays in this file and persona_library.cpp (header-only, heavy).
#include <kainjow/mustache.hpp>

namespace omega::chat {
namespace {

namespace mst = kainjow::mustache;

// Drops the space an empty {{icon}} leaves at a line start, and trailing blank lines.
std::string tidy(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool line_start = true;
  for (char c : s) {
    if (line_start && c == ' ') continue;
    line_start = c == '\n';
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

mst::data to_engine_data(const Persona& persona, MessageType type, const MessageData& in) {
  mst::data out{mst::data::type::object};
  const Voice& v = persona.voice;
  out.set("persona", persona.display_name);
  const bool emoji = v.emoji != EmojiUse::kNone;
  out.set("emoji", emoji ? mst::data::type::bool_true : mst::data::type::bool_false);
  out.set("icon", emoji ? v.icons[static_cast<std::size_t>(type)] : std::string());
  out.set("terse", v.verbosity == Verbosity::kTerse ? mst::data::type::bool_true
                                                    : mst::data::type::bool_false);
  out.set("normal", v.verbosity == Verbosity::kNormal ? mst::data::type::bool_true
                                                      : mst::data::type::bool_false);
  out.set("detailed", v.verbosity == Verbosity::kDetailed ? mst::data::type::bool_true
                                                          : mst::data::type::bool_false);
  for (const std::string& e : v.emphasis) out.set("emphasis_" + e, mst::data::type::bool_true);
  for (const auto& [key, value] : in.fields) out.set(key, value);
  for (const auto& [key, value] : in.flags) {
    out.set(key, value ? mst::data::type::bool_true : mst::data::type::bool_false);
  }
  for (const auto& [key, rows] : in.lists) {
    mst::data list{mst::data::type::list};
    for (const MessageRow& row : rows) {
      mst::data item{mst::data::type::object};
      for (const auto& [k, val] : row) item.set(k, val);
      list.push_back(item);
    }
    // An empty list is falsy in Mustache, so {{^rows}}none{{/rows}} works.
    out.set(key, list);
  }
  return out;
}

// Renders a small voice template (greeting, sign-off may use {{user}} and the like).
std::string render_text(const std::string& text, const mst::data& data) {
  mst::mustache tmpl{text};
  if (!tmpl.is_valid()) return text;
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(data);
}

}  // namespace

Result<std::string> render_message(const Persona& persona, MessageType type,
                                   const MessageData& data) {
  try {
    mst::mustache tmpl{persona.template_for(type)};
    if (!tmpl.is_valid()) {
      return Error(ErrorCode::kInternal, "persona " + persona.name + ": template " +
                                             std::string(to_string(type)) + ": " +
                                             tmpl.error_message());
    }
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    mst::data values = to_engine_data(persona, type, data);
    values.set("greeting", render_text(persona.voice.greeting, values));
    values.set("sign_off", render_text(persona.voice.sign_off, values));
    std::string text = tmpl.render(values);
    if (!tmpl.is_valid()) {
      return Error(ErrorCode::kInternal, "persona " + persona.name + ": rendering " +
                                             std::string(to_string(type)) + ": " +
                                             tmpl.error_message());
    }
    return tidy(text);
  } catch (const std::exception& e) {
    // The engine may throw (bad_alloc, lambda errors); no exception leaves this module.
    return Error(ErrorCode::kInternal,
                 "persona " + persona.name + ": rendering failed: " + e.what());
  }
}

}  // namespace omega::chat
