#include "chat/discord/bot/discord_bot.hpp"

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
// simdjson is heavy; it stays in this translation unit.
#include <simdjson.h>

#include "chat/chat_pipeline.hpp"
#include "chat/command_table.hpp"
#include "chat/discord/application_commands.hpp"
#include "chat/discord/autocomplete.hpp"
#include "chat/discord/client/gateway_client.hpp"
#include "chat/discord/client/rest_client.hpp"
#include "chat/discord/components.hpp"
#include "chat/discord/embeds.hpp"
#include "chat/discord/payload_json.hpp"
#include "chat/discord/payload_responses.hpp"
#include "core/log.hpp"
#include "core/redact.hpp"

namespace omega::chat::discord {
namespace {

namespace dom = simdjson::dom;

// SUPPRESS_NOTIFICATIONS (1 << 12): delivered without a ping.
constexpr std::uint32_t kSilentFlag = 4096;

std::string str_at(dom::element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

bool is_snowflake(std::string_view s) {
  return !s.empty() && s.size() <= 20 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A MESSAGE_CREATE, the fields the bot reads.
struct GatewayMessage {
  std::string id;
  std::string channel_id;
  std::string guild_id;
  std::string author_id;
  bool author_bot = false;
  std::string content;
  std::vector<std::string> role_ids;
};

std::optional<GatewayMessage> parse_message(const std::string& frame) {
  dom::parser parser;
  dom::element root;
  if (parser.parse(frame).get(root) != simdjson::SUCCESS) return std::nullopt;
  dom::element d;
  if (root["d"].get(d) != simdjson::SUCCESS) return std::nullopt;
  GatewayMessage m;
  m.id = str_at(d, "id");
  m.channel_id = str_at(d, "channel_id");
  m.guild_id = str_at(d, "guild_id");
  m.content = str_at(d, "content");
  dom::element author;
  if (d["author"].get(author) != simdjson::SUCCESS) return std::nullopt;
  m.author_id = str_at(author, "id");
  bool is_bot = false;  // absent: a person
  m.author_bot = author["bot"].get_bool().get(is_bot) == simdjson::SUCCESS && is_bot;
  dom::array roles;
  if (d["member"]["roles"].get_array().get(roles) == simdjson::SUCCESS) {
    for (dom::element r : roles) {
      std::string_view v;
      if (r.get_string().get(v) == simdjson::SUCCESS) m.role_ids.emplace_back(v);
    }
  }
  if (m.author_id.empty() || m.channel_id.empty()) return std::nullopt;
  return m;
}

// Discord shows jpg, png, webp and gif inside an embed; other files are plain attachments.
bool embeddable(std::string_view content_type) {
  return content_type == "image/png" || content_type == "image/jpeg" ||
         content_type == "image/webp" || content_type == "image/gif";
}

// The files of a reply as uploads (Discord takes at most 10 per message), and `body` made to
// describe them: the first image shown in the first embed as attachment://name, every file
// listed in `attachments` with id n = files[n].
std::vector<FileUpload> attach(const ChatReply& reply, MessageBody& body) {
  constexpr std::size_t kMaxFiles = 10;
  std::vector<FileUpload> files;
  body.attachments.clear();
  bool shown = false;
  for (const Attachment& a : reply.attachments) {
    if (files.size() == kMaxFiles) break;
    FileUpload f;
    f.filename = a.file_name;
    f.content_type = a.content_type;
    f.bytes.assign(reinterpret_cast<const char*>(a.bytes.data()), a.bytes.size());
    f.description = a.description;
    if (!shown && embeddable(f.content_type) && !body.embeds.empty()) {
      body = with_image(std::move(body), f);
      shown = true;
    } else {
      body.attachments.push_back(
          {static_cast<int>(files.size()), safe_filename(f.filename), f.description});
    }
    files.push_back(std::move(f));
  }
  return files;
}

// A trade command waiting for its Confirm click.
struct Pending {
  std::string requester;
  std::string summary;
};

}  // namespace

Result<DiscordBotConfig> DiscordBotConfig::from_config(const Config& config) {
  DiscordBotConfig c;
  if (!config.has("discord")) {
    return Error(
        ErrorCode::kValidation,
        fmt::format("{}: missing the `discord` section (see docs/discord.md)", config.source()));
  }
  OMEGA_ASSIGN_OR_RETURN(const Config d, config.section("discord"));
  OMEGA_TRY(d.check_keys({"token", "api_base", "guild_id", "message_content", "prefix", "roles",
                          "users", "notify_channel", "defer_after", "ca_file", "embeds", "seed"}));
  if (config.has("discord.token")) {
    OMEGA_ASSIGN_OR_RETURN(c.token, config.get<std::string>("discord.token"));
  } else if (const char* env = std::getenv("DISCORD_TOKEN"); env != nullptr && *env != '\0') {
    c.token = env;
  } else {
    return config.invalid("discord.token",
                          "no bot token: set DISCORD_TOKEN or discord.token: {secret_file: PATH}");
  }
  if (c.token.size() < 8) return config.invalid("discord.token", "too short to be a bot token");
  register_secret(c.token);
  OMEGA_ASSIGN_OR_RETURN(c.api_base, config.get_or<std::string>("discord.api_base", c.api_base));
  OMEGA_ASSIGN_OR_RETURN(c.guild_id, config.get_or<std::string>("discord.guild_id", ""));
  if (!c.guild_id.empty() && !is_snowflake(c.guild_id)) {
    return config.invalid("discord.guild_id", "must be a Discord id (digits)");
  }
  OMEGA_ASSIGN_OR_RETURN(c.message_content, config.get_or<bool>("discord.message_content", false));
  OMEGA_ASSIGN_OR_RETURN(c.prefix, config.get_or<std::string>("discord.prefix", c.prefix));
  if (c.prefix.empty() || c.prefix.size() > 3) {
    return config.invalid("discord.prefix", "must be 1 to 3 characters");
  }
  OMEGA_ASSIGN_OR_RETURN(c.notify_channel,
                         config.get_or<std::string>("discord.notify_channel", ""));
  if (!c.notify_channel.empty() && !is_snowflake(c.notify_channel)) {
    return config.invalid("discord.notify_channel", "must be a Discord channel id (digits)");
  }
  OMEGA_ASSIGN_OR_RETURN(const Duration defer,
                         config.get_or<Duration>("discord.defer_after", Duration(c.defer_after)));
  if (defer < Duration::zero() || defer > std::chrono::milliseconds(2500)) {
    return config.invalid("discord.defer_after",
                          "must be between 0 and 2.5 s (Discord's deadline is 3 s)");
  }
  c.defer_after = std::chrono::duration_cast<std::chrono::milliseconds>(defer);
  OMEGA_ASSIGN_OR_RETURN(c.ca_file, config.get_or<std::string>("discord.ca_file", ""));
  if (!c.ca_file.empty() && !std::ifstream(c.ca_file).good()) {
    return config.invalid("discord.ca_file",
                          "cannot read " + c.ca_file + " (a PEM CA certificate)");
  }
  OMEGA_ASSIGN_OR_RETURN(c.use_embeds, config.get_or<bool>("discord.embeds", true));
  for (const char* section : {"roles", "users"}) {
    const std::string base = std::string("discord.") + section;
    if (!config.has(base)) continue;
    OMEGA_ASSIGN_OR_RETURN(const Config m, config.section(base));
    for (const std::string& id : m.keys()) {
      std::string path = base;
      path.append(".").append(id);
      if (!is_snowflake(id)) return config.invalid(path, "the key must be a Discord id (digits)");
      OMEGA_ASSIGN_OR_RETURN(const std::string text, config.get<std::string>(path));
      auto role = parse_role(text);
      if (!role.ok()) return config.invalid(path, role.error().message());
      (std::string_view(section) == "roles" ? c.role_ids : c.user_ids)[id] = *role;
    }
  }
  return c;
}

struct DiscordBot::Impl {
  Impl(DiscordBotConfig c, ChatPipeline& p, std::vector<std::string> s)
      : config(std::move(c)), pipeline(&p), symbols(std::move(s)), rest(rest_options(config)) {}

  static RestOptions rest_options(const DiscordBotConfig& c) {
    RestOptions o;
    o.api_base = c.api_base;
    o.token = c.token;
    o.ca_file = c.ca_file;
    return o;
  }

  // --- plumbing ----------------------------------------------------------------------------
  Result<RestResponse> call(std::string method, std::string path, std::string body = {},
                            std::string query = {}) {
    RestRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.query = std::move(query);
    auto res = rest.send(r);
    if (!res.ok() || !res->ok()) {
      std::lock_guard lock(mu);
      ++stats.failures;
    }
    return res;
  }

  Result<RestResponse> call_multipart(std::string method, std::string path,
                                      const MultipartBody& body) {
    RestRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = body.body;
    r.content_type = body.content_type;
    auto res = rest.send(r);
    if (!res.ok() || !res->ok()) {
      if (res.ok())
        log_warn("discord: {} {} with files: {}", r.method, r.path, describe_error(*res));
      std::lock_guard lock(mu);
      ++stats.failures;
    }
    return res;
  }

  ChatReply run_pipeline(const InboundMessage& msg) {
    std::lock_guard lock(pipeline_mu);
    return pipeline->handle(msg);
  }

  void post(std::function<void()> job) {
    {
      std::lock_guard lock(mu);
      jobs.push_back(std::move(job));
    }
    jobs_cv.notify_one();
  }

  void worker() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu);
        jobs_cv.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      job();
    }
  }

  std::optional<Role> role_for(const std::string& user_id,
                               const std::vector<std::string>& role_ids) const {
    std::optional<Role> best;
    auto take = [&best](Role r) {
      if (!best || allows(r, *best)) best = r;
    };
    if (auto it = config.user_ids.find(user_id); it != config.user_ids.end()) take(it->second);
    for (const auto& id : role_ids) {
      if (auto it = config.role_ids.find(id); it != config.role_ids.end()) take(it->second);
    }
    return best;
  }

  std::vector<MessageBody> render(const ChatReply& reply, const std::string& title) const {
    ReplyStyle style;
    style.use_embeds = config.use_embeds;
    style.title = title;
    return render_reply(reply, style);
  }

  // --- interactions ------------------------------------------------------------------------
  void on_interaction(const std::string& frame) {
    auto parsed = parse_interaction(frame);
    if (!parsed.ok()) {
      log_warn("discord: ignored an interaction: {}", parsed.error().message());
      return;
    }
    {
      std::lock_guard lock(mu);
      ++stats.interactions;
    }
    const Interaction& in = *parsed;
    switch (in.type) {
      case InteractionType::kAutocomplete:
        return on_autocomplete(in);
      case InteractionType::kMessageComponent:
        return on_button(in);
      case InteractionType::kApplicationCommand:
        return on_command(in);
      default:
        return;
    }
  }

  std::string callback_path(const Interaction& in) const {
    return fmt::format("/interactions/{}/{}/callback", in.id, in.token);
  }
  std::string webhook_path(const Interaction& in) const {
    return fmt::format("/webhooks/{}/{}",
                       in.application_id.empty() ? application_id : in.application_id, in.token);
  }

  void on_autocomplete(const Interaction& in) {
    const auto choices = autocomplete_choices(in, symbols);
    (void)call("POST", callback_path(in), autocomplete_response(choices));
    std::lock_guard lock(mu);
    ++stats.autocompletes;
  }

  void reply_ephemeral(const Interaction& in, const std::string& text) {
    MessageBody body;
    body.content = truncate_text(text, kContentMax);
    body.flags = kEphemeralFlag;
    (void)call("POST", callback_path(in), message_response(body));
  }

  // Runs `msg` through the pipeline; the first answer goes out as the initial response when
  // ready within defer_after (0: always deferred), otherwise the deferral is sent and the answer
  // edits @original. The reply's files (charts) go with the first body as multipart
  // payload_json + files[n], the first image shown in its embed as attachment://name.
  void answer(const Interaction& in, InboundMessage msg, const std::string& title,
              bool defer_ephemeral, bool component,
              const std::function<void(ChatReply&, std::vector<MessageBody>&)>& decorate) {
    auto fut =
        std::async(std::launch::async, [this, m = std::move(msg)]() { return run_pipeline(m); });
    bool deferred = false;
    if (config.defer_after.count() == 0 ||
        fut.wait_for(config.defer_after) != std::future_status::ready) {
      // Acknowledge inside Discord's 3 s; the answer follows as an edit of @original.
      deferred = true;
      (void)call("POST", callback_path(in),
                 component ? deferred_update_response() : deferred_response(defer_ephemeral));
      std::lock_guard lock(mu);
      ++stats.deferrals;
    }
    ChatReply reply = fut.get();
    std::vector<MessageBody> bodies = render(reply, title);
    if (decorate) decorate(reply, bodies);
    if (bodies.empty()) return initial_sent(reply_reference(in));
    MessageBody& first = bodies.front();
    const std::vector<FileUpload> files =
        reply.outcome == ReplyOutcome::kAnswered ? attach(reply, first) : std::vector<FileUpload>{};
    if (deferred) {
      const std::string path = webhook_path(in) + "/messages/@original";
      if (files.empty()) {
        (void)call("PATCH", path, message_json(first));
      } else {
        (void)call_multipart("PATCH", path, multipart_body(message_json(first), files));
      }
    } else {
      const std::string json = component ? update_message_response(first) : message_response(first);
      if (files.empty()) {
        (void)call("POST", callback_path(in), json);
      } else {
        (void)call_multipart("POST", callback_path(in), multipart_body(json, files));
      }
      std::lock_guard lock(mu);
      ++stats.replies;
    }
    for (std::size_t i = 1; i < bodies.size(); ++i) {
      (void)call("POST", webhook_path(in), message_json(bodies[i]));
    }
    initial_sent(reply_reference(in));
  }

  void on_command(const Interaction& in) {
    auto msg = to_inbound_message(in);
    if (!msg.ok())
      return reply_ephemeral(in, "I could not read that command: " + msg.error().message());
    msg->role = role_for(in.user_id, in.role_ids);
    msg->attachments = true;  // a slash reply uploads the chart the handler draws
    msg->reference = remember_interaction(in, msg->text);
    const CommandSpec* spec = find_command(in.command);
    const bool private_data = spec != nullptr && spec->private_data;
    const bool confirm = spec != nullptr && spec->needs_confirmation;
    const std::string title = msg->text;
    answer(in, *std::move(msg), title, private_data, false,
           [&](ChatReply& reply, std::vector<MessageBody>& bodies) {
             if (confirm && reply.outcome == ReplyOutcome::kAnswered && !bodies.empty()) {
               auto row = confirmation_row(in.id, in.user_id);
               if (row.ok()) {
                 bodies.front().components.push_back(*row);
                 std::lock_guard lock(mu);
                 pending[in.id] = Pending{in.user_id, title};
               }
             }
           });
  }

  void on_button(const Interaction& in) {
    {
      std::lock_guard lock(mu);
      ++stats.buttons;
    }
    auto press = parse_button_press(in);
    if (!press.ok()) return reply_ephemeral(in, "That button is not one of mine.");
    if (!press->by_requester()) {
      // Someone else's trade: never executed, answered only to the one who clicked.
      return reply_ephemeral(in, "This confirmation is not yours: not your order to confirm.");
    }
    ActionRow row = confirmation_row(press->pending_id, press->requester_id).value();
    {
      std::lock_guard lock(mu);
      if (pending.erase(press->pending_id) == 0) {
        MessageBody body;
        body.content = "This confirmation has expired or was already used.";
        body.components.push_back(disabled_row(row));
        (void)call("POST", callback_path(in), update_message_response(body));
        return;
      }
    }
    auto next = pipeline_message(*press);
    if (!next.ok()) return reply_ephemeral(in, next.error().message());
    if (!next->has_value()) {  // Cancel
      MessageBody body;
      body.content = "Cancelled.";
      body.components.push_back(disabled_row(row, ConfirmDecision::kCancel));
      (void)call("POST", callback_path(in), update_message_response(body));
      return;
    }
    InboundMessage msg = **next;
    msg.role = role_for(in.user_id, in.role_ids);
    msg.reference = remember_interaction(in, "/confirm");
    answer(in, std::move(msg), "/confirm", false, true,
           [&](ChatReply&, std::vector<MessageBody>& bodies) {
             if (!bodies.empty()) {
               bodies.front().components.push_back(disabled_row(row, ConfirmDecision::kConfirm));
               bodies.front().flags &= ~kEphemeralFlag;  // an update keeps the message's flags
             }
           });
  }

  // --- prefix commands ---------------------------------------------------------------------
  void on_message(const std::string& frame) {
    auto m = parse_message(frame);
    const std::string self = bot_user_id();
    if (!m || m->author_bot || m->author_id == self || m->content.rfind(config.prefix, 0) != 0 ||
        m->content.size() <= config.prefix.size()) {
      std::lock_guard lock(mu);
      ++stats.ignored_messages;
      return;
    }
    {
      std::lock_guard lock(mu);
      ++stats.prefix_commands;
    }
    InboundMessage msg;
    msg.front_end = "discord";
    msg.user_id = m->author_id;
    msg.channel = m->channel_id;
    msg.text = "!" + m->content.substr(config.prefix.size());
    msg.role = role_for(m->author_id, m->role_ids);
    msg.attachments = true;  // the reply's files go with the first message
    ChannelOrigin where{m->channel_id, m->guild_id, m->author_id, ""};
    msg.reference = "m:" + m->id;
    {
      std::lock_guard lock(mu);
      prune_origins();
      origins[msg.reference] = Origin{where, {}, {}, {}, std::chrono::steady_clock::now()};
    }
    send_to_channel(where, run_pipeline(msg));
    initial_sent(msg.reference);
  }

  // Where a channel answer goes: the channel, and for private data in a guild, the author's DMs.
  struct ChannelOrigin {
    std::string channel_id;
    std::string guild_id;
    std::string author_id;
    std::string reply_to;  // a follow-up answers this message (message_reference)
  };

  void send_to_channel(const ChannelOrigin& where, const ChatReply& reply) {
    const auto* m = &where;
    auto bodies = render(reply, "");
    if (reply.ephemeral && !m->guild_id.empty()) {
      // Private data never goes to a channel: it goes by DM, or the user is told to use the
      // slash command (whose answer only they see).
      bool sent = true;
      for (auto& b : bodies) {
        b.flags &= ~kEphemeralFlag;
        if (!send_dm_body(m->author_id, b).ok()) {
          sent = false;
          break;
        }
      }
      MessageBody note;
      note.content = sent ? fmt::format("<@{}> I sent you the answer by DM.", m->author_id)
                          : fmt::format(
                                "<@{}> this answer is private and your DMs are closed; "
                                "use the slash command /{} instead.",
                                m->author_id, reply.command);
      note.allowed_user_mentions = {m->author_id};
      (void)call("POST", "/channels/" + m->channel_id + "/messages", message_json(note));
      return;
    }
    const std::string path = "/channels/" + m->channel_id + "/messages";
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      MessageBody& b = bodies[i];
      b.flags &= ~kEphemeralFlag;
      if (i == 0) b.reply_to = m->reply_to;
      // The reply's files (charts) go with the first message, as multipart.
      const std::vector<FileUpload> files = i == 0 && reply.outcome == ReplyOutcome::kAnswered
                                                ? attach(reply, b)
                                                : std::vector<FileUpload>{};
      if (files.empty()) {
        (void)call("POST", path, message_json(b));
      } else {
        (void)call_multipart("POST", path, multipart_body(message_json(b), files));
      }
    }
  }

  // --- follow-ups --------------------------------------------------------------------------
  // A conversation an answer may follow later: an interaction (its token, valid 15 minutes) or
  // a prefix message. Follow-ups that arrive before the first answer went out wait for it.
  struct Origin {
    ChannelOrigin channel;
    std::string webhook;  // /webhooks/{app}/{token}; empty for a prefix message
    std::string title;
    std::vector<ChatReply> waiting;
    std::chrono::steady_clock::time_point received;
    bool initial_sent = false;
  };
  static constexpr auto kTokenLifetime = std::chrono::minutes(15);
  static constexpr auto kOriginKept = std::chrono::hours(2);

  static std::string reply_reference(const Interaction& in) { return "i:" + in.id; }

  std::string remember_interaction(const Interaction& in, const std::string& title) {
    Origin o;
    o.channel = ChannelOrigin{in.channel_id, in.guild_id, in.user_id, ""};
    o.webhook = webhook_path(in);
    o.title = title;
    o.received = std::chrono::steady_clock::now();
    std::lock_guard lock(mu);
    prune_origins();
    std::string ref = reply_reference(in);
    origins[ref] = std::move(o);
    return ref;
  }

  // Under `mu`: forgets conversations no answer can follow any more.
  void prune_origins() {
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(origins, [&](const auto& kv) { return now - kv.second.received > kOriginKept; });
  }

  // The first answer of `ref` went out: the follow-ups that waited for it go now.
  void initial_sent(const std::string& ref) {
    std::vector<ChatReply> waiting;
    {
      std::lock_guard lock(mu);
      auto it = origins.find(ref);
      if (it == origins.end()) return;
      it->second.initial_sent = true;
      waiting.swap(it->second.waiting);
    }
    for (const ChatReply& r : waiting) deliver_follow_up(ref, r);
  }

  // The pipeline's follow-up delivery (any thread): sent now, or after the first answer.
  void on_follow_up(const InboundMessage& origin, ChatReply reply) {
    {
      std::lock_guard lock(mu);
      auto it = origins.find(origin.reference);
      if (it == origins.end()) {
        log_warn("discord: a follow-up answer to /{} has no conversation to go to (dropped)",
                 reply.command);
        return;
      }
      if (!it->second.initial_sent) {
        it->second.waiting.push_back(std::move(reply));
        return;
      }
    }
    deliver_follow_up(origin.reference, reply);
  }

  // An interaction's follow-up is POST /webhooks/{app}/{token} (ephemeral kept, files as
  // multipart); a prefix command's, or one whose token expired, a channel message.
  void deliver_follow_up(const std::string& ref, const ChatReply& reply) {
    Origin o;
    {
      std::lock_guard lock(mu);
      auto it = origins.find(ref);
      if (it == origins.end()) return;
      o = it->second;
    }
    {
      std::lock_guard lock(mu);
      ++stats.follow_ups;
    }
    const bool token_valid =
        !o.webhook.empty() && std::chrono::steady_clock::now() - o.received < kTokenLifetime;
    if (!token_valid) {
      if (ref.rfind("m:", 0) == 0) o.channel.reply_to = ref.substr(2);
      return send_to_channel(o.channel, reply);
    }
    std::vector<MessageBody> bodies = render(reply, o.title);
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      MessageBody& b = bodies[i];
      const std::vector<FileUpload> files = i == 0 && reply.outcome == ReplyOutcome::kAnswered
                                                ? attach(reply, b)
                                                : std::vector<FileUpload>{};
      if (files.empty()) {
        (void)call("POST", o.webhook, message_json(b));
      } else {
        (void)call_multipart("POST", o.webhook, multipart_body(message_json(b), files));
      }
    }
  }

  // --- notifications -----------------------------------------------------------------------
  Status send_dm_body(const std::string& user, const MessageBody& body) {
    {
      std::lock_guard lock(mu);
      if (dms_closed.count(user) != 0) {
        return Error(ErrorCode::kPermissionDenied,
                     "discord: DMs to " + user + " are closed (50007, remembered)");
      }
    }
    std::string channel;
    {
      std::lock_guard lock(mu);
      if (auto it = dm_channels.find(user); it != dm_channels.end()) channel = it->second;
    }
    if (channel.empty()) {
      JsonWriter w;
      w.begin_object().key("recipient_id").value(user).end_object();
      auto res = call("POST", "/users/@me/channels", std::move(w).take());
      if (!res.ok()) return res.error();
      if (!res->ok()) {
        return Error(ErrorCode::kUnavailable,
                     "discord: opening a DM failed: " + describe_error(*res));
      }
      dom::parser parser;
      dom::element root;
      if (parser.parse(res->body).get(root) != simdjson::SUCCESS ||
          (channel = str_at(root, "id")).empty()) {
        return Error(ErrorCode::kParse, "discord: DM channel answer without an id");
      }
      std::lock_guard lock(mu);
      dm_channels[user] = channel;
    }
    auto res = call("POST", "/channels/" + channel + "/messages", message_json(body));
    if (!res.ok()) return res.error();
    if (res->status == 403 && res->code == 50007) {
      // Remembered, so later notifications go straight to the fallback (no 403 storm).
      std::lock_guard lock(mu);
      dms_closed.insert(user);
      return Error(ErrorCode::kPermissionDenied,
                   "discord: cannot DM " + user + " (403 50007: DMs closed)");
    }
    if (!res->ok())
      return Error(ErrorCode::kUnavailable, "discord: DM failed: " + describe_error(*res));
    return {};
  }

  std::string bot_user_id() const {
    std::lock_guard lock(mu);
    return self_id;
  }

  DiscordBotConfig config;
  ChatPipeline* pipeline;
  std::vector<std::string> symbols;
  RestClient rest;
  std::unique_ptr<GatewayClient> gateway;
  std::string application_id;
  std::string self_id;  // the bot user
  std::mutex pipeline_mu;
  mutable std::mutex mu;
  std::condition_variable jobs_cv;
  std::deque<std::function<void()>> jobs;
  std::vector<std::thread> workers;
  bool stopping = false;
  bool started = false;
  std::map<std::string, Pending> pending;
  std::map<std::string, std::string> dm_channels;
  std::set<std::string> dms_closed;
  std::map<std::string, Origin> origins;  // by InboundMessage::reference
  // The pipeline's follow-up delivery reaches the bot through this until stop().
  struct FollowUpGate {
    std::mutex mu;
    Impl* impl = nullptr;
  };
  std::shared_ptr<FollowUpGate> gate = std::make_shared<FollowUpGate>();
  DiscordBotStats stats;
  std::mutex done_mu;
  std::condition_variable done_cv;
  bool done = false;
};

DiscordBot::DiscordBot(DiscordBotConfig config, ChatPipeline& pipeline,
                       std::vector<std::string> symbols)
    : impl_(std::make_unique<Impl>(std::move(config), pipeline, std::move(symbols))) {
  register_secret(impl_->config.token);
}

DiscordBot::~DiscordBot() {
  stop();
}

Status DiscordBot::start() {
  Impl& m = *impl_;
  // The token first: a bad one stops here with a clear error instead of a reconnect loop.
  auto me = m.call("GET", "/users/@me");
  if (!me.ok()) return std::move(me).error().with_context("discord: checking the bot token");
  if (me->status == 401) {
    return Error(ErrorCode::kPermissionDenied,
                 "discord: the bot token was refused (401): set a valid DISCORD_TOKEN");
  }
  if (!me->ok())
    return Error(ErrorCode::kUnavailable, "discord: GET /users/@me: " + describe_error(*me));
  auto app = m.call("GET", "/applications/@me");
  if (!app.ok()) return app.error();
  {
    dom::parser parser;
    dom::element root;
    if (!app->ok() || parser.parse(app->body).get(root) != simdjson::SUCCESS ||
        (m.application_id = str_at(root, "id")).empty()) {
      return Error(ErrorCode::kUnavailable,
                   "discord: GET /applications/@me: " + describe_error(*app));
    }
    dom::element u;
    if (parser.parse(me->body).get(u) == simdjson::SUCCESS) m.self_id = str_at(u, "id");
  }
  // Slash commands: one bulk overwrite from the pipeline's command table.
  CommandPayloadOptions opts;
  opts.settings = &m.pipeline->settings();
  OMEGA_ASSIGN_OR_RETURN(const std::string commands, bulk_overwrite_body(command_table(), opts));
  const std::string path =
      m.config.guild_id.empty()
          ? fmt::format("/applications/{}/commands", m.application_id)
          : fmt::format("/applications/{}/guilds/{}/commands", m.application_id, m.config.guild_id);
  RestRequest put;
  put.method = "PUT";
  put.path = path;
  put.body = commands;
  auto reg = m.rest.send(put);
  if (!reg.ok()) return std::move(reg).error().with_context("discord: registering slash commands");
  if (!reg->ok()) {
    return Error(ErrorCode::kRejected,
                 "discord: registering slash commands failed: " + describe_error(*reg));
  }
  auto gw = m.call("GET", "/gateway/bot");
  if (!gw.ok()) return gw.error();
  std::string url;
  {
    dom::parser parser;
    dom::element root;
    if (!gw->ok() || parser.parse(gw->body).get(root) != simdjson::SUCCESS ||
        (url = str_at(root, "url")).empty()) {
      return Error(ErrorCode::kUnavailable, "discord: GET /gateway/bot: " + describe_error(*gw));
    }
  }
  for (int i = 0; i < 3; ++i) m.workers.emplace_back([&m] { m.worker(); });
  // Answers that follow later (a deferred /backtest, a control result) go to the conversation
  // that asked: a follow-up on the interaction, or a reply in the channel.
  {
    std::lock_guard lock(m.gate->mu);
    m.gate->impl = &m;
  }
  m.pipeline->set_follow_up_delivery([gate = m.gate](const InboundMessage& origin, ChatReply r) {
    std::lock_guard lock(gate->mu);
    if (gate->impl != nullptr && origin.front_end == "discord") {
      gate->impl->on_follow_up(origin, std::move(r));
    }
  });
  GatewayClientOptions go;
  go.session.token = m.config.token;
  go.session.intents = kIntentGuilds | kIntentGuildMessages | kIntentDirectMessages |
                       (m.config.message_content ? kIntentMessageContent : 0U);
  go.session.seed = m.config.seed;
  go.time = m.config.manual_time ? TimeMode::kManual : TimeMode::kReal;
  go.ca_file = m.config.ca_file;
  m.gateway = std::make_unique<GatewayClient>(
      go, [&m](const std::string& name, std::int64_t, const std::string& frame) {
        if (name == "INTERACTION_CREATE") {
          m.post([&m, frame] { m.on_interaction(frame); });
        } else if (name == "MESSAGE_CREATE") {
          m.post([&m, frame] { m.on_message(frame); });
        }
      });
  m.gateway->start(url);
  m.started = true;
  log_info("discord: started as {} (application {}), {} commands registered", m.self_id,
           m.application_id, path);
  // A fatal gateway error ends wait().
  std::thread([&m] {
    m.gateway->wait_for([](const GatewaySnapshot& s) { return s.stopped; },
                        std::chrono::hours(24 * 365));
    std::lock_guard lock(m.done_mu);
    m.done = true;
    m.done_cv.notify_all();
  }).detach();
  return {};
}

void DiscordBot::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.gate->mu);  // waits for a follow-up being delivered
    m.gate->impl = nullptr;
  }
  if (m.gateway) m.gateway->stop();
  {
    std::lock_guard lock(m.mu);
    m.stopping = true;
  }
  m.jobs_cv.notify_all();
  for (auto& t : m.workers) {
    if (t.joinable()) t.join();
  }
  m.workers.clear();
  std::lock_guard lock(m.done_mu);
  m.done = true;
  m.done_cv.notify_all();
}

Status DiscordBot::wait() {
  Impl& m = *impl_;
  {
    std::unique_lock lock(m.done_mu);
    m.done_cv.wait(lock, [&] { return m.done; });
  }
  if (m.gateway) {
    const auto snap = m.gateway->snapshot();
    if (!snap.fatal_error.empty()) return Error(ErrorCode::kRejected, snap.fatal_error);
  }
  return {};
}

void DiscordBot::advance_gateway(std::chrono::milliseconds by) {
  if (impl_->gateway) impl_->gateway->advance(by);
}

bool DiscordBot::wait_ready(std::chrono::milliseconds timeout) {
  if (!impl_->gateway) return false;
  return impl_->gateway->wait_for([](const GatewaySnapshot& s) { return s.ready; }, timeout);
}

Status DiscordBot::send_direct(std::string_view user, std::string_view text, bool silent) {
  MessageBody body;
  body.content = truncate_text(text, kContentMax);
  if (silent) body.flags |= kSilentFlag;
  return impl_->send_dm_body(std::string(user), body);
}

Status DiscordBot::send_channel(std::string_view channel, std::string_view user,
                                std::string_view text, bool silent) {
  MessageBody body;
  const std::string mention = user.empty() ? std::string() : fmt::format("<@{}> ", user);
  body.content = truncate_text(mention + std::string(text), kContentMax);
  if (!user.empty()) body.allowed_user_mentions = {std::string(user)};
  if (silent) body.flags |= kSilentFlag;
  auto res = impl_->call("POST", fmt::format("/channels/{}/messages", channel), message_json(body));
  if (!res.ok()) return res.error();
  if (!res->ok()) {
    return Error(ErrorCode::kUnavailable, "discord: channel post failed: " + describe_error(*res));
  }
  return {};
}

std::optional<Role> DiscordBot::role_for(const std::string& user_id,
                                         const std::vector<std::string>& role_ids) const {
  return impl_->role_for(user_id, role_ids);
}

DiscordBotStats DiscordBot::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

}  // namespace omega::chat::discord
