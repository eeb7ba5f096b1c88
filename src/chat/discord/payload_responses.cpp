#include "chat/discord/payload_responses.hpp"

#include <fmt/format.h>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

std::string with_type(CallbackType type, const MessageBody* body) {
  JsonWriter w;
  w.begin_object().key("type").value(static_cast<int>(type));
  if (body != nullptr) {
    w.key("data");
    write_message(w, *body);
  }
  w.end_object();
  return std::move(w).take();
}

std::string cut100(std::string_view s) {
  return std::string(s.substr(0, utf8_prefix_for_units(s, 100)));
}

}  // namespace

// Filenames go in a quoted header parameter: keep them to safe characters.
std::string safe_filename(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out.empty() ? "file" : out;
}

std::string message_response(const MessageBody& body) {
  return with_type(CallbackType::kChannelMessage, &body);
}

std::string deferred_response(bool ephemeral) {
  if (!ephemeral) return R"({"type":5})";
  return fmt::format(R"({{"type":5,"data":{{"flags":{}}}}})", kEphemeralFlag);
}

std::string deferred_update_response() {
  return R"({"type":6})";
}

std::string update_message_response(const MessageBody& body) {
  return with_type(CallbackType::kUpdateMessage, &body);
}

std::string autocomplete_response(std::span<const AutocompleteChoice> choices) {
  JsonWriter w;
  w.begin_object().key("type").value(static_cast<int>(CallbackType::kAutocompleteResult));
  w.key("data").begin_object().key("choices").begin_array();
  std::size_t n = 0;
  for (const AutocompleteChoice& c : choices) {
    if (n == kAutocompleteMax) break;
    const std::string name = cut100(c.name);
    const std::string value = cut100(c.value);
    if (name.empty() || value.empty()) continue;
    w.begin_object().key("name").value(name).key("value").value(value).end_object();
    ++n;
  }
  w.end_array().end_object().end_object();
  return std::move(w).take();
}

MultipartBody multipart_body(std::string_view payload_json, std::span<const FileUpload> files) {
  // A boundary that occurs in no part (RFC 2046: at most 70 characters).
  auto occurs = [&](const std::string& b) {
    if (payload_json.find(b) != std::string_view::npos) return true;
    for (const FileUpload& f : files) {
      if (f.bytes.find(b) != std::string::npos) return true;
    }
    return false;
  };
  std::string boundary;
  for (unsigned k = 0;; ++k) {
    boundary = fmt::format("omega-boundary-{:08x}{:08x}", payload_json.size() * 2654435761u, k);
    if (!occurs(boundary)) break;
  }
  MultipartBody out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  std::string& b = out.body;
  b += "--" + boundary + "\r\n";
  b += "Content-Disposition: form-data; name=\"payload_json\"\r\n";
  b += "Content-Type: application/json\r\n\r\n";
  b += payload_json;
  b += "\r\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FileUpload& f = files[i];
    b += "--" + boundary + "\r\n";
    b += fmt::format("Content-Disposition: form-data; name=\"files[{}]\"; filename=\"{}\"\r\n", i,
                     safe_filename(f.filename));
    b += "Content-Type: " +
         (f.content_type.empty() ? std::string("application/octet-stream") : f.content_type) +
         "\r\n\r\n";
    b += f.bytes;
    b += "\r\n";
  }
  b += "--" + boundary + "--\r\n";
  return out;
}

MultipartBody multipart_message(MessageBody message, std::span<const FileUpload> files) {
  message.attachments.clear();
  for (std::size_t i = 0; i < files.size(); ++i) {
    message.attachments.push_back(
        {static_cast<int>(i), safe_filename(files[i].filename), files[i].description});
  }
  return multipart_body(message_json(message), files);
}

MessageBody with_image(MessageBody body, const FileUpload& upload) {
  const std::string name = safe_filename(upload.filename);
  if (body.embeds.empty()) body.embeds.emplace_back();
  body.embeds.front().image_url = "attachment://" + name;
  const int id = static_cast<int>(body.attachments.size());
  body.attachments.push_back({id, name, upload.description});
  return body;
}

}  // namespace omega::chat::discord
