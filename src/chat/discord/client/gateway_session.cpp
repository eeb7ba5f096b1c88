#include "chat/discord/client/gateway_session.hpp"

#include <algorithm>

#include <fmt/format.h>

// simdjson is heavy; it stays in this translation unit.
#include <simdjson.h>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

namespace dom = simdjson::dom;

dom::parser& frame_parser() {
  thread_local dom::parser parser;
  return parser;
}

std::string string_at(dom::element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

bool is_fatal(std::uint16_t code) {
  return code == 4004 || code == 4010 || code == 4011 || code == 4012 || code == 4013 ||
         code == 4014;
}

}  // namespace

CloseAction classify_close(std::optional<std::uint16_t> code) {
  if (!code) return CloseAction::kResume;
  if (is_fatal(*code)) return CloseAction::kFatal;
  switch (*code) {
    case 4003:  // not authenticated: the session is gone
    case 4007:  // invalid seq on Resume
    case 4009:  // session timed out
      return CloseAction::kIdentify;
    default:
      // 4000-4002, 4005, 4008, network codes, and a server 1000/1001 (seen after heartbeat
      // trouble): try to resume; an op 9 false then leads to a fresh Identify.
      return CloseAction::kResume;
  }
}

std::string fatal_close_message(std::uint16_t code) {
  switch (code) {
    case 4004:
      return "gateway closed 4004 (authentication failed): the bot token is wrong or was "
             "reset; set a valid token (DISCORD_TOKEN or the token file) and restart";
    case 4010:
      return "gateway closed 4010 (invalid shard): check the shard id and count";
    case 4011:
      return "gateway closed 4011 (sharding required): the bot is in too many guilds for one "
             "shard; configure sharding";
    case 4012:
      return "gateway closed 4012 (invalid API version)";
    case 4013:
      return "gateway closed 4013 (invalid intents): the intents bitfield has unknown bits";
    case 4014:
      return "gateway closed 4014 (disallowed intents): enable the privileged intent (e.g. "
             "Message Content) for this bot in the Discord Developer Portal, or turn it off in "
             "the configuration";
    default:
      return fmt::format("gateway closed {} (fatal)", code);
  }
}

Result<GatewayFrame> parse_gateway_frame(std::string_view text) {
  dom::element root;
  if (auto err = frame_parser().parse(text.data(), text.size()).get(root); err) {
    return Error(ErrorCode::kParse,
                 fmt::format("gateway frame is not JSON: {}", simdjson::error_message(err)));
  }
  GatewayFrame f;
  f.frame = text;
  std::int64_t op = 0;
  if (root["op"].get_int64().get(op) != simdjson::SUCCESS) {
    return Error(ErrorCode::kParse, "gateway frame has no integer \"op\"");
  }
  f.op = static_cast<int>(op);
  std::int64_t s = 0;
  if (root["s"].get_int64().get(s) == simdjson::SUCCESS) f.s = s;
  f.t = string_at(root, "t");
  return f;
}

GatewaySession::GatewaySession(GatewaySessionConfig config, DispatchHandler on_dispatch)
    : config_(std::move(config)), on_dispatch_(std::move(on_dispatch)), rng_(config_.seed) {}

std::vector<GatewayAction> GatewaySession::start(std::string gateway_url, std::int64_t now_ms) {
  std::vector<GatewayAction> out;
  while (!gateway_url.empty() && gateway_url.back() == '/') gateway_url.pop_back();
  gateway_url_ = std::move(gateway_url);
  next_ = session_id_.empty() ? Next::kIdentify : Next::kResume;
  reconnect_delay_after_close_ms_ = 0;
  schedule_reconnect(out, now_ms);
  return out;
}

void GatewaySession::on_open(std::int64_t /*now_ms*/) {
  if (state_ == State::kConnecting) state_ = State::kWaitHello;
}

std::string GatewaySession::identify_json() const {
  JsonWriter w;
  w.begin_object().key("op").value(2).key("d").begin_object();
  w.key("token").value(config_.token);
  w.key("intents").value(static_cast<std::int64_t>(config_.intents));
  w.key("properties").begin_object();
  w.key("os").value(config_.os).key("browser").value(config_.browser);
  w.key("device").value(config_.device).end_object();
  w.key("compress").value(false).key("large_threshold").value(50);
  if (config_.shard) {
    w.key("shard").begin_array().value(config_.shard->first).value(config_.shard->second);
    w.end_array();
  }
  w.end_object().end_object();
  return std::move(w).take();
}

std::string GatewaySession::resume_json() const {
  JsonWriter w;
  w.begin_object().key("op").value(6).key("d").begin_object();
  w.key("token").value(config_.token).key("session_id").value(session_id_).key("seq");
  if (seq_) {
    w.value(*seq_);
  } else {
    w.null();
  }
  w.end_object().end_object();
  return std::move(w).take();
}

std::string GatewaySession::heartbeat_json() const {
  return seq_ ? fmt::format(R"({{"op":1,"d":{}}})", *seq_) : std::string(R"({"op":1,"d":null})");
}

std::size_t GatewaySession::sent_in_window(std::int64_t now_ms) {
  while (!sent_times_ms_.empty() && sent_times_ms_.front() <= now_ms - config_.send_window_ms) {
    sent_times_ms_.pop_front();
  }
  return sent_times_ms_.size();
}

void GatewaySession::send(std::vector<GatewayAction>& out, std::string text, std::int64_t now_ms) {
  sent_in_window(now_ms);
  sent_times_ms_.push_back(now_ms);
  ++stats_.frames_sent;
  out.push_back({GatewayAction::Kind::kSend, std::move(text), 0});
}

void GatewaySession::close_and(std::vector<GatewayAction>& out, std::uint16_t code, Next next,
                               std::int64_t delay_ms) {
  state_ = State::kClosing;
  next_ = next;
  reconnect_delay_after_close_ms_ = delay_ms;
  next_heartbeat_ms_.reset();
  out.push_back({GatewayAction::Kind::kClose, {}, code});
}

void GatewaySession::schedule_reconnect(std::vector<GatewayAction>& out, std::int64_t now_ms) {
  std::int64_t delay = reconnect_delay_after_close_ms_;
  if (failed_connects_ > 0) {
    const int shift = std::min(failed_connects_ - 1, 16);
    const std::int64_t backoff =
        std::min(config_.backoff_max_ms, config_.backoff_base_ms << static_cast<unsigned>(shift));
    // Full jitter in [backoff/2, backoff]: shards of a farm do not reconnect in lockstep.
    delay += backoff / 2 +
             static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(backoff / 2 + 1));
  }
  reconnect_delay_after_close_ms_ = 0;
  state_ = State::kWaitReconnect;
  reconnect_at_ms_ = now_ms + delay;
  if (delay <= 0) {
    auto more = on_tick(now_ms);
    out.insert(out.end(), more.begin(), more.end());
  }
}

void GatewaySession::fatal(std::vector<GatewayAction>& out, std::string message) {
  state_ = State::kStopped;
  fatal_error_ = std::move(message);
  next_heartbeat_ms_.reset();
  reconnect_at_ms_.reset();
  out.push_back({GatewayAction::Kind::kFatal, fatal_error_, 0});
}

void GatewaySession::clear_session() {
  session_id_.clear();
  seq_.reset();
}

void GatewaySession::flush_queue(std::vector<GatewayAction>& out, std::int64_t now_ms) {
  const std::size_t budget =
      config_.send_limit - std::min(config_.send_limit, config_.reserved_frames);
  while (state_ == State::kReady && !queue_.empty() && sent_in_window(now_ms) < budget) {
    send(out, std::move(queue_.front()), now_ms);
    queue_.pop_front();
  }
}

std::vector<GatewayAction> GatewaySession::on_frame(std::string_view text, std::int64_t now_ms) {
  std::vector<GatewayAction> out;
  if (state_ == State::kStopped || state_ == State::kClosing) return out;
  auto parsed = parse_gateway_frame(text);
  if (!parsed.ok()) {
    ++stats_.malformed_frames;  // ignored: one bad frame must not take the bot down
    return out;
  }
  const GatewayFrame& f = *parsed;
  switch (f.op) {
    case 10: {  // Hello
      dom::element root;
      std::int64_t interval = 0;
      if (frame_parser().parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
          root["d"]["heartbeat_interval"].get_int64().get(interval) != simdjson::SUCCESS ||
          interval <= 0) {
        ++stats_.malformed_frames;
        return out;
      }
      interval_ms_ = interval;
      hello_ms_ = now_ms;
      std::uniform_real_distribution<double> jitter(0.0, 1.0);
      next_heartbeat_ms_ =
          now_ms + static_cast<std::int64_t>(static_cast<double>(interval) * jitter(rng_));
      first_heartbeat_ = true;
      ack_pending_ = false;
      missed_acks_ = 0;
      state_ = State::kHandshaking;
      if (next_ == Next::kResume && !session_id_.empty()) {
        ++stats_.resumes;
        send(out, resume_json(), now_ms);
      } else {
        clear_session();
        ++stats_.identifies;
        send(out, identify_json(), now_ms);
      }
      // A first heartbeat due right away goes out now.
      auto more = on_tick(now_ms);
      out.insert(out.end(), more.begin(), more.end());
      return out;
    }
    case 11:  // Heartbeat ACK
      ++stats_.acks;
      ack_pending_ = false;
      missed_acks_ = 0;
      stats_.last_heartbeat_latency_ms = now_ms - last_heartbeat_sent_ms_;
      return out;
    case 1:  // the server asks for a heartbeat now (the timer is left as it is)
      ack_pending_ = true;
      last_heartbeat_sent_ms_ = now_ms;
      ++stats_.heartbeats;
      send(out, heartbeat_json(), now_ms);
      return out;
    case 7:  // Reconnect: resume on a new connection
      close_and(out, 4000, Next::kResume, 0);
      return out;
    case 9: {  // Invalid Session: d says whether it may be resumed
      dom::element root;
      bool resumable = false;
      if (frame_parser().parse(text.data(), text.size()).get(root) == simdjson::SUCCESS &&
          root["d"].get_bool().get(resumable) != simdjson::SUCCESS) {
        resumable = false;
      }
      if (resumable) {
        close_and(out, 4000, Next::kResume, 0);
      } else {
        clear_session();
        // Discord's guidance: wait a random 1-5 s before identifying again.
        close_and(out, 1000, Next::kIdentify, 1000 + static_cast<std::int64_t>(rng_() % 4001));
      }
      return out;
    }
    case 0: {                // Dispatch
      if (f.s) seq_ = *f.s;  // only non-null s advances the resume point
      if (f.t == "READY") {
        dom::element root;
        if (frame_parser().parse(text.data(), text.size()).get(root) == simdjson::SUCCESS) {
          dom::element d = root["d"];
          session_id_ = string_at(d, "session_id");
          resume_url_ = string_at(d, "resume_gateway_url");
          while (!resume_url_.empty() && resume_url_.back() == '/') resume_url_.pop_back();
          dom::element user;
          if (d["user"].get(user) == simdjson::SUCCESS) user_id_ = string_at(user, "id");
          dom::element app;
          if (d["application"].get(app) == simdjson::SUCCESS) {
            application_id_ = string_at(app, "id");
          }
        }
        state_ = State::kReady;
        failed_connects_ = 0;
      } else if (f.t == "RESUMED") {
        state_ = State::kReady;
        failed_connects_ = 0;
      }
      if (on_dispatch_) on_dispatch_(GatewayDispatch{f.t, f.s.value_or(0), text});
      flush_queue(out, now_ms);
      return out;
    }
    default:
      ++stats_.unknown_ops;  // ignored, as Discord may add opcodes
      return out;
  }
}

std::vector<GatewayAction> GatewaySession::on_closed(std::optional<std::uint16_t> code,
                                                     std::int64_t now_ms) {
  std::vector<GatewayAction> out;
  if (state_ == State::kStopped || state_ == State::kIdle) return out;
  next_heartbeat_ms_.reset();
  if (state_ == State::kClosing) {  // our own close: the next step was decided then
    schedule_reconnect(out, now_ms);
    return out;
  }
  if (state_ != State::kReady) ++failed_connects_;
  switch (classify_close(code)) {
    case CloseAction::kFatal:
      fatal(out, fatal_close_message(*code));
      return out;
    case CloseAction::kIdentify:
      clear_session();
      next_ = Next::kIdentify;
      break;
    case CloseAction::kResume:
      next_ = Next::kResume;
      break;
  }
  schedule_reconnect(out, now_ms);
  return out;
}

std::vector<GatewayAction> GatewaySession::on_tick(std::int64_t now_ms) {
  std::vector<GatewayAction> out;
  if (state_ == State::kWaitReconnect && reconnect_at_ms_ && now_ms >= *reconnect_at_ms_) {
    reconnect_at_ms_.reset();
    state_ = State::kConnecting;
    const bool resume = next_ == Next::kResume && !session_id_.empty() && !resume_url_.empty();
    out.push_back({GatewayAction::Kind::kConnect,
                   (resume ? resume_url_ : gateway_url_) + std::string(kGatewayQuery), 0});
    return out;
  }
  if ((state_ == State::kHandshaking || state_ == State::kReady) && next_heartbeat_ms_ &&
      now_ms >= *next_heartbeat_ms_) {
    if (ack_pending_ && ++missed_acks_ > config_.zombie_tolerance) {
      // No ACK since the last heartbeat: a zombie. Close with a code that keeps the session
      // (never 1000/1001) and resume on a new connection.
      ++stats_.zombies;
      close_and(out, 4000, Next::kResume, 0);
      return out;
    }
    if (first_heartbeat_) {
      stats_.first_heartbeat_delay_ms = now_ms - hello_ms_;
      first_heartbeat_ = false;
    }
    ack_pending_ = true;
    last_heartbeat_sent_ms_ = now_ms;
    ++stats_.heartbeats;
    send(out, heartbeat_json(), now_ms);
    *next_heartbeat_ms_ += interval_ms_;
    if (*next_heartbeat_ms_ <= now_ms) next_heartbeat_ms_ = now_ms + interval_ms_;
  }
  flush_queue(out, now_ms);
  return out;
}

Status GatewaySession::queue_payload(std::string json) {
  if (json.size() > kGatewayPayloadMax) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("gateway payload of {} bytes exceeds Discord's {} byte limit",
                             json.size(), kGatewayPayloadMax));
  }
  if (state_ == State::kStopped) return Error(ErrorCode::kState, "gateway session stopped");
  queue_.push_back(std::move(json));
  return {};
}

std::vector<GatewayAction> GatewaySession::stop() {
  std::vector<GatewayAction> out;
  const bool connected = state_ == State::kWaitHello || state_ == State::kHandshaking ||
                         state_ == State::kReady || state_ == State::kConnecting;
  state_ = State::kStopped;
  next_heartbeat_ms_.reset();
  reconnect_at_ms_.reset();
  if (connected) out.push_back({GatewayAction::Kind::kClose, {}, 1000});
  return out;
}

std::optional<std::int64_t> GatewaySession::next_deadline_ms() const {
  std::optional<std::int64_t> at;
  auto take = [&at](std::optional<std::int64_t> t) {
    if (t && (!at || *t < *at)) at = t;
  };
  if (state_ == State::kWaitReconnect) take(reconnect_at_ms_);
  if (state_ == State::kHandshaking || state_ == State::kReady) take(next_heartbeat_ms_);
  if (state_ == State::kReady && !queue_.empty() && !sent_times_ms_.empty()) {
    take(sent_times_ms_.front() + config_.send_window_ms);
  }
  return at;
}

}  // namespace omega::chat::discord
