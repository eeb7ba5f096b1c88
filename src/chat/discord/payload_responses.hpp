// Provides the bodies of interaction responses (POST /interactions/{id}/{token}/callback:
// type 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete result), of follow-ups
// and edits, and the multipart/form-data body that uploads files (payload_json + files[n]).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chat/discord/autocomplete.hpp"
#include "chat/discord/embeds.hpp"

namespace omega::chat::discord {

// Discord's interaction callback types.
enum class CallbackType : std::uint8_t {
  kPong = 1,
  kChannelMessage = 4,          // reply now
  kDeferredChannelMessage = 5,  // "thinking…", edit @original later
  kDeferredUpdateMessage = 6,   // components: acknowledge, edit later
  kUpdateMessage = 7,           // components: edit the message the button is on
  kAutocompleteResult = 8,
};

// Returns {"type":4,"data":<message>}: an immediate reply (ephemeral when `body` has flag 64).
std::string message_response(const MessageBody& body);

// Returns {"type":5} or, for private answers, {"type":5,"data":{"flags":64}}: the only flag a
// deferral may carry, and it sticks to the answer that follows.
std::string deferred_response(bool ephemeral);

// Returns {"type":6}: a component click acknowledged, the message edited later.
std::string deferred_update_response();

// Returns {"type":7,"data":<message>}: the message carrying the clicked component, replaced
// (e.g. the confirmation with its buttons disabled).
std::string update_message_response(const MessageBody& body);

// Returns {"type":8,"data":{"choices":[…]}} with at most 25 choices; names and values longer
// than 100 characters are cut at a character boundary, empty ones dropped.
std::string autocomplete_response(std::span<const AutocompleteChoice> choices);

// A file to upload with a message.
struct FileUpload {
  std::string filename;      // "chart.png"
  std::string content_type;  // "image/png"
  std::string bytes;
  std::string description;  // alt text shown by Discord
};

// Returns `name` with every character outside [A-Za-z0-9._-] replaced by '_' ("file" when
// empty): the name Discord keeps for an upload, and so the one attachment:// must use.
std::string safe_filename(std::string_view name);

// A ready multipart/form-data request body.
struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=…"
  std::string body;
};

// Returns the multipart body of `message` with `files` attached as files[0], files[1], …: the
// message's `attachments` are set to describe them (id = index) and it goes in the payload_json
// part. The boundary is chosen so it occurs in no part. Works for channel messages, interaction
// callbacks (pass message_response's JSON via `payload_json`) and follow-ups alike.
MultipartBody multipart_message(MessageBody message, std::span<const FileUpload> files);

// Returns the multipart body of an arbitrary `payload_json` (e.g. a type-4 callback whose data
// already lists the attachments) and `files`.
MultipartBody multipart_body(std::string_view payload_json, std::span<const FileUpload> files);

// Returns `body` with a chart image: `upload.filename` attached and shown in its first embed
// (one is added when there is none) as attachment://filename.
MessageBody with_image(MessageBody body, const FileUpload& upload);

}  // namespace omega::chat::discord
