// Provides GatewaySession: the Discord gateway v10 protocol as a pure state machine (no sockets,
// no clock of its own). The transport feeds it frames, closes and time; it answers with actions:
// send a frame, close with a code, connect to a URL, or stop on a fatal close code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace omega::chat::discord {

// Gateway intents (bits of Identify's `intents`).
inline constexpr std::uint32_t kIntentGuilds = 1U << 0U;
inline constexpr std::uint32_t kIntentGuildMembers = 1U << 1U;
inline constexpr std::uint32_t kIntentGuildMessages = 1U << 9U;
inline constexpr std::uint32_t kIntentGuildMessageReactions = 1U << 10U;
inline constexpr std::uint32_t kIntentDirectMessages = 1U << 12U;
inline constexpr std::uint32_t kIntentMessageContent = 1U << 15U;

// Discord's cap on one client payload, in bytes (larger ones are closed with 4002).
inline constexpr std::size_t kGatewayPayloadMax = 4096;

// The query every gateway URL gets, including resume_gateway_url (which READY sends without it).
inline constexpr std::string_view kGatewayQuery = "/?v=10&encoding=json";

// How the session identifies and paces itself.
struct GatewaySessionConfig {
  std::string token;  // the raw bot token (no "Bot " prefix): a secret, never logged
  std::uint32_t intents = kIntentGuilds | kIntentGuildMessages | kIntentDirectMessages;
  std::string os = "linux";
  std::string browser = "omega";
  std::string device = "omega";
  std::optional<std::pair<int, int>> shard;  // {id, count}; none = unsharded
  std::uint64_t seed = 1;                    // jitter and backoff randomness (replayable)
  // Gateway send limit: frames per window; user payloads keep `reserved_frames` free for
  // heartbeats, Identify and Resume.
  std::size_t send_limit = 120;
  std::int64_t send_window_ms = 60'000;
  std::size_t reserved_frames = 10;
  // Extra heartbeat intervals without an ACK tolerated before declaring a zombie (0 = the
  // docs' rule: no ACK between two sends).
  int zombie_tolerance = 0;
  // Backoff of repeated failed connections: first retry immediate, then 1 s doubling to the cap.
  std::int64_t backoff_base_ms = 1000;
  std::int64_t backoff_max_ms = 60'000;
};

// What a close code means for the client (docs table, reference 1.10).
enum class CloseAction : std::uint8_t { kResume, kIdentify, kFatal };

// Classifies a close code the server sent; nullopt for "no close frame" reads as kResume.
CloseAction classify_close(std::optional<std::uint16_t> code);

// Returns the operator's explanation of a fatal close code ("4004 authentication failed: …").
std::string fatal_close_message(std::uint16_t code);

// One gateway frame, parsed: the envelope only; `frame` is the whole text for handlers.
struct GatewayFrame {
  int op = -1;
  std::optional<std::int64_t> s;
  std::string t;
  std::string_view frame;
};

// Parses the envelope of `text`; kParse for invalid JSON or a missing/non-integer `op`.
Result<GatewayFrame> parse_gateway_frame(std::string_view text);

// A dispatch (op 0) handed to the application.
struct GatewayDispatch {
  std::string_view name;  // "READY", "MESSAGE_CREATE", …
  std::int64_t seq = 0;
  std::string_view frame;  // the full frame text (the payload is its `d`)
};

// An instruction for the transport.
struct GatewayAction {
  enum class Kind : std::uint8_t { kSend, kClose, kConnect, kFatal };
  Kind kind = Kind::kSend;
  std::string text;        // kSend: the frame; kConnect: the URL; kFatal: the error
  std::uint16_t code = 0;  // kClose: the close code
};

// Counters for tests, logs and /ping.
struct GatewayStats {
  std::size_t identifies = 0;
  std::size_t resumes = 0;
  std::size_t heartbeats = 0;
  std::size_t acks = 0;
  std::size_t zombies = 0;
  std::size_t malformed_frames = 0;
  std::size_t unknown_ops = 0;
  std::size_t frames_sent = 0;
  std::int64_t last_heartbeat_latency_ms = -1;
  std::int64_t first_heartbeat_delay_ms = -1;  // from Hello to the first heartbeat (jitter)
};

// The gateway protocol for one shard. Not thread-safe: the transport calls it from one thread.
class GatewaySession {
 public:
  using DispatchHandler = std::function<void(const GatewayDispatch&)>;

  GatewaySession(GatewaySessionConfig config, DispatchHandler on_dispatch);

  // Starts (or restarts) from `gateway_url` (from GET /gateway/bot, no query): connect action.
  std::vector<GatewayAction> start(std::string gateway_url, std::int64_t now_ms);
  // The socket to the last connect URL is open; Hello is awaited.
  void on_open(std::int64_t now_ms);
  // One text frame from the server.
  std::vector<GatewayAction> on_frame(std::string_view text, std::int64_t now_ms);
  // The socket closed: `code` is the server's close code, nullopt without a close frame or
  // after our own close.
  std::vector<GatewayAction> on_closed(std::optional<std::uint16_t> code, std::int64_t now_ms);
  // Time passed: heartbeats, zombie checks, queued sends and delayed reconnects.
  std::vector<GatewayAction> on_tick(std::int64_t now_ms);
  // Queues an application payload (e.g. presence, op 3): rejected when over 4096 bytes, sent
  // within the send limit once the session is ready.
  Status queue_payload(std::string json);
  // Closes for good with 1000 (the session ends; the bot shows offline).
  std::vector<GatewayAction> stop();

  // Returns when on_tick must next be called, or nullopt when nothing is due.
  std::optional<std::int64_t> next_deadline_ms() const;

  bool ready() const { return state_ == State::kReady; }
  bool stopped() const { return state_ == State::kStopped; }
  const std::string& fatal_error() const { return fatal_error_; }
  const std::string& session_id() const { return session_id_; }
  const std::string& resume_url() const { return resume_url_; }
  std::optional<std::int64_t> sequence() const { return seq_; }
  const std::string& user_id() const { return user_id_; }
  const std::string& application_id() const { return application_id_; }
  std::int64_t heartbeat_interval_ms() const { return interval_ms_; }
  const GatewayStats& stats() const { return stats_; }

 private:
  enum class State : std::uint8_t {
    kIdle,
    kConnecting,   // connect issued, socket not open
    kWaitHello,    // open, no Hello yet
    kHandshaking,  // Identify or Resume sent
    kReady,
    kClosing,  // we closed, waiting for the socket to go
    kWaitReconnect,
    kStopped,
  };
  enum class Next : std::uint8_t { kResume, kIdentify };

  void send(std::vector<GatewayAction>& out, std::string text, std::int64_t now_ms);
  void close_and(std::vector<GatewayAction>& out, std::uint16_t code, Next next,
                 std::int64_t delay_ms);
  void schedule_reconnect(std::vector<GatewayAction>& out, std::int64_t now_ms);
  void fatal(std::vector<GatewayAction>& out, std::string message);
  void flush_queue(std::vector<GatewayAction>& out, std::int64_t now_ms);
  std::size_t sent_in_window(std::int64_t now_ms);
  void clear_session();
  std::string identify_json() const;
  std::string resume_json() const;
  std::string heartbeat_json() const;

  GatewaySessionConfig config_;
  DispatchHandler on_dispatch_;
  std::mt19937_64 rng_;
  State state_ = State::kIdle;
  Next next_ = Next::kIdentify;
  std::string gateway_url_;
  std::string resume_url_;
  std::string session_id_;
  std::optional<std::int64_t> seq_;
  std::string user_id_;
  std::string application_id_;
  std::string fatal_error_;
  std::int64_t interval_ms_ = 0;
  std::optional<std::int64_t> next_heartbeat_ms_;
  std::int64_t hello_ms_ = 0;
  bool first_heartbeat_ = true;
  bool ack_pending_ = false;
  int missed_acks_ = 0;
  std::int64_t last_heartbeat_sent_ms_ = 0;
  std::int64_t reconnect_delay_after_close_ms_ = 0;
  std::optional<std::int64_t> reconnect_at_ms_;
  int failed_connects_ = 0;
  std::deque<std::int64_t> sent_times_ms_;
  std::deque<std::string> queue_;
  GatewayStats stats_;
};

}  // namespace omega::chat::discord
