// Provides message bodies for Discord (content, embeds, components, attachments, flags) within
// Discord's limits, the checker of those limits, and the rendering of a persona reply into one
// or more bodies: tables set in code blocks, long answers split at paragraph, line or word
// boundaries with code blocks kept closed and a "(continued)" marker, never inside a character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_message.hpp"
#include "chat/discord/components.hpp"

namespace omega::chat::discord {

// Discord's message limits, in characters (we count UTF-16 code units, never fewer).
inline constexpr std::size_t kContentMax = 2000;
inline constexpr std::size_t kEmbedsMax = 10;
inline constexpr std::size_t kTitleMax = 256;
inline constexpr std::size_t kDescriptionMax = 4096;
inline constexpr std::size_t kFieldsMax = 25;
inline constexpr std::size_t kFieldNameMax = 256;
inline constexpr std::size_t kFieldValueMax = 1024;
inline constexpr std::size_t kFooterMax = 2048;
inline constexpr std::size_t kAuthorMax = 256;
inline constexpr std::size_t kEmbedTotalMax = 6000;  // across every embed of one message

// The EPHEMERAL message flag (1 << 6): shown only to the user who ran the command.
inline constexpr std::uint32_t kEphemeralFlag = 64;

// One field of an embed.
struct EmbedField {
  std::string name;
  std::string value;
  bool inline_field = false;
};

// One rich embed.
struct Embed {
  std::string title;
  std::string description;
  std::optional<std::uint32_t> color;  // 0xRRGGBB
  std::string author_name;
  std::string footer_text;
  std::string image_url;  // "attachment://chart.png" for an uploaded file
  std::vector<EmbedField> fields;
};

// A file the message uploads (multipart `files[id]`), described in `attachments`.
struct AttachmentRef {
  int id = 0;
  std::string filename;
  std::string description;
};

// The body of a message: a channel message, an interaction reply, a follow-up or an edit.
struct MessageBody {
  std::string content;
  std::vector<Embed> embeds;
  std::vector<ActionRow> components;
  std::vector<AttachmentRef> attachments;
  std::uint32_t flags = 0;
  // Mentions the content may ping: none by default (a reply never pings @everyone by accident).
  std::vector<std::string> allowed_user_mentions;
  // A channel message that answers message `reply_to` (message_reference); empty: none.
  std::string reply_to;
};

// Returns the characters of `embed` that count toward the 6000 total (title, description, field
// names and values, footer text, author name), measured after trimming whitespace.
std::size_t embed_length(const Embed& embed);

// Returns every way `body` breaks Discord's limits, one message per problem naming its path
// (content, each embed limit, the total, embeds per message, components, emptiness, and
// attachment:// references to files it does not attach); empty when Discord will accept it.
std::vector<std::string> message_violations(const MessageBody& body);

// Writes `body` as a JSON object (content, embeds, components, attachments, flags,
// allowed_mentions).
void write_message(JsonWriter& w, const MessageBody& body);
// Returns `body` as JSON: the body of POST /channels/{id}/messages, of a follow-up, or of
// PATCH …/messages/@original.
std::string message_json(const MessageBody& body);

// Splits `text` into pieces of at most `max_units` UTF-16 units each. Cuts fall on a blank
// line, else a line end, else a space, else a character boundary; a code block cut in two is
// closed at the end of one piece and reopened (same fence) at the start of the next; every piece
// after the first starts with `marker` and a line break. `max_units` must leave room for the
// marker and two fences (asserted >= marker + 32).
std::vector<std::string> split_text(std::string_view text, std::size_t max_units,
                                    std::string_view marker = "*(continued)*");

// Returns `text` cut to at most `max_units` units at a word boundary when one is near, with "…"
// appended when cut; never inside a character.
std::string truncate_text(std::string_view text, std::size_t max_units);

// Returns `text` with each run of markdown table lines ("| a | b |") set as an aligned table
// inside a code block, so Discord (which draws no tables) shows the columns lined up.
std::string tables_to_code_blocks(std::string_view text);

// How a persona reply is shown.
struct ReplyStyle {
  bool use_embeds = true;        // false: plain content messages of at most 2000 characters
  std::string author;            // the persona's display name, shown as the embed author
  std::size_t max_messages = 5;  // beyond this the answer is truncated with a note
  std::string title;             // first embed's title, e.g. "/fib BTC/USDT 1h"; may be empty
};

// Returns the embed colour of an outcome (answered blurple, denied and failed red, rate limited
// and unavailable yellow, rejected orange).
std::uint32_t outcome_color(ReplyOutcome outcome);

// Renders `reply` into message bodies, in sending order, each within every limit: the text
// (tables set in code blocks) in embed descriptions (or content), split across embeds and
// messages as needed, the ephemeral flag on every body of a private reply, and a truncation
// note when more than `max_messages` would be needed.
std::vector<MessageBody> render_reply(const ChatReply& reply, const ReplyStyle& style);

}  // namespace omega::chat::discord
