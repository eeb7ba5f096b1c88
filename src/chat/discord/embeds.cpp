#include "chat/discord/embeds.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "chat/discord/payload_json.hpp"
#include "core/assert.hpp"

namespace omega::chat::discord {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t units(std::string_view s) {
  return utf16_length(s);
}
std::size_t trimmed_units(std::string_view s) {
  return utf16_length(trim(s));
}

// A line opening or closing a code block: "```" or "```lang" after optional spaces.
bool is_fence(std::string_view line) {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return line.rfind("```", 0) == 0;
}

// Returns the fence state after `text`, given the fence open before it ("" = outside a block).
std::string fence_after(std::string_view text, std::string open) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (is_fence(line)) {
      if (open.empty()) {
        const std::string_view t = trim(line);
        // A long info string is not worth repeating: reopen with a bare fence.
        open = t.size() <= 16 ? std::string(t) : "```";
      } else {
        open.clear();
      }
    }
    start = end + 1;
  }
  return open;
}

constexpr std::string_view kCloseFence = "\n```";

// Chooses where to cut `window` (the longest piece that fits): a blank line in its second half,
// else a line end or a space in its last three quarters, else its end.
std::size_t choose_cut(std::string_view window) {
  const std::size_t n = window.size();
  if (const std::size_t p = window.rfind("\n\n"); p != std::string_view::npos && p >= n / 2) {
    return p;
  }
  if (const std::size_t p = window.rfind('\n'); p != std::string_view::npos && p >= n / 4) {
    return p;
  }
  if (const std::size_t p = window.rfind(' '); p != std::string_view::npos && p >= n / 4) {
    return p;
  }
  return n;
}

void add(std::vector<std::string>& out, const std::string& path, const std::string& what) {
  out.push_back(path + ": " + what);
}

void limit(std::vector<std::string>& out, const std::string& path, std::string_view text,
           std::size_t max) {
  const std::size_t n = trimmed_units(text);
  if (n > max) add(out, path, fmt::format("has {} characters; the limit is {}", n, max));
}

std::vector<std::string> split_cells(std::string_view line) {
  line = trim(line);
  if (!line.empty() && line.front() == '|') line.remove_prefix(1);
  if (!line.empty() && line.back() == '|') line.remove_suffix(1);
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = line.find('|', start);
    cells.emplace_back(trim(line.substr(start, bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return cells;
}

bool is_table_line(std::string_view line) {
  const std::string_view t = trim(line);
  return t.size() >= 2 && t.front() == '|' && t.back() == '|';
}

bool is_separator_row(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
    return !c.empty() && c.find_first_not_of("-: ") == std::string::npos;
  });
}

std::string render_table(const std::vector<std::string_view>& lines) {
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> separator;
  std::size_t columns = 0;
  for (std::string_view l : lines) {
    rows.push_back(split_cells(l));
    separator.push_back(is_separator_row(rows.back()));
    columns = std::max(columns, rows.back().size());
  }
  std::vector<std::size_t> width(columns, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (separator[r]) continue;
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      width[c] = std::max(width[c], units(rows[r][c]));
    }
  }
  std::string out = "```\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < columns; ++c) {
      if (separator[r]) {
        line += (c == 0 ? "" : "-+-") + std::string(width[c], '-');
        continue;
      }
      const std::string cell = c < rows[r].size() ? rows[r][c] : "";
      line += (c == 0 ? "" : " | ") + cell;
      if (c + 1 < columns) line += std::string(width[c] - std::min(width[c], units(cell)), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "```";
  return out;
}

}  // namespace

std::size_t embed_length(const Embed& e) {
  std::size_t n = trimmed_units(e.title) + trimmed_units(e.description) +
                  trimmed_units(e.footer_text) + trimmed_units(e.author_name);
  for (const EmbedField& f : e.fields) n += trimmed_units(f.name) + trimmed_units(f.value);
  return n;
}

std::vector<std::string> message_violations(const MessageBody& body) {
  std::vector<std::string> out;
  limit(out, "content", body.content, kContentMax);
  if (body.embeds.size() > kEmbedsMax) {
    add(out, "embeds", fmt::format("{} embeds; the limit is {}", body.embeds.size(), kEmbedsMax));
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < body.embeds.size(); ++i) {
    const Embed& e = body.embeds[i];
    const std::string at = fmt::format("embeds[{}]", i);
    limit(out, at + ".title", e.title, kTitleMax);
    limit(out, at + ".description", e.description, kDescriptionMax);
    limit(out, at + ".footer.text", e.footer_text, kFooterMax);
    limit(out, at + ".author.name", e.author_name, kAuthorMax);
    if (e.fields.size() > kFieldsMax) {
      add(out, at + ".fields",
          fmt::format("{} fields; the limit is {}", e.fields.size(), kFieldsMax));
    }
    for (std::size_t f = 0; f < e.fields.size(); ++f) {
      const std::string fat = fmt::format("{}.fields[{}]", at, f);
      if (trim(e.fields[f].name).empty()) add(out, fat + ".name", "is empty");
      if (trim(e.fields[f].value).empty()) add(out, fat + ".value", "is empty");
      limit(out, fat + ".name", e.fields[f].name, kFieldNameMax);
      limit(out, fat + ".value", e.fields[f].value, kFieldValueMax);
    }
    if (embed_length(e) == 0 && e.image_url.empty()) add(out, at, "is empty");
    constexpr std::string_view kAttachment = "attachment://";
    if (e.image_url.rfind(kAttachment, 0) == 0) {
      const std::string_view file = std::string_view(e.image_url).substr(kAttachment.size());
      const bool attached = std::any_of(body.attachments.begin(), body.attachments.end(),
                                        [&](const AttachmentRef& a) { return a.filename == file; });
      if (!attached) add(out, at + ".image.url", fmt::format("'{}' is not attached", file));
    }
    total += embed_length(e);
  }
  if (total > kEmbedTotalMax) {
    add(out, "embeds",
        fmt::format("{} characters across embeds; the limit is {}", total, kEmbedTotalMax));
  }
  for (const std::string& p : component_violations(body.components)) out.push_back(p);
  constexpr std::uint32_t kAllowedFlags = 4 | 64 | 4096 | 8192 | 32768;
  if ((body.flags & ~kAllowedFlags) != 0) {
    add(out, "flags", fmt::format("{} sets flags a message may not set", body.flags));
  }
  if (trim(body.content).empty() && body.embeds.empty() && body.components.empty() &&
      body.attachments.empty()) {
    out.emplace_back("the message is empty (Discord answers 50006)");
  }
  return out;
}

void write_message(JsonWriter& w, const MessageBody& body) {
  w.begin_object();
  if (!body.content.empty()) w.key("content").value(body.content);
  w.key("embeds").begin_array();
  for (const Embed& e : body.embeds) {
    w.begin_object().key("type").value("rich");
    if (!e.title.empty()) w.key("title").value(e.title);
    if (!e.description.empty()) w.key("description").value(e.description);
    if (e.color) w.key("color").value(static_cast<std::int64_t>(*e.color));
    if (!e.author_name.empty())
      w.key("author").begin_object().key("name").value(e.author_name).end_object();
    if (!e.footer_text.empty())
      w.key("footer").begin_object().key("text").value(e.footer_text).end_object();
    if (!e.image_url.empty())
      w.key("image").begin_object().key("url").value(e.image_url).end_object();
    if (!e.fields.empty()) {
      w.key("fields").begin_array();
      for (const EmbedField& f : e.fields) {
        w.begin_object().key("name").value(f.name).key("value").value(f.value);
        w.key("inline").value(f.inline_field).end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.key("components");
  write_components(w, body.components);
  if (!body.attachments.empty()) {
    w.key("attachments").begin_array();
    for (const AttachmentRef& a : body.attachments) {
      w.begin_object().key("id").value(a.id).key("filename").value(a.filename);
      if (!a.description.empty()) w.key("description").value(a.description);
      w.end_object();
    }
    w.end_array();
  }
  if (body.flags != 0) w.key("flags").value(static_cast<std::int64_t>(body.flags));
  if (!body.reply_to.empty()) {
    // fail_if_not_exists false: the answer still arrives when the question was deleted.
    w.key("message_reference").begin_object().key("message_id").value(body.reply_to);
    w.key("fail_if_not_exists").value(false).end_object();
  }
  w.key("allowed_mentions").begin_object().key("parse").begin_array().end_array();
  if (!body.allowed_user_mentions.empty()) {
    w.key("users").begin_array();
    for (const std::string& u : body.allowed_user_mentions) w.value(u);
    w.end_array();
  }
  w.end_object();
  w.end_object();
}

std::string message_json(const MessageBody& body) {
  JsonWriter w;
  write_message(w, body);
  return std::move(w).take();
}

std::vector<std::string> split_text(std::string_view text, std::size_t max_units,
                                    std::string_view marker) {
  OMEGA_ASSERT(max_units >= units(marker) + 32, "split_text: max_units leaves no room");
  std::vector<std::string> out;
  std::string open;  // the fence of a code block cut at the end of the previous piece
  std::size_t pos = 0;
  while (true) {
    while (pos < text.size() && (text[pos] == '\n' || text[pos] == '\r')) ++pos;
    if (pos >= text.size() && (!out.empty() || !trim(text).empty())) break;
    std::string prefix;
    if (!out.empty()) prefix = std::string(marker) + "\n";
    if (!open.empty()) prefix += open + "\n";
    const std::string_view rest = text.substr(pos);
    const std::string end_open = fence_after(rest, open);
    const std::size_t whole = units(prefix) + units(rest) + (end_open.empty() ? 0 : 4);
    if (whole <= max_units) {
      std::string piece = prefix + std::string(rest);
      if (!end_open.empty()) piece += kCloseFence;
      if (!trim(piece).empty()) out.push_back(std::move(piece));
      break;
    }
    const std::size_t budget = max_units - units(prefix) - kCloseFence.size();
    const std::string_view window = rest.substr(0, utf8_prefix_for_units(rest, budget));
    std::size_t cut = choose_cut(window);
    if (cut == 0) cut = window.size();
    std::string_view body = rest.substr(0, cut);
    while (!body.empty() && is_space(body.back())) body.remove_suffix(1);
    const std::string after = fence_after(body, open);
    std::string piece = prefix + std::string(body);
    if (!after.empty()) piece += kCloseFence;
    if (!trim(body).empty()) out.push_back(std::move(piece));
    open = after;
    pos += cut;
    if (pos < text.size() && text[pos] == ' ') ++pos;
  }
  if (out.empty()) out.emplace_back();
  return out;
}

std::string truncate_text(std::string_view text, std::size_t max_units) {
  if (units(text) <= max_units) return std::string(text);
  if (max_units == 0) return "";
  const std::string_view head = text.substr(0, utf8_prefix_for_units(text, max_units - 1));
  std::size_t cut = head.size();
  const bool at_word_end = is_space(text[head.size()]);
  if (const std::size_t sp = head.find_last_of(" \n");
      !at_word_end && sp != std::string_view::npos && sp >= head.size() * 3 / 4) {
    cut = sp;
  }
  std::string out(trim(head.substr(0, cut)));
  out += "…";
  return out;
}

std::string tables_to_code_blocks(std::string_view text) {
  std::string out;
  std::vector<std::string_view> table;
  bool in_code = false;
  auto flush = [&] {
    if (table.empty()) return;
    out += render_table(table) + "\n";
    table.clear();
  };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (!in_code && is_table_line(line)) {
      table.push_back(line);
    } else {
      flush();
      if (is_fence(line)) in_code = !in_code;
      out += std::string(line);
      if (!last) out += '\n';
    }
    start = end + 1;
  }
  flush();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::uint32_t outcome_color(ReplyOutcome outcome) {
  switch (outcome) {
    case ReplyOutcome::kAnswered:
      return 0x5865F2;
    case ReplyOutcome::kDenied:
    case ReplyOutcome::kFailed:
      return 0xED4245;
    case ReplyOutcome::kRateLimited:
    case ReplyOutcome::kUnavailable:
      return 0xFEE75C;
    case ReplyOutcome::kRejected:
      return 0xE67E22;
  }
  return 0x5865F2;
}

std::vector<MessageBody> render_reply(const ChatReply& reply, const ReplyStyle& style) {
  std::string text = tables_to_code_blocks(reply.text);
  if (trim(text).empty()) text = "(" + std::string(to_string(reply.outcome)) + ")";
  const std::uint32_t flags = reply.ephemeral ? kEphemeralFlag : 0;
  const std::size_t max_messages = std::max<std::size_t>(1, style.max_messages);
  std::vector<MessageBody> out;

  if (!style.use_embeds) {
    // Room for the truncation note is kept in every piece.
    const auto pieces = split_text(text, kContentMax - 64);
    for (std::size_t i = 0; i < pieces.size() && i < max_messages; ++i) {
      MessageBody b;
      b.content = pieces[i];
      b.flags = flags;
      out.push_back(std::move(b));
    }
    if (pieces.size() > max_messages) {
      std::size_t left = 0;
      for (std::size_t i = max_messages; i < pieces.size(); ++i) left += units(pieces[i]);
      out.back().content += fmt::format("\n*(answer truncated: {} more characters)*", left);
    }
    return out;
  }

  // Two descriptions of this size fit one message with the author, title and footer.
  constexpr std::size_t kPiece = 2800;
  const auto pieces = split_text(text, kPiece);
  const std::string footer = reply.command.empty() ? "omega" : "omega · /" + reply.command;
  std::vector<Embed> embeds;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Embed e;
    e.description = pieces[i];
    e.color = outcome_color(reply.outcome);
    if (i == 0) {
      e.author_name = truncate_text(style.author, kAuthorMax);
      e.title = truncate_text(style.title, kTitleMax);
    }
    embeds.push_back(std::move(e));
  }
  embeds.back().footer_text = footer;
  MessageBody current;
  std::size_t total = 0;
  std::size_t used = 0;  // embeds placed
  for (Embed& e : embeds) {
    const std::size_t n = embed_length(e);
    if (!current.embeds.empty() &&
        (current.embeds.size() == kEmbedsMax || total + n > kEmbedTotalMax)) {
      out.push_back(std::move(current));
      current = MessageBody();
      total = 0;
      if (out.size() == max_messages) break;
    }
    current.flags = flags;
    current.embeds.push_back(std::move(e));
    total += n;
    ++used;
  }
  if (!current.embeds.empty() && out.size() < max_messages) out.push_back(std::move(current));
  if (used < embeds.size() || out.size() > max_messages) {
    out.resize(std::min(out.size(), max_messages));
    std::size_t all = 0;
    for (const std::string& p : pieces) all += units(p);
    MessageBody& last = out.back();
    // The note must not push the message over the total: drop embeds until it fits.
    while (true) {
      std::size_t kept = 0;
      for (const MessageBody& b : out) {
        for (const Embed& e : b.embeds) kept += units(e.description);
      }
      last.embeds.back().footer_text =
          fmt::format("{} · answer truncated: {} more characters", footer, all - kept);
      std::size_t sum = 0;
      for (const Embed& e : last.embeds) sum += embed_length(e);
      if (sum <= kEmbedTotalMax || last.embeds.size() == 1) break;
      last.embeds.pop_back();
    }
  }
  return out;
}

}  // namespace omega::chat::discord
