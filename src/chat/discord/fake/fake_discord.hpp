// Provides FakeDiscord: a local Discord for tests and manual runs. It speaks the gateway v10
// (WebSocket) and the REST API (HTTP), optionally over TLS, on loopback as docs/discord.md and the
// Discord reference describe them (identify, heartbeats, sessions with replay on resume, close
// codes, intents, interactions with their deadline, rate limits with bucket headers, DMs that can
// be closed), records every REST call and gateway frame, and takes faults from its control API.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace omega::chat::discord::fake {

// One guild channel of the seed.
struct FakeChannel {
  std::string id;
  std::string name;
  bool bot_can_send = true;  // false: 403 50013 Missing Permissions
};

// One guild member of the seed.
struct FakeMember {
  std::string user_id;
  std::string username;
  std::vector<std::string> role_ids;
  std::string permissions = "2147483647";  // the channel-resolved permissions string
};

// The fake's world and timings.
struct FakeDiscordConfig {
  std::string token = "fake-bot-token";
  std::string application_id = "1200000000000000000";
  std::string bot_user_id = "1200000000000000000";
  std::string bot_username = "omega";
  std::string guild_id = "1100000000000000000";
  std::string guild_name = "Omega Farm";
  std::vector<FakeChannel> channels = {{"1100000000000000010", "trading", true},
                                       {"1100000000000000011", "alerts", true}};
  std::vector<FakeMember> members;
  std::uint32_t enabled_privileged_intents = 1U << 15U;  // MESSAGE_CONTENT
  std::int64_t heartbeat_interval_ms = 41250;
  double heartbeat_grace = 1.5;  // no heartbeat within interval*grace: the TCP connection drops
  std::int64_t session_ttl_ms = 90'000;
  std::size_t replay_buffer = 1000;
  std::int64_t interaction_deadline_ms = 3000;
  std::int64_t interaction_token_ttl_ms = 900'000;
  std::size_t gateway_send_limit = 120;  // frames per 60 s per connection, else 4008
  int max_concurrency = 1;
  // Rate limits: POST /channels/{id}/messages per channel, and the global per-second limit.
  int message_bucket_limit = 5;
  std::int64_t message_bucket_window_ms = 5000;
  int global_limit_per_s = 50;
  std::uint16_t port = 0;         // main listener (REST + gateway); 0 = ephemeral
  std::uint16_t resume_port = 0;  // the resume_gateway_url listener; 0 = ephemeral
  // TLS: PEM files of the server certificate (chain) and its key. When set, both listeners
  // speak TLS only (https:// and wss://) and every URL the fake hands out names `tls_host`,
  // the name the certificate must carry.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_host = "localhost";
};

// One TLS handshake on a listener of a TLS fake.
struct TlsHandshakeRecord {
  bool ok = false;
  std::string server_name;  // the SNI the client sent ("" when none)
  std::string error;        // why the handshake failed (e.g. the client's "unknown ca" alert)
};

// A file uploaded in a multipart/form-data request (a `files[n]` part), bytes as received.
struct FakeFile {
  std::string field;         // "files[0]"
  std::string filename;      // "chart.png"
  std::string content_type;  // "image/png"
  std::string bytes;
  std::string description;  // from payload_json's attachments[] entry with the same id
};

// A REST call as the fake saw it.
struct RestCall {
  std::size_t seq = 0;
  std::int64_t t_ms = 0;  // since the fake started (steady clock)
  std::string method;
  std::string path;           // without /api/v10 and without the query
  std::string query;          // "with_response=true" (no '?')
  std::string route;          // the route template, e.g. "POST /channels/{id}/messages"
  std::string authorization;  // redacted: "Bot ***" + last 4 characters
  std::string user_agent;
  std::string content_type;
  std::string body;                // the JSON body, or payload_json of a multipart body
  std::vector<std::string> files;  // multipart: "files[0]=chart.png image/png 1234"
  std::vector<FakeFile> uploads;   // multipart: the files themselves
  int status = 0;
  std::string response;
};

// One gateway frame on one connection.
struct GatewayFrameRecord {
  std::size_t conn = 0;
  bool inbound = false;  // sent by the client
  std::int64_t t_ms = 0;
  int op = -1;
  std::string t;
  std::optional<std::int64_t> s;
  std::string text;
};

// One gateway connection.
struct GatewayConnRecord {
  std::size_t id = 0;
  bool resume_listener = false;  // accepted on the resume_gateway_url port
  std::string target;            // "/?v=10&encoding=json"
  bool identified = false;
  bool resumed = false;
  bool open = true;
  std::optional<std::uint16_t> close_code;  // as sent by whichever side closed first
  bool closed_by_client = false;
};

// An interaction the fake dispatched, and what the bot did with it.
struct InteractionRecord {
  std::string id;
  std::string token;
  int type = 2;
  std::vector<std::string> callbacks;  // bodies of the accepted and refused initial responses
  std::vector<int> callback_status;
  int acked_type = 0;                    // 0 = not yet acknowledged
  std::string original;                  // the original message body (last PATCH wins)
  std::vector<FakeFile> original_files;  // files of the original message (initial or PATCH)
  std::vector<std::string> followups;
  std::vector<std::vector<FakeFile>> followup_files;  // one entry per follow-up
  bool ephemeral = false;
};

// A message the bot created, in a channel or a DM.
struct MessageRecord {
  std::string id;
  std::string channel_id;
  std::string body;  // the JSON body as sent
  std::vector<std::string> files;
  std::vector<FakeFile> uploads;
};

// What to script for a matching request: a 429 (retry_after seconds), per route or global.
struct Scripted429 {
  std::string method;       // "POST"
  std::string path_prefix;  // "/channels/"
  double retry_after_s = 0.5;
  bool global = false;
  int count = 1;  // how many requests get it
};

// Options of an injected slash command.
struct SlashSpec {
  std::string command;                                       // "price"
  std::vector<std::string> subcommands;                      // {"add"}
  std::vector<std::pair<std::string, std::string>> options;  // name -> value (strings)
  std::string user_id = "1000000000000000007";
  std::string username = "alice";
  std::vector<std::string> role_ids;
  std::string channel_id = "1100000000000000010";
  bool dm = false;
  int type = 2;         // 2 command, 4 autocomplete
  std::string focused;  // autocomplete: the option being typed
  std::string permissions = "2147483647";
};

// Identifies one dispatched interaction.
struct InteractionHandle {
  std::string id;
  std::string token;
};

// The fake server. Starts on construction (own I/O thread), stops on destruction.
class FakeDiscord {
 public:
  explicit FakeDiscord(FakeDiscordConfig config = {});
  ~FakeDiscord();
  FakeDiscord(const FakeDiscord&) = delete;
  FakeDiscord& operator=(const FakeDiscord&) = delete;

  std::uint16_t port() const;
  std::uint16_t resume_port() const;
  std::string api_base() const;     // "http://127.0.0.1:P/api/v10" (TLS: "https://localhost:P/…")
  std::string gateway_url() const;  // "ws://127.0.0.1:P" (TLS: "wss://localhost:P")
  const FakeDiscordConfig& config() const;

  // Gateway injection. Every dispatch gets the session's next sequence number.
  std::string inject_message(const std::string& channel_id, const std::string& author_id,
                             const std::string& content, bool author_is_bot = false);
  InteractionHandle inject_interaction(const SlashSpec& spec);
  InteractionHandle inject_button(const std::string& message_id, const std::string& custom_id,
                                  const std::string& user_id,
                                  const std::string& channel_id = "1100000000000000010");
  void dispatch_raw(const std::string& event, const std::string& d_json);
  // Sends `text` as it is on the current connection (malformed frames, unknown ops).
  void send_raw_frame(const std::string& text);

  // Faults.
  void withhold_heartbeat_acks(bool on);
  void request_heartbeat();
  void send_reconnect();
  void invalidate_session(bool resumable);
  void close_connection(std::uint16_t code, const std::string& reason = {});
  void drop_connection();
  void pause_dispatch();
  void resume_dispatch();
  void expire_sessions();  // every detached session is forgotten (a resume gets op 9 false)
  void script_429(const Scripted429& script);
  void set_dms_closed(const std::string& user_id, bool closed);

  // Recording (copies).
  std::vector<RestCall> rest_calls() const;
  std::vector<GatewayFrameRecord> frames() const;
  std::vector<GatewayConnRecord> connections() const;
  std::vector<MessageRecord> messages() const;
  std::optional<InteractionRecord> interaction(const std::string& id) const;
  std::string registered_commands() const;  // the last bulk-overwrite body ("" if none)
  std::size_t identify_count() const;
  std::size_t resume_count() const;
  // Requests that arrived while a 429 they were subject to was still in force.
  std::size_t early_requests() const;
  std::size_t invalid_requests() const;  // 401, 403 and 429 responses
  std::size_t unimplemented_calls() const;
  std::vector<TlsHandshakeRecord> tls_handshakes() const;  // TLS fakes only

  // Waits until `pred` holds (re-checked after every recorded event) or `timeout` passes.
  bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const;

  // The control API over HTTP (/_fake/...), for the standalone server: handles `method` `path`
  // with JSON `body`, returning {status, JSON}.
  std::pair<int, std::string> control(const std::string& method, const std::string& path,
                                      const std::string& body);

  struct Impl;  // public only so the .cpp's connection types can name it

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace omega::chat::discord::fake
