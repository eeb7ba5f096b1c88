#include "chat/chat_pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <vector>

#include <fmt/format.h>

#include "chat/persona/persona_renderer.hpp"

namespace omega::chat {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    const std::size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

MessageData error_data(std::string message) {
  MessageData d;
  d.set("message", std::move(message));
  return d;
}

// Checks the positional arguments against the command's spec; the error is the user's reply.
Status check_args(const CommandSpec& spec, const std::vector<std::string>& args) {
  const std::string use = "usage: /" + std::string(spec.name) + " " + usage(spec);
  for (const std::string& a : args) {
    if (a.size() > 1 && a[0] == '-' && a[1] == '-') {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("unknown option '{}' for /{}; {}", a, spec.name, use));
    }
  }
  const bool takes_rest = !spec.args.empty() && spec.args.back().rest;
  if (args.size() > spec.args.size() && !takes_rest) {
    return Error(ErrorCode::kInvalidArgument, "unexpected argument '" + args[spec.args.size()] +
                                                  "' for /" + std::string(spec.name) + "; " + use);
  }
  for (std::size_t i = 0; i < spec.args.size(); ++i) {
    const ArgSpec& a = spec.args[i];
    if (i >= args.size()) {
      if (a.required) {
        return Error(ErrorCode::kInvalidArgument, "missing " + std::string(a.name) + " for /" +
                                                      std::string(spec.name) + "; " + use);
      }
      continue;
    }
    if (!a.choices.empty() &&
        std::find(a.choices.begin(), a.choices.end(), args[i]) == a.choices.end()) {
      std::string list;
      for (std::string_view c : a.choices) list += (list.empty() ? "" : ", ") + std::string(c);
      return Error(ErrorCode::kInvalidArgument,
                   "'" + args[i] + "' is not a valid " + std::string(a.name) + " (" + list + ")");
    }
  }
  return ok_status();
}

std::string availability_reason(Availability a) {
  switch (a) {
    case Availability::kNeedsEngine:
      return "it needs a running farm: start `omega run` and chat with --store pointing at its "
             "store";
    case Availability::kNeedsStore:
      return "it needs the farm's store: chat with --store sqlite:PATH or --store redis://HOST";
    case Availability::kReady:
      break;
  }
  return "its handler is not wired in this front end";
}

}  // namespace

ChatPipeline::ChatPipeline(ChatSettings settings, const PersonaLibrary& personas, ChatClock clock,
                           AuditSink& audit)
    : settings_(std::move(settings)),
      personas_(&personas),
      clock_(std::move(clock)),
      audit_(&audit),
      limiter_(clock_, settings_.max_commands_per_window, settings_.window) {
  register_handler("help", [this](const ChatRequest& r) { return builtin_help(r); });
  register_handler("persona", [this](const ChatRequest& r) { return builtin_persona(r); });
}

void ChatPipeline::register_handler(std::string_view name, CommandHandler handler) {
  handlers_[std::string(name)] = std::move(handler);
}

void ChatPipeline::set_follow_up_delivery(FollowUpDelivery deliver) {
  follow_up_ = std::move(deliver);
}

Status ChatPipeline::set_persona(std::string_view user_id, std::string_view persona) {
  OMEGA_ASSIGN_OR_RETURN(const Persona* p, personas_->find(persona));
  std::lock_guard lock(persona_mutex_);
  user_personas_[std::string(user_id)] = p->name;
  return ok_status();
}

Status ChatPipeline::set_channel_persona(std::string_view channel, std::string_view persona) {
  OMEGA_ASSIGN_OR_RETURN(const Persona* p, personas_->find(persona));
  std::lock_guard lock(persona_mutex_);
  channel_personas_[std::string(channel)] = p->name;
  return ok_status();
}

const Persona& ChatPipeline::persona_of(std::string_view user_id, std::string_view channel) const {
  std::string name = settings_.default_persona;
  {
    std::lock_guard lock(persona_mutex_);
    if (auto it = user_personas_.find(user_id); it != user_personas_.end()) {
      name = it->second;
    } else if (auto ch = channel_personas_.find(channel);
               !channel.empty() && ch != channel_personas_.end()) {
      name = ch->second;
    }
  }
  auto p = personas_->find(name);
  return p.ok() ? **p : personas_->all().front();
}

ChatReply ChatPipeline::finish(const InboundMessage& in, const std::string& command,
                               const Persona& persona, ReplyOutcome outcome, MessageType type,
                               MessageData data, bool ephemeral) {
  data.fields.try_emplace("user", in.user_id);
  ChatReply reply;
  reply.outcome = outcome;
  reply.command = command;
  reply.ephemeral = ephemeral;
  auto text = render_message(persona, type, data);
  if (!text.ok()) {
    // A template bug must not silence the reply: fall back to the base persona, then plain text.
    auto base = render_message(personas_->all().front(), type, data);
    reply.text = base.ok() ? *base : "error: " + text.error().message();
  } else {
    reply.text = std::move(*text);
  }
  if (reply.text.empty()) reply.text = "(" + std::string(to_string(outcome)) + ")";
  AuditRecord rec;
  rec.at = clock_();
  rec.front_end = in.front_end;
  rec.user_id = in.user_id;
  rec.command = command;
  rec.text = in.text.substr(0, settings_.max_input_bytes);
  rec.outcome = outcome;
  audit_->record(rec);
  return reply;
}

ChatReply ChatPipeline::handle(const InboundMessage& in) {
  const Persona& persona = persona_of(in.user_id, in.channel);
  // Normalise: size, prefix, command and arguments.
  if (in.text.size() > settings_.max_input_bytes) {
    return finish(
        in, "", persona, ReplyOutcome::kRejected, MessageType::kError,
        error_data("message too long (" + std::to_string(in.text.size()) + " bytes; the limit is " +
                   std::to_string(settings_.max_input_bytes) + ")"),
        false);
  }
  std::vector<std::string> words = split_words(in.text);
  if (words.empty() || (words[0][0] != '/' && words[0][0] != '!') || words[0].size() < 2) {
    return finish(in, "", persona, ReplyOutcome::kRejected, MessageType::kError,
                  error_data("I answer commands such as /help or /fib BTC/USDT 1h."), false);
  }
  ChatRequest request;
  request.front_end = in.front_end;
  request.channel = in.channel;
  request.user_id = in.user_id;
  request.attachments = in.attachments;
  request.command = lower(std::string_view(words[0]).substr(1));
  request.args.assign(words.begin() + 1, words.end());
  request.persona = persona.name;

  // Authenticate.
  auto role = settings_.role_of(in.user_id);
  if (in.role && (!role.ok() || allows(*in.role, *role))) role = *in.role;
  if (!role.ok()) {
    return finish(in, request.command, persona, ReplyOutcome::kDenied, MessageType::kError,
                  error_data(role.error().message() + "; ask an admin to add you"), false);
  }
  request.role = *role;

  const CommandSpec* spec = find_command(request.command);
  if (spec == nullptr) {
    return finish(in, "", persona, ReplyOutcome::kRejected, MessageType::kError,
                  error_data("unknown command /" + request.command + "; /help lists them"), false);
  }

  // Authorise.
  const Role needed = settings_.required_role(*spec);
  if (!allows(request.role, needed)) {
    MessageData d;
    d.set("command", request.command)
        .set("required_role", std::string(to_string(needed)))
        .set("role", std::string(to_string(request.role)));
    return finish(in, request.command, persona, ReplyOutcome::kDenied, MessageType::kDenied,
                  std::move(d), spec->private_data);
  }

  // Rate limit.
  const RateDecision rate = limiter_.check(in.user_id, request.command, settings_.cooldown(*spec));
  if (!rate.allowed) {
    const auto secs = std::chrono::ceil<std::chrono::seconds>(rate.retry_after).count();
    MessageData d;
    d.set("command", request.command)
        .set("retry_after_s", std::to_string(std::max<long long>(1, secs)));
    return finish(in, request.command, persona, ReplyOutcome::kRateLimited,
                  MessageType::kRateLimited, std::move(d), spec->private_data);
  }

  // Route.
  if (auto ok = check_args(*spec, request.args); !ok.ok()) {
    return finish(in, request.command, persona, ReplyOutcome::kRejected, MessageType::kError,
                  error_data(ok.error().message()), spec->private_data);
  }
  auto handler = handlers_.find(request.command);
  if (handler == handlers_.end()) {
    MessageData d;
    d.set("command", request.command).set("reason", availability_reason(spec->availability));
    return finish(in, request.command, persona, ReplyOutcome::kUnavailable,
                  MessageType::kUnavailable, std::move(d), spec->private_data);
  }
  if (follow_up_) {
    request.follow_up = [this, in, command = request.command,
                         ephemeral = spec->private_data](HandlerReply later) {
      ChatReply reply = finish(in, command, persona_of(in.user_id, in.channel), later.outcome,
                               later.type, std::move(later.data), ephemeral);
      follow_up_(in, std::move(reply));
    };
  }
  Result<HandlerReply> out = Error(ErrorCode::kInternal, "handler did not run");
  try {
    out = handler->second(request);
  } catch (const std::exception& e) {
    // Handlers return Result; this only guards against a bug taking the front end down.
    out = Error(ErrorCode::kInternal, std::string("internal error: ") + e.what());
  }
  if (!out.ok()) {
    return finish(in, request.command, persona, ReplyOutcome::kFailed, MessageType::kError,
                  error_data(out.error().message()), spec->private_data);
  }
  // The persona may have just changed (/persona set): answer in the new voice.
  ChatReply reply = finish(in, request.command, persona_of(in.user_id, in.channel), out->outcome,
                           out->type, std::move(out->data), spec->private_data);
  reply.attachments = std::move(out->attachments);
  return reply;
}

Result<HandlerReply> ChatPipeline::builtin_help(const ChatRequest& request) const {
  HandlerReply r;
  r.type = MessageType::kHelp;
  for (const CommandSpec& c : command_table()) {
    const Role needed = settings_.required_role(c);
    MessageRow row{{"name", std::string(c.name)},
                   {"usage", usage(c)},
                   {"description", std::string(c.description)},
                   {"role", std::string(to_string(needed))}};
    if (!allows(request.role, needed)) row["locked"] = "yes";
    r.data.add_row("commands", std::move(row));
  }
  return r;
}

Result<HandlerReply> ChatPipeline::builtin_persona(const ChatRequest& request) {
  HandlerReply r;
  r.type = MessageType::kPersona;
  const std::string action = request.args.empty() ? "list" : request.args[0];
  if (action == "set") {
    if (request.args.size() < 2) {
      return Error(ErrorCode::kInvalidArgument, "usage: /persona set NAME");
    }
    OMEGA_TRY(set_persona(request.user_id, request.args[1]));
  }
  const Persona& mine = persona_of(request.user_id);
  r.data.set("text", action == "set" ? "You now talk to " + mine.display_name + "."
                                     : "Personas (/persona set NAME):");
  for (const Persona& p : personas_->all()) {
    MessageRow row{{"name", p.name}, {"description", p.description}};
    if (p.name == mine.name) row["current"] = "yes";
    r.data.add_row("personas", std::move(row));
  }
  return r;
}

}  // namespace omega::chat
