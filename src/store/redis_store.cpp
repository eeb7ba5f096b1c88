#include "store/redis_store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/log.hpp"
#include "store/record_codec.hpp"
#include "store/record_fields.hpp"
#include "store/redis_connection.hpp"

namespace omega::store {
namespace {

using Kind = RedisClient::Kind;
using Fields = std::map<std::string, std::string, std::less<>>;

// Every script first checks the types of its keys, so a key of the wrong type fails the whole
// script before it writes anything (Redis does not roll back a script that fails midway).
constexpr std::string_view kCheckTypes = R"lua(
local function check(types)
  for i, t in ipairs(types) do
    local ty = redis.call('TYPE', KEYS[i]).ok
    if ty ~= 'none' and ty ~= t then
      return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. ty .. ', expected a ' .. t)
    end
  end
  return nil
end
)lua";

// KEYS: order hash, orders index, order seq, ledger stream.
// ARGV: client order id, stream maxlen, event payload, field/value pairs...
constexpr std::string_view kAppendOrder = R"lua(
local e = check({'hash', 'zset', 'string', 'stream'}) if e then return e end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'seq', seq, unpack(ARGV, 4))
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[2], '*', 'payload', ARGV[3])
return 1
)lua";

// KEYS: order hash, ledger stream. ARGV: status, venue order id, ts, maxlen, payload.
constexpr std::string_view kUpdateOrder = R"lua(
local e = check({'hash', 'stream'}) if e then return e end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'ts_updated', ARGV[3])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'venue_order_id', ARGV[2]) end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'payload', ARGV[5])
return 1
)lua";

// KEYS: fill hash, fills index, fill seq, position hash, positions set, ledger stream.
// ARGV: trade id, expected fill_count, new net quantity, ts, bot, symbol, maxlen, payload,
// field/value pairs... Returns 1 inserted, 0 duplicate, -1 position changed meanwhile (retry).
constexpr std::string_view kAppendFill = R"lua(
local e = check({'hash', 'zset', 'string', 'hash', 'set', 'stream'}) if e then return e end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local count = tonumber(redis.call('HGET', KEYS[4], 'fill_count') or '0')
if count ~= tonumber(ARGV[2]) then return -1 end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'seq', seq, unpack(ARGV, 9))
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('HSET', KEYS[4], 'bot_id', ARGV[5], 'symbol', ARGV[6], 'net_quantity', ARGV[3],
           'fill_count', count + 1, 'ts_updated', ARGV[4])
redis.call('SADD', KEYS[5], KEYS[4])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'payload', ARGV[8])
return 1
)lua";

// KEYS: values hash, versions hash. ARGV: field, expected version, value.
constexpr std::string_view kCompareAndSet = R"lua(
local e = check({'hash', 'hash'}) if e then return e end
local cur = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if cur ~= tonumber(ARGV[2]) then return {0, cur} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], cur + 1)
return {1, cur + 1}
)lua";

// KEYS: state hash, versions hash. ARGV: field, value, version. Writes only over a lower version.
constexpr std::string_view kRestoreState = R"lua(
local e = check({'hash', 'hash'}) if e then return e end
local cur = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if cur >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
)lua";

// KEYS: candle zset. ARGV: score, member pairs. Replaces a bar with the same open time.
constexpr std::string_view kAppendCandles = R"lua(
local e = check({'zset'}) if e then return e end
for i = 1, #ARGV, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[i], ARGV[i])
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
)lua";

// KEYS: metric zset. ARGV: score, ts_ns, member. Replaces a point with the same ts_ns.
constexpr std::string_view kRecordMetric = R"lua(
local e = check({'zset'}) if e then return e end
local prefix = ARGV[2] .. '|'
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
  if string.sub(m, 1, #prefix) == prefix then redis.call('ZREM', KEYS[1], m) end
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
return 1
)lua";

// One Lua script: its body and the SHA1 SCRIPT LOAD returned for it (sent with EVALSHA).
struct Script {
  std::string body;
  std::string sha;
};

Script script(std::string_view body) {
  Script s{std::string(kCheckTypes), {}};
  s.body += body;
  return s;
}

// Turns an error reply into an Error; WRONGTYPE becomes kValidation naming the key.
Status reply_ok(const RedisReply& r, std::string_view what) {
  if (!r.is_error()) return ok_status();
  if (r.str.find("WRONGTYPE") != std::string::npos) {
    return Error(ErrorCode::kValidation,
                 fmt::format("redis {}: a key of the wrong type: {}; nothing was changed "
                             "(run `omega store check`)",
                             what, r.str));
  }
  return Error(ErrorCode::kIo, fmt::format("redis {}: {}", what, r.str));
}

Fields to_fields(const RedisReply& r) {
  Fields out;
  for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
    out[r.elements[i].str] = r.elements[i + 1].str;
  }
  return out;
}

Result<std::string_view> field(const Fields& f, std::string_view name, std::string_view key) {
  auto it = f.find(name);
  if (it == f.end()) {
    return Error(
        ErrorCode::kValidation,
        fmt::format("redis key {}: missing field '{}' (torn or foreign record)", key, name));
  }
  return std::string_view(it->second);
}

// Reads a record's fields from a hash, naming the key when one is missing.
FieldReader hash_reader(const Fields& f, std::string_view key) {
  return [&f, key](std::string_view name, FieldKind) -> Result<std::string> {
    OMEGA_ASSIGN_OR_RETURN(std::string_view v, field(f, name, key));
    return std::string(v);
  };
}

// Appends field/value pairs for HSET (an absent optional field is stored as "").
void append_fields(std::vector<std::string>& args, std::vector<NamedField> fields) {
  for (NamedField& f : fields) {
    args.emplace_back(f.name);
    args.push_back(std::move(f.value));
  }
}

std::int64_t score_ms(Timestamp ts) {
  return ts.ms();
}

std::string encode_candle(const Candle& c) {
  return fmt::format("{}|{}|{}|{}|{}|{}", c.open_time.ns(), encode_decimal(c.open),
                     encode_decimal(c.high), encode_decimal(c.low), encode_decimal(c.close),
                     encode_decimal(c.volume));
}

Result<Candle> decode_candle(std::string_view member) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto bar = member.find('|', start);
    parts.push_back(member.substr(start, bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (parts.size() != 6) {
    return Error(ErrorCode::kValidation, fmt::format("not a candle: '{}'", member));
  }
  Candle c;
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ns, decode_int(parts[0], "open_time"));
  c.open_time = Timestamp(ns);
  OMEGA_ASSIGN_OR_RETURN(c.open, decode_decimal<PriceTag>(parts[1], "open"));
  OMEGA_ASSIGN_OR_RETURN(c.high, decode_decimal<PriceTag>(parts[2], "high"));
  OMEGA_ASSIGN_OR_RETURN(c.low, decode_decimal<PriceTag>(parts[3], "low"));
  OMEGA_ASSIGN_OR_RETURN(c.close, decode_decimal<PriceTag>(parts[4], "close"));
  OMEGA_ASSIGN_OR_RETURN(c.volume, decode_decimal<QuantityTag>(parts[5], "volume"));
  return c;
}

// Returns the entries of an XRANGE-shaped reply: [[id, [field, value, ...]], ...].
std::vector<std::pair<std::string, Fields>> stream_entries(const RedisReply& r) {
  std::vector<std::pair<std::string, Fields>> out;
  for (const RedisReply& e : r.elements) {
    if (e.type != RedisReply::Type::kArray || e.elements.size() != 2) continue;  // deleted entry
    out.emplace_back(e.elements[0].str, to_fields(e.elements[1]));
  }
  return out;
}

std::vector<StreamEntry> to_stream_entries(const RedisReply& r) {
  std::vector<StreamEntry> out;
  for (auto& [id, fields] : stream_entries(r)) {
    auto it = fields.find("payload");
    out.push_back(StreamEntry{id, it == fields.end() ? std::string() : it->second});
  }
  return out;
}

// A SUBSCRIBE on a connection of its own, read by its own thread; reconnects with backoff.
class RedisSubscription final : public Subscription {
 public:
  RedisSubscription(RedisOptions options, std::string channel, std::string prefix,
                    Notifier::Handler handler, std::unique_ptr<RedisConnection> conn)
      : options_(std::move(options)),
        channel_(std::move(channel)),
        prefix_(std::move(prefix)),
        handler_(std::move(handler)),
        conn_(std::move(conn)) {
    thread_ = std::thread([this] { run(); });
  }
  ~RedisSubscription() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
      if (conn_) conn_->shutdown();
    }
    wake_.notify_all();
    thread_.join();
  }

  // SUBSCRIBEs on `conn` and waits for the confirmation.
  static Status subscribe_on(RedisConnection& conn, const std::string& channel) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r, conn.command({"SUBSCRIBE", channel}));
    OMEGA_TRY(reply_ok(r, "SUBSCRIBE"));
    return ok_status();
  }

 private:
  void run() {
    std::chrono::milliseconds backoff = options_.backoff_initial;
    while (true) {
      RedisConnection* conn = nullptr;
      {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        conn = conn_.get();
      }
      if (conn != nullptr) {
        auto reply = conn->read_reply();
        if (reply.ok()) {
          const RedisReply& r = *reply;
          if (r.elements.size() == 3 && r.elements[0].str == "message") {
            handler_(std::string_view(r.elements[1].str).substr(prefix_.size()), r.elements[2].str);
          }
          continue;
        }
        std::lock_guard lock(mutex_);
        conn_.reset();
        if (stop_) return;
        log_warn("redis {}:{} subscription to {} lost; reconnecting", options_.host, options_.port,
                 channel_);
      }
      auto opened = RedisConnection::open(options_, false);
      if (opened.ok() && subscribe_on(**opened, channel_).ok()) {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        conn_ = std::move(opened).value();
        backoff = options_.backoff_initial;
        continue;
      }
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, backoff, [&] { return stop_; });
      backoff = std::min(backoff * 2, options_.backoff_max);
    }
  }

  RedisOptions options_;
  std::string channel_;
  std::string prefix_;
  Notifier::Handler handler_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::unique_ptr<RedisConnection> conn_;
  std::thread thread_;
};

}  // namespace

struct RedisStore::Impl {
  std::unique_ptr<RedisClient> client;
  RedisOptions options;
  std::string prefix;  // "omega:" or a test prefix under it
  Script append_order_script = script(kAppendOrder);
  Script update_order_script = script(kUpdateOrder);
  Script append_fill_script = script(kAppendFill);
  Script cas_script = script(kCompareAndSet);
  Script candles_script = script(kAppendCandles);
  Script metric_script = script(kRecordMetric);
  Script restore_state_script = script(kRestoreState);

  // Loads every script once (SCRIPT LOAD); calls then send only its SHA1 (EVALSHA). The client
  // reloads them on reconnect and falls back to EVAL on NOSCRIPT.
  Status load_scripts() {
    Script* all[] = {&append_order_script, &update_order_script, &append_fill_script,  &cas_script,
                     &candles_script,      &metric_script,       &restore_state_script};
    std::vector<std::string> bodies;
    for (const Script* s : all) bodies.push_back(s->body);
    OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> shas, client->load_scripts(bodies));
    for (std::size_t i = 0; i < shas.size(); ++i) all[i]->sha = std::move(shas[i]);
    return ok_status();
  }

  std::string key(std::string_view a) const { return prefix + std::string(a); }
  std::string key(std::string_view a, std::string_view b) const {
    return fmt::format("{}{}{}", prefix, a, b);
  }
  std::string maxlen() const { return std::to_string(options.stream_max_len); }

  // Returns the keys under `prefix + head`, without the prefix.
  Result<std::vector<std::string>> scan(std::string_view head) {
    std::vector<std::string> out;
    std::string cursor = "0";
    do {
      OMEGA_ASSIGN_OR_RETURN(
          RedisReply r,
          run({"SCAN", cursor, "MATCH", key(head, "*"), "COUNT", "1000"}, Kind::kRead, "scan"));
      if (r.elements.size() != 2) return Error(ErrorCode::kIo, "redis SCAN: unexpected reply");
      cursor = r.elements[0].str;
      for (const RedisReply& k : r.elements[1].elements) out.push_back(k.str.substr(prefix.size()));
    } while (cursor != "0");
    return out;
  }

  Result<RedisReply> run(RedisCommand c, Kind kind, std::string_view what) {
    auto r = client->command(std::move(c), kind);
    if (!r.ok()) return std::move(r).error().with_context(std::string(what));
    OMEGA_TRY(reply_ok(*r, what));
    return r;
  }

  Result<std::vector<RedisReply>> run_all(std::vector<RedisCommand> cs, Kind kind,
                                          std::string_view what) {
    auto r = client->execute(std::move(cs), kind);
    if (!r.ok()) return std::move(r).error().with_context(std::string(what));
    for (const RedisReply& one : *r) OMEGA_TRY(reply_ok(one, what));
    return r;
  }

  RedisCommand eval(const Script& script, std::vector<std::string> keys,
                    std::vector<std::string> args) const {
    RedisCommand c{"EVALSHA", script.sha, std::to_string(keys.size())};
    c.reserve(3 + keys.size() + args.size());
    for (auto& k : keys) c.push_back(std::move(k));
    for (auto& a : args) c.push_back(std::move(a));
    return c;
  }

  RedisCommand append_order_command(const OrderRecord& o) const {
    std::vector<std::string> args = {o.client_order_id.value(), maxlen(),
                                     order_event_payload(o.client_order_id.value(), o.status)};
    append_fields(args, order_fields(o));
    return eval(append_order_script,
                {key("order:", o.client_order_id.value()), key("ledger:orders"),
                 key("ledger:order_seq"), key("stream:ledger")},
                std::move(args));
  }

  Result<OrderRecord> decode_order(const Fields& f, std::string_view k) const {
    return order_from_fields(hash_reader(f, k));
  }

  Result<FillRecord> decode_fill(const Fields& f, std::string_view k) const {
    return fill_from_fields(hash_reader(f, k));
  }

  Result<PositionSnapshot> decode_position(const Fields& f, std::string_view k) const {
    PositionSnapshot p;
    OMEGA_ASSIGN_OR_RETURN(std::string_view bot, field(f, "bot_id", k));
    OMEGA_ASSIGN_OR_RETURN(std::string_view sym, field(f, "symbol", k));
    OMEGA_ASSIGN_OR_RETURN(std::string_view qty, field(f, "net_quantity", k));
    OMEGA_ASSIGN_OR_RETURN(std::string_view count, field(f, "fill_count", k));
    OMEGA_ASSIGN_OR_RETURN(std::string_view ts, field(f, "ts_updated", k));
    p.bot_id = BotId(std::string(bot));
    OMEGA_ASSIGN_OR_RETURN(p.symbol, Symbol::parse(sym));
    OMEGA_ASSIGN_OR_RETURN(p.net_quantity, decode_decimal<QuantityTag>(qty, "net_quantity"));
    OMEGA_ASSIGN_OR_RETURN(p.fill_count, decode_int(count, "fill_count"));
    OMEGA_ASSIGN_OR_RETURN(std::int64_t t, decode_int(ts, "ts_updated"));
    p.ts_updated = Timestamp(t);
    return p;
  }

  // Reads hashes named by an index zset, in index order, in pipelines of 512.
  // `skip` leaves out the first entries of the index.
  Result<std::vector<std::pair<std::string, Fields>>> read_indexed(std::string_view index,
                                                                   std::string_view item_prefix,
                                                                   std::size_t skip = 0) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply ids, run({"ZRANGE", key(index), std::to_string(skip), "-1"},
                                               Kind::kRead, index));
    std::vector<std::pair<std::string, Fields>> out;
    for (std::size_t i = 0; i < ids.elements.size(); i += 512) {
      std::vector<RedisCommand> cs;
      for (std::size_t j = i; j < std::min(ids.elements.size(), i + 512); ++j) {
        cs.push_back({"HGETALL", key(item_prefix, ids.elements[j].str)});
      }
      OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs, run_all(cs, Kind::kRead, item_prefix));
      for (std::size_t j = 0; j < rs.size(); ++j) {
        out.emplace_back(cs[j][1], to_fields(rs[j]));
      }
    }
    return out;
  }
};

RedisStore::RedisStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedisStore::~RedisStore() = default;

Result<std::unique_ptr<RedisStore>> RedisStore::open(const RedisOptions& options) {
  if (!options.key_prefix.starts_with("omega:")) {
    return Error(ErrorCode::kInvalidArgument, "redis key prefix must start with omega:");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->prefix = options.key_prefix;
  OMEGA_ASSIGN_OR_RETURN(impl->client, RedisClient::connect(options));
  OMEGA_TRY(impl->load_scripts());
  std::unique_ptr<RedisStore> store(new RedisStore(std::move(impl)));
  OMEGA_ASSIGN_OR_RETURN(int version, store->schema_version());
  if (version > kRedisSchemaVersion) {
    return Error(ErrorCode::kValidation,
                 fmt::format("redis key schema version {} under {} is newer than this build ({})",
                             version, options.key_prefix, kRedisSchemaVersion));
  }
  return store;
}

Status RedisStore::wait_connected(std::chrono::milliseconds timeout) {
  return impl_->client->wait_connected(timeout);
}

const std::string& RedisStore::prefix() const {
  return impl_->prefix;
}

Status RedisStore::flush(std::chrono::milliseconds timeout) {
  return impl_->client->flush(timeout);
}

Status RedisStore::migrate() {
  // Version 1 is the first schema: nothing to transform, only the marker to set.
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"SET", impl_->key("schema"),
                                                   std::to_string(kRedisSchemaVersion), "NX"},
                                                  Kind::kWrite, "migrate"));
  (void)r;
  return ok_status();
}

Result<int> RedisStore::schema_version() {
  OMEGA_ASSIGN_OR_RETURN(RedisReply r,
                         impl_->run({"GET", impl_->key("schema")}, Kind::kRead, "schema"));
  if (r.is_nil()) return 0;
  OMEGA_ASSIGN_OR_RETURN(std::int64_t v, decode_int(r.str, impl_->key("schema")));
  return static_cast<int>(v);
}

namespace {
// The Redis type each key family must have; the first matching rule wins.
struct KeyRule {
  std::string_view suffix;
  bool exact;
  std::string_view type;
};
constexpr KeyRule kKeyRules[] = {
    {"schema", true, "string"},
    {"ledger:order_seq", true, "string"},
    {"ledger:fill_seq", true, "string"},
    {"ledger:orders", true, "zset"},
    {"ledger:fills", true, "zset"},
    {"positions", true, "set"},
    {"audit", true, "stream"},
    {"order:", false, "hash"},
    {"fill:", false, "hash"},
    {"position:", false, "hash"},
    {"candles:", false, "zset"},
    {"metrics:", false, "zset"},
    {"botstate:", false, "hash"},
    {"settings:", false, "hash"},
    {"stream:", false, "stream"},
};
}  // namespace

Status RedisStore::check() {
  std::string cursor = "0";
  std::vector<std::string> problems;
  do {
    OMEGA_ASSIGN_OR_RETURN(
        RedisReply r, impl_->run({"SCAN", cursor, "MATCH", impl_->prefix + "*", "COUNT", "1000"},
                                 Kind::kRead, "check"));
    if (r.elements.size() != 2) return Error(ErrorCode::kIo, "redis SCAN: unexpected reply");
    cursor = r.elements[0].str;
    std::vector<RedisCommand> types;
    for (const RedisReply& k : r.elements[1].elements) types.push_back({"TYPE", k.str});
    if (types.empty()) continue;
    OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> ts, impl_->run_all(types, Kind::kRead, "check"));
    for (std::size_t i = 0; i < ts.size(); ++i) {
      std::string_view k = std::string_view(types[i][1]).substr(impl_->prefix.size());
      for (const KeyRule& rule : kKeyRules) {
        if (rule.exact ? k == rule.suffix : k.starts_with(rule.suffix)) {
          if (ts[i].str != rule.type) {
            problems.push_back(
                fmt::format("{} is a {}, expected a {}", types[i][1], ts[i].str, rule.type));
          }
          break;
        }
      }
    }
  } while (cursor != "0");
  OMEGA_ASSIGN_OR_RETURN(int version, schema_version());
  if (version != kRedisSchemaVersion) {
    problems.push_back(fmt::format("schema version {}, expected {} (run `omega store migrate`)",
                                   version, kRedisSchemaVersion));
  }
  if (problems.empty()) return ok_status();
  std::string all;
  for (const auto& s : problems) all += (all.empty() ? "" : "; ") + s;
  return Error(ErrorCode::kValidation, fmt::format("redis store under {}: {}", impl_->prefix, all));
}

StoreHealth RedisStore::health() const {
  return impl_->client->health();
}

// ---- candles ----------------------------------------------------------------------------------

Status RedisStore::append_candles(const Symbol& symbol, Timeframe tf,
                                  std::span<const Candle> candles) {
  std::vector<std::string> args;
  args.reserve(candles.size() * 2);
  for (const Candle& c : candles) {
    args.push_back(std::to_string(score_ms(c.open_time)));
    args.push_back(encode_candle(c));
  }
  const std::string k = impl_->key("candles:", symbol.to_string() + ":" + tf.to_string());
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run(impl_->eval(impl_->candles_script, {k}, args),
                                                  Kind::kWrite, "append_candles"));
  (void)r;
  return ok_status();
}

Result<std::vector<Candle>> RedisStore::candles(const Symbol& symbol, Timeframe tf, Timestamp from,
                                                Timestamp to) {
  const std::string k = impl_->key("candles:", symbol.to_string() + ":" + tf.to_string());
  // Scores are milliseconds; the exact [from, to) filter on nanoseconds is applied below.
  const std::int64_t hi = Timestamp::floor_div(to.ns() + kNanosPerMilli - 1, kNanosPerMilli);
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run({"ZRANGEBYSCORE", k, std::to_string(from.ms()), std::to_string(hi)},
                               Kind::kRead, "candles"));
  std::vector<Candle> out;
  out.reserve(r.elements.size());
  for (const RedisReply& m : r.elements) {
    OMEGA_ASSIGN_OR_RETURN(Candle c, decode_candle(m.str));
    if (c.open_time >= from && c.open_time < to) out.push_back(c);
  }
  return out;
}

Result<std::optional<Candle>> RedisStore::latest_candle(const Symbol& symbol, Timeframe tf) {
  const std::string k = impl_->key("candles:", symbol.to_string() + ":" + tf.to_string());
  OMEGA_ASSIGN_OR_RETURN(RedisReply r,
                         impl_->run({"ZRANGE", k, "-1", "-1"}, Kind::kRead, "latest_candle"));
  if (r.elements.empty()) return std::optional<Candle>();
  OMEGA_ASSIGN_OR_RETURN(Candle c, decode_candle(r.elements[0].str));
  return std::optional<Candle>(c);
}

// ---- ledger -----------------------------------------------------------------------------------

Result<AppendOutcome> RedisStore::append_order(const OrderRecord& order) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run(impl_->append_order_command(order), Kind::kWrite, "append_order"));
  return r.integer == 1 ? AppendOutcome::kInserted : AppendOutcome::kDuplicate;
}

Result<std::vector<AppendOutcome>> RedisStore::append_orders(std::span<const OrderRecord> orders) {
  std::vector<RedisCommand> cs;
  cs.reserve(orders.size());
  for (const OrderRecord& o : orders) cs.push_back(impl_->append_order_command(o));
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs,
                         impl_->run_all(std::move(cs), Kind::kWrite, "append_orders"));
  std::vector<AppendOutcome> out;
  out.reserve(rs.size());
  for (const RedisReply& r : rs) {
    out.push_back(r.integer == 1 ? AppendOutcome::kInserted : AppendOutcome::kDuplicate);
  }
  return out;
}

Status RedisStore::update_order(const ClientOrderId& id, OrderStatus status,
                                const VenueOrderId& venue_order_id, Timestamp ts) {
  const std::string payload = order_event_payload(id.value(), status);
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r,
      impl_->run(impl_->eval(impl_->update_order_script,
                             {impl_->key("order:", id.value()), impl_->key("stream:ledger")},
                             {std::string(to_string(status)), venue_order_id.value(),
                              std::to_string(ts.ns()), impl_->maxlen(), payload}),
                 Kind::kWrite, "update_order"));
  if (r.integer == 0) {
    return Error(ErrorCode::kNotFound, fmt::format("no order '{}' in the ledger", id.value()));
  }
  return ok_status();
}

Result<AppendOutcome> RedisStore::append_fill(const FillRecord& rec) {
  const Fill& f = rec.fill;
  const std::string pos_key =
      impl_->key("position:", rec.bot_id.value() + ":" + rec.symbol.to_string());
  OMEGA_ASSIGN_OR_RETURN(Quantity delta, f.quantity.mul(sign(f.side)));
  // Optimistic: compute the new position exactly here, let the script apply it only if the
  // position did not change meanwhile (fill_count is its version), and retry otherwise.
  for (int attempt = 0; attempt < 16; ++attempt) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply cur,
                           impl_->run({"HGETALL", pos_key}, Kind::kRead, "append_fill"));
    Fields fields = to_fields(cur);
    Quantity net = Quantity::zero(0);
    std::int64_t count = 0;
    if (!fields.empty()) {
      OMEGA_ASSIGN_OR_RETURN(PositionSnapshot p, impl_->decode_position(fields, pos_key));
      net = p.net_quantity;
      count = p.fill_count;
    }
    OMEGA_ASSIGN_OR_RETURN(Quantity next, net.add(delta));
    std::vector<std::string> args = {
        f.trade_id.value(),   std::to_string(count),
        encode_decimal(next), std::to_string(f.ts_event.ns()),
        rec.bot_id.value(),   rec.symbol.to_string(),
        impl_->maxlen(),      fill_event_payload(f.trade_id.value(), f.client_order_id.value())};
    append_fields(args, fill_fields(rec));
    OMEGA_ASSIGN_OR_RETURN(
        RedisReply r,
        impl_->run(impl_->eval(impl_->append_fill_script,
                               {impl_->key("fill:", f.trade_id.value()), impl_->key("ledger:fills"),
                                impl_->key("ledger:fill_seq"), pos_key, impl_->key("positions"),
                                impl_->key("stream:ledger")},
                               std::move(args)),
                   Kind::kWrite, "append_fill"));
    if (r.integer == 1) return AppendOutcome::kInserted;
    if (r.integer == 0) return AppendOutcome::kDuplicate;
  }
  return Error(ErrorCode::kState, fmt::format("fill {}: position {} kept changing; gave up",
                                              f.trade_id.value(), pos_key));
}

Result<std::optional<OrderRecord>> RedisStore::order(const ClientOrderId& id) {
  const std::string k = impl_->key("order:", id.value());
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"HGETALL", k}, Kind::kRead, "order"));
  Fields f = to_fields(r);
  if (f.empty()) return std::optional<OrderRecord>();
  OMEGA_ASSIGN_OR_RETURN(OrderRecord o, impl_->decode_order(f, k));
  return std::optional<OrderRecord>(std::move(o));
}

Result<std::vector<OrderRecord>> RedisStore::orders() {
  OMEGA_ASSIGN_OR_RETURN(auto rows, impl_->read_indexed("ledger:orders", "order:"));
  std::vector<OrderRecord> out;
  out.reserve(rows.size());
  for (auto& [k, f] : rows) {
    OMEGA_ASSIGN_OR_RETURN(OrderRecord o, impl_->decode_order(f, k));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<FillRecord>> RedisStore::fills() {
  return fills_since(0);
}

Result<std::string> RedisStore::ledger_version() {
  // Every ledger script XADDs to the stream "ledger"; its last generated id survives trims.
  auto got = impl_->client->command({"XINFO", "STREAM", impl_->key("stream:ledger")}, Kind::kRead);
  if (!got.ok()) return std::move(got).error().with_context("ledger_version");
  const RedisReply& r = *got;
  if (r.is_error()) {
    if (r.str.find("no such key") != std::string::npos) return std::string();
    return Error(ErrorCode::kIo, "ledger_version: " + r.str);
  }
  for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
    if (r.elements[i].str == "last-generated-id") return r.elements[i + 1].str;
  }
  return Error(ErrorCode::kIo, "ledger_version: XINFO STREAM has no last-generated-id");
}

Result<std::vector<FillRecord>> RedisStore::fills_since(std::size_t skip) {
  OMEGA_ASSIGN_OR_RETURN(auto rows, impl_->read_indexed("ledger:fills", "fill:", skip));
  std::vector<FillRecord> out;
  out.reserve(rows.size());
  for (auto& [k, f] : rows) {
    OMEGA_ASSIGN_OR_RETURN(FillRecord r, impl_->decode_fill(f, k));
    out.push_back(std::move(r));
  }
  return out;
}

Result<PositionSnapshot> RedisStore::position(const BotId& bot, const Symbol& symbol) {
  const std::string k = impl_->key("position:", bot.value() + ":" + symbol.to_string());
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"HGETALL", k}, Kind::kRead, "position"));
  Fields f = to_fields(r);
  if (f.empty()) return PositionSnapshot{bot, symbol, Quantity::zero(0), 0, Timestamp()};
  return impl_->decode_position(f, k);
}

Result<std::vector<PositionSnapshot>> RedisStore::positions() {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply keys, impl_->run({"SMEMBERS", impl_->key("positions")}, Kind::kRead, "positions"));
  std::vector<RedisCommand> cs;
  for (const RedisReply& k : keys.elements) cs.push_back({"HGETALL", k.str});
  std::vector<PositionSnapshot> out;
  if (cs.empty()) return out;
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs, impl_->run_all(cs, Kind::kRead, "positions"));
  for (std::size_t i = 0; i < rs.size(); ++i) {
    OMEGA_ASSIGN_OR_RETURN(PositionSnapshot p, impl_->decode_position(to_fields(rs[i]), cs[i][1]));
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const PositionSnapshot& a, const PositionSnapshot& b) {
    return std::pair(a.bot_id.value(), a.symbol.to_string()) <
           std::pair(b.bot_id.value(), b.symbol.to_string());
  });
  return out;
}

// ---- signals, state, metrics, settings, audit --------------------------------------------------

Status RedisStore::append_signal(const SignalRecord& s) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r,
      impl_->run({"XADD", impl_->key("stream:signals"), "MAXLEN", "~", impl_->maxlen(), "*",
                  "payload", s.payload, "bot_id", s.bot_id.value(), "symbol", s.symbol.to_string(),
                  "kind", s.kind, "ts", std::to_string(s.ts.ns())},
                 Kind::kWrite, "append_signal"));
  (void)r;
  return ok_status();
}

Result<std::vector<SignalRecord>> RedisStore::recent_signals(std::size_t limit) {
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"XREVRANGE", impl_->key("stream:signals"), "+",
                                                   "-", "COUNT", std::to_string(limit)},
                                                  Kind::kRead, "recent_signals"));
  std::vector<SignalRecord> out;
  for (auto& [id, f] : stream_entries(r)) {
    if (f.find("kind") == f.end()) continue;  // a plain event on the same stream
    SignalRecord s;
    OMEGA_ASSIGN_OR_RETURN(std::string_view bot, field(f, "bot_id", id));
    OMEGA_ASSIGN_OR_RETURN(std::string_view sym, field(f, "symbol", id));
    OMEGA_ASSIGN_OR_RETURN(std::string_view ts, field(f, "ts", id));
    s.bot_id = BotId(std::string(bot));
    OMEGA_ASSIGN_OR_RETURN(s.symbol, Symbol::parse(sym));
    s.kind = f["kind"];
    s.payload = f["payload"];
    OMEGA_ASSIGN_OR_RETURN(std::int64_t t, decode_int(ts, "ts"));
    s.ts = Timestamp(t);
    out.push_back(std::move(s));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::optional<VersionedValue>> RedisStore::get_state(const BotId& bot,
                                                            std::string_view key) {
  // MULTI/EXEC so the value and its version are read at one instant.
  OMEGA_ASSIGN_OR_RETURN(
      std::vector<RedisReply> rs,
      impl_->run_all(
          {{"MULTI"},
           {"HGET", impl_->key("botstate:", bot.value()), std::string(key)},
           {"HGET", impl_->key("botstate:", bot.value() + ":versions"), std::string(key)},
           {"EXEC"}},
          Kind::kRead, "get_state"));
  const RedisReply& exec = rs.back();
  if (exec.elements.size() != 2) return Error(ErrorCode::kIo, "redis get_state: EXEC failed");
  OMEGA_TRY(reply_ok(exec.elements[0], "get_state"));
  OMEGA_TRY(reply_ok(exec.elements[1], "get_state"));
  if (exec.elements[0].is_nil()) return std::optional<VersionedValue>();
  OMEGA_ASSIGN_OR_RETURN(std::int64_t v, decode_int(exec.elements[1].str, "version"));
  return std::optional<VersionedValue>(VersionedValue{exec.elements[0].str, v});
}

Result<std::int64_t> RedisStore::compare_and_set_state(const BotId& bot, std::string_view key,
                                                       std::int64_t expected_version,
                                                       std::string_view value) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run(impl_->eval(impl_->cas_script,
                                           {impl_->key("botstate:", bot.value()),
                                            impl_->key("botstate:", bot.value() + ":versions")},
                                           {std::string(key), std::to_string(expected_version),
                                            std::string(value)}),
                               Kind::kWrite, "compare_and_set_state"));
  if (r.elements.size() != 2) return Error(ErrorCode::kIo, "redis CAS: unexpected reply");
  if (r.elements[0].integer != 1) {
    return Error(ErrorCode::kState,
                 fmt::format("state {}/{}: version is {}, expected {}", bot.value(), key,
                             r.elements[1].integer, expected_version));
  }
  return r.elements[1].integer;
}

Status RedisStore::record_metric(std::string_view name, MetricPoint point) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r,
      impl_->run(impl_->eval(impl_->metric_script, {impl_->key("metrics:", name)},
                             {std::to_string(point.ts.ms()), std::to_string(point.ts.ns()),
                              fmt::format("{}|{}", point.ts.ns(), point.value)}),
                 Kind::kWrite, "record_metric"));
  (void)r;
  return ok_status();
}

Result<std::vector<MetricPoint>> RedisStore::metric_range(std::string_view name, Timestamp from,
                                                          Timestamp to) {
  const std::int64_t hi = Timestamp::floor_div(to.ns() + kNanosPerMilli - 1, kNanosPerMilli);
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"ZRANGEBYSCORE", impl_->key("metrics:", name),
                                                   std::to_string(from.ms()), std::to_string(hi)},
                                                  Kind::kRead, "metric_range"));
  std::vector<MetricPoint> out;
  for (const RedisReply& m : r.elements) {
    const auto bar = m.str.find('|');
    if (bar == std::string::npos) {
      return Error(ErrorCode::kValidation, fmt::format("not a metric point: '{}'", m.str));
    }
    OMEGA_ASSIGN_OR_RETURN(std::int64_t ns,
                           decode_int(std::string_view(m.str).substr(0, bar), "ts"));
    char* end = nullptr;
    const double v = std::strtod(m.str.c_str() + bar + 1, &end);
    if (end != m.str.c_str() + m.str.size()) {
      return Error(ErrorCode::kValidation, fmt::format("not a metric point: '{}'", m.str));
    }
    if (ns >= from.ns() && ns < to.ns()) out.push_back(MetricPoint{Timestamp(ns), v});
  }
  std::sort(out.begin(), out.end(),
            [](const MetricPoint& a, const MetricPoint& b) { return a.ts < b.ts; });
  return out;
}

Status RedisStore::put_setting(const UserId& user, std::string_view key, std::string_view value) {
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"HSET", impl_->key("settings:", user.value()),
                                                   std::string(key), std::string(value)},
                                                  Kind::kWrite, "put_setting"));
  (void)r;
  return ok_status();
}

Result<std::optional<std::string>> RedisStore::get_setting(const UserId& user,
                                                           std::string_view key) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run({"HGET", impl_->key("settings:", user.value()), std::string(key)},
                               Kind::kRead, "get_setting"));
  if (r.is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(r.str);
}

Status RedisStore::append_audit(const AuditEntry& e) {
  // The audit log keeps far more than event streams: it is trimmed at 100x their length.
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run({"XADD", impl_->key("audit"), "MAXLEN", "~",
                                std::to_string(impl_->options.stream_max_len * 100), "*", "ts",
                                std::to_string(e.ts.ns()), "actor", e.actor, "action", e.action,
                                "target", e.target, "result", e.result},
                               Kind::kWrite, "append_audit"));
  (void)r;
  return ok_status();
}

Result<std::vector<AuditEntry>> RedisStore::recent_audit(std::size_t limit) {
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run({"XREVRANGE", impl_->key("audit"), "+", "-",
                                                   "COUNT", std::to_string(limit)},
                                                  Kind::kRead, "recent_audit"));
  std::vector<AuditEntry> out;
  for (auto& [id, f] : stream_entries(r)) {
    OMEGA_ASSIGN_OR_RETURN(std::string_view ts, field(f, "ts", id));
    OMEGA_ASSIGN_OR_RETURN(std::int64_t t, decode_int(ts, "ts"));
    out.push_back(AuditEntry{Timestamp(t), f["actor"], f["action"], f["target"], f["result"]});
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// ---- event streams ----------------------------------------------------------------------------

Result<std::string> RedisStore::append_event(std::string_view stream, std::string_view payload) {
  OMEGA_ASSIGN_OR_RETURN(RedisReply r,
                         impl_->run({"XADD", impl_->key("stream:", stream), "MAXLEN", "~",
                                     impl_->maxlen(), "*", "payload", std::string(payload)},
                                    Kind::kWrite, "append_event"));
  return r.str;
}

Status RedisStore::create_group(std::string_view stream, std::string_view group) {
  auto r = impl_->client->command(
      {"XGROUP", "CREATE", impl_->key("stream:", stream), std::string(group), "$", "MKSTREAM"},
      Kind::kWrite);
  if (!r.ok()) return std::move(r).error();
  if (r->is_error_code("BUSYGROUP")) return ok_status();  // exists: keep its position
  return reply_ok(*r, "create_group");
}

Status RedisStore::create_group_from_start(std::string_view stream, std::string_view group) {
  auto r = impl_->client->command(
      {"XGROUP", "CREATE", impl_->key("stream:", stream), std::string(group), "0", "MKSTREAM"},
      Kind::kWrite);
  if (!r.ok()) return std::move(r).error();
  if (r->is_error_code("BUSYGROUP")) return ok_status();  // exists: keep its position
  return reply_ok(*r, "create_group_from_start");
}

Result<std::vector<StreamEntry>> RedisStore::read_group(std::string_view stream,
                                                        std::string_view group,
                                                        std::string_view consumer,
                                                        std::size_t count) {
  // XREADGROUP moves the group's last-delivered id and adds the entries to the pending list,
  // so it is a write (Redis replicates and persists it).
  auto r = impl_->client->command(
      {"XREADGROUP", "GROUP", std::string(group), std::string(consumer), "COUNT",
       std::to_string(count), "STREAMS", impl_->key("stream:", stream), ">"},
      Kind::kWrite);
  if (!r.ok()) return std::move(r).error();
  if (r->is_error_code("NOGROUP")) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("stream {}: no consumer group '{}'", stream, group));
  }
  OMEGA_TRY(reply_ok(*r, "read_group"));
  if (r->is_nil() || r->elements.empty()) return std::vector<StreamEntry>();
  const RedisReply& per_stream = r->elements[0];
  if (per_stream.elements.size() != 2) return Error(ErrorCode::kIo, "XREADGROUP: unexpected reply");
  return to_stream_entries(per_stream.elements[1]);
}

Status RedisStore::ack(std::string_view stream, std::string_view group,
                       std::span<const std::string> ids) {
  if (ids.empty()) return ok_status();
  RedisCommand c{"XACK", impl_->key("stream:", stream), std::string(group)};
  for (const std::string& id : ids) c.push_back(id);
  OMEGA_ASSIGN_OR_RETURN(RedisReply r, impl_->run(std::move(c), Kind::kWrite, "ack"));
  (void)r;
  return ok_status();
}

Result<std::vector<StreamEntry>> RedisStore::claim_pending(std::string_view stream,
                                                           std::string_view group,
                                                           std::string_view consumer,
                                                           std::chrono::milliseconds min_idle,
                                                           std::size_t count) {
  auto r = impl_->client->command(
      {"XAUTOCLAIM", impl_->key("stream:", stream), std::string(group), std::string(consumer),
       std::to_string(min_idle.count()), "0-0", "COUNT", std::to_string(count)},
      Kind::kWrite);
  if (!r.ok()) return std::move(r).error();
  if (r->is_error_code("NOGROUP")) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("stream {}: no consumer group '{}'", stream, group));
  }
  OMEGA_TRY(reply_ok(*r, "claim_pending"));
  if (r->elements.size() < 2) return Error(ErrorCode::kIo, "XAUTOCLAIM: unexpected reply");
  return to_stream_entries(r->elements[1]);
}

Result<std::int64_t> RedisStore::publish(std::string_view channel, std::string_view message) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r, impl_->run({"PUBLISH", impl_->key("notify:", channel), std::string(message)},
                               Kind::kWrite, "publish"));
  return r.integer;
}

Result<std::unique_ptr<Subscription>> RedisStore::subscribe(std::string_view channel,
                                                            Handler handler) {
  const std::string full = impl_->key("notify:", channel);
  OMEGA_ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> conn,
                         RedisConnection::open(impl_->options, false));
  OMEGA_TRY(RedisSubscription::subscribe_on(*conn, full));
  return std::unique_ptr<Subscription>(std::make_unique<RedisSubscription>(
      impl_->options, full, impl_->key("notify:"), std::move(handler), std::move(conn)));
}

// ---- catalog (export and import) --------------------------------------------------------------

Result<std::vector<CandleSeries>> RedisStore::candle_series() {
  constexpr std::string_view kHead = "candles:";
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(kHead));
  std::vector<CandleSeries> out;
  for (const std::string& k : keys) {
    const std::string_view name = std::string_view(k).substr(kHead.size());
    const std::size_t colon = name.rfind(':');
    if (colon == std::string_view::npos) {
      return Error(ErrorCode::kParse, fmt::format("not a candle key: {}", k));
    }
    OMEGA_ASSIGN_OR_RETURN(Symbol symbol, Symbol::parse(name.substr(0, colon)));
    OMEGA_ASSIGN_OR_RETURN(Timeframe tf, Timeframe::parse(name.substr(colon + 1)));
    out.push_back(CandleSeries{symbol, tf});
  }
  return out;
}

Result<std::vector<std::string>> RedisStore::metric_names() {
  constexpr std::string_view kHead = "metrics:";
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(kHead));
  for (std::string& k : keys) k.erase(0, kHead.size());
  return keys;
}

Result<std::vector<BotStateEntry>> RedisStore::all_state() {
  constexpr std::string_view kHead = "botstate:";
  constexpr std::string_view kVersions = ":versions";
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(kHead));
  std::vector<BotStateEntry> out;
  for (const std::string& k : keys) {
    if (k.ends_with(kVersions)) continue;
    const BotId bot(k.substr(kHead.size()));
    // MULTI/EXEC so values and versions are read at one instant.
    OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs,
                           impl_->run_all({{"MULTI"},
                                           {"HGETALL", impl_->key(k)},
                                           {"HGETALL", impl_->key(k, kVersions)},
                                           {"EXEC"}},
                                          Kind::kRead, "all_state"));
    const RedisReply& exec = rs.back();
    if (exec.elements.size() != 2) return Error(ErrorCode::kIo, "redis all_state: EXEC failed");
    OMEGA_TRY(reply_ok(exec.elements[0], "all_state"));
    OMEGA_TRY(reply_ok(exec.elements[1], "all_state"));
    const auto& values = exec.elements[0].elements;
    const auto& vers = exec.elements[1].elements;
    for (std::size_t i = 0; i + 1 < values.size(); i += 2) {
      std::int64_t version = 0;
      for (std::size_t j = 0; j + 1 < vers.size(); j += 2) {
        if (vers[j].str == values[i].str) {
          OMEGA_ASSIGN_OR_RETURN(version, decode_int(vers[j + 1].str, "version"));
        }
      }
      out.push_back(BotStateEntry{bot, values[i].str, VersionedValue{values[i + 1].str, version}});
    }
  }
  return out;
}

Result<bool> RedisStore::restore_state(const BotStateEntry& e) {
  OMEGA_ASSIGN_OR_RETURN(
      RedisReply r,
      impl_->run(impl_->eval(impl_->restore_state_script,
                             {impl_->key("botstate:", e.bot_id.value()),
                              impl_->key("botstate:", e.bot_id.value() + ":versions")},
                             {e.key, e.value.value, std::to_string(e.value.version)}),
                 Kind::kWrite, "restore_state"));
  return r.integer == 1;
}

Result<std::vector<SettingEntry>> RedisStore::all_settings() {
  constexpr std::string_view kHead = "settings:";
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(kHead));
  std::vector<SettingEntry> out;
  for (const std::string& k : keys) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r,
                           impl_->run({"HGETALL", impl_->key(k)}, Kind::kRead, "all_settings"));
    const UserId user(k.substr(kHead.size()));
    for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
      out.push_back(SettingEntry{user, r.elements[i].str, r.elements[i + 1].str});
    }
  }
  return out;
}

// ---- retention --------------------------------------------------------------------------------

Result<std::int64_t> RedisStore::trim_series(Timestamp cutoff) {
  std::vector<RedisCommand> cs;
  for (std::string_view head : {"candles:", "metrics:"}) {
    OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(head));
    for (const std::string& k : keys) {
      cs.push_back({"ZREMRANGEBYSCORE", impl_->key(k), "-inf", fmt::format("({}", cutoff.ms())});
    }
  }
  if (cs.empty()) return std::int64_t{0};
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs,
                         impl_->run_all(std::move(cs), Kind::kWrite, "trim_series"));
  std::int64_t deleted = 0;
  for (const RedisReply& r : rs) deleted += r.integer;
  return deleted;
}

// ---- log retention ----------------------------------------------------------------------------

namespace {

// A stream id "ms-seq" as a pair, for ordering; "0" and malformed ids sort first.
std::pair<std::int64_t, std::int64_t> id_key(std::string_view id) {
  const auto dash = id.find('-');
  auto ms = decode_int(id.substr(0, dash), "stream id");
  auto seq = dash == std::string_view::npos ? Result<std::int64_t>(std::int64_t{0})
                                            : decode_int(id.substr(dash + 1), "stream id");
  if (!ms.ok() || !seq.ok()) return {-1, -1};
  return {*ms, *seq};
}

// The error for a stream key that holds another type (kValidation, naming the key).
Error wrong_type(std::string_view key, std::string_view type, std::string_view what) {
  return reply_ok(
             RedisReply{RedisReply::Type::kError,
                        0,
                        fmt::format("WRONGTYPE key {} holds a {}, expected a stream", key, type),
                        {}},
             what)
      .error();
}

// The smallest id after `id` ("ms-seq+1").
std::string next_id(std::string_view id) {
  const auto [ms, seq] = id_key(id);
  return fmt::format("{}-{}", ms, seq + 1);
}

}  // namespace

// Reads a whole stream, oldest first, in pages.
static Result<std::vector<std::pair<std::string, Fields>>> read_stream(RedisStore::Impl& d,
                                                                       const std::string& key) {
  std::vector<std::pair<std::string, Fields>> out;
  std::string start = "-";
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r, d.run({"XRANGE", key, start, "+", "COUNT", "10000"},
                                               Kind::kRead, "read stream"));
    auto page = stream_entries(r);
    if (page.empty()) break;
    start = "(" + page.back().first;
    for (auto& e : page) out.push_back(std::move(e));
  }
  return out;
}

// Trims a stream whose entries carry a "ts" field (signals, audit) as LogTrim says.
static Result<std::int64_t> trim_by_ts(RedisStore::Impl& d, const std::string& key,
                                       const LogTrim& trim) {
  std::int64_t deleted = 0;
  if (trim.before) {
    const std::int64_t cutoff = Timestamp::from_ms(trim.before->ms()).ns();
    std::optional<std::string> keep_from;
    std::string last_seen;
    std::string start = "-";
    while (!keep_from) {
      OMEGA_ASSIGN_OR_RETURN(RedisReply r, d.run({"XRANGE", key, start, "+", "COUNT", "1000"},
                                                 Kind::kRead, "trim_logs " + key));
      auto page = stream_entries(r);
      if (page.empty()) break;
      for (auto& [id, f] : page) {
        last_seen = id;
        auto ts = f.find("ts");
        if (ts == f.end()) continue;  // a plain event on the same stream: no time of its own
        auto t = decode_int(ts->second, "ts");
        if (t.ok() && *t >= cutoff) {
          keep_from = id;
          break;
        }
      }
      start = "(" + last_seen;
    }
    if (!keep_from && !last_seen.empty()) keep_from = next_id(last_seen);
    if (keep_from) {
      OMEGA_ASSIGN_OR_RETURN(
          RedisReply r, d.run({"XTRIM", key, "MINID", "=", *keep_from}, Kind::kWrite, "trim_logs"));
      deleted += r.integer;
    }
  }
  if (trim.max_len) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r,
                           d.run({"XTRIM", key, "MAXLEN", "=", std::to_string(*trim.max_len)},
                                 Kind::kWrite, "trim_logs " + key));
    deleted += r.integer;
  }
  return deleted;
}

Result<TrimCounts> RedisStore::trim_logs(const LogRetention& retention) {
  TrimCounts counts;
  Impl& d = *impl_;
  std::vector<std::string> streams;
  if (!retention.streams.empty()) {
    OMEGA_ASSIGN_OR_RETURN(streams, d.scan("stream:"));
  }
  // Every key is checked before anything is trimmed: a key of the wrong type changes nothing.
  std::vector<RedisCommand> types;
  types.reserve(streams.size() + 2);
  for (const std::string& k : streams) types.push_back({"TYPE", d.key(k)});
  if (!retention.signals.empty()) types.push_back({"TYPE", d.key("stream:signals")});
  if (!retention.audit.empty()) types.push_back({"TYPE", d.key("audit")});
  if (!types.empty()) {
    OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> ts, d.run_all(types, Kind::kRead, "trim_logs"));
    for (std::size_t i = 0; i < ts.size(); ++i) {
      if (ts[i].str != "stream" && ts[i].str != "none") {
        return wrong_type(types[i][1], ts[i].str, "trim_logs");
      }
    }
  }
  if (!retention.streams.empty()) {
    for (const std::string& k : streams) {
      const std::string key = d.key(k);
      if (retention.streams.before) {
        // Stream ids are the append time in milliseconds: MINID drops everything before it.
        OMEGA_ASSIGN_OR_RETURN(RedisReply r, d.run({"XTRIM", key, "MINID", "=",
                                                    std::to_string(retention.streams.before->ms())},
                                                   Kind::kWrite, "trim_logs " + key));
        counts.stream_entries += r.integer;
      }
      if (retention.streams.max_len) {
        OMEGA_ASSIGN_OR_RETURN(RedisReply r, d.run({"XTRIM", key, "MAXLEN", "=",
                                                    std::to_string(*retention.streams.max_len)},
                                                   Kind::kWrite, "trim_logs"));
        counts.stream_entries += r.integer;
      }
    }
  }
  OMEGA_ASSIGN_OR_RETURN(counts.signals, trim_by_ts(d, d.key("stream:signals"), retention.signals));
  OMEGA_ASSIGN_OR_RETURN(counts.audit, trim_by_ts(d, d.key("audit"), retention.audit));
  return counts;
}

// ---- streams for export and import -------------------------------------------------------------

Result<std::vector<std::string>> RedisStore::stream_names() {
  constexpr std::string_view kHead = "stream:";
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> keys, impl_->scan(kHead));
  for (std::string& k : keys) k.erase(0, kHead.size());
  return keys;
}

Result<StreamSnapshot> RedisStore::stream_snapshot(std::string_view stream) {
  Impl& d = *impl_;
  const std::string key = d.key("stream:", stream);
  StreamSnapshot snap;
  snap.name = std::string(stream);
  OMEGA_ASSIGN_OR_RETURN(RedisReply type, d.run({"TYPE", key}, Kind::kRead, "stream_snapshot"));
  if (type.str == "none") return snap;
  if (type.str != "stream") return wrong_type(key, type.str, "stream_snapshot");
  OMEGA_ASSIGN_OR_RETURN(auto entries, read_stream(d, key));
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  std::map<std::string, std::size_t, std::less<>> index;
  for (auto& [id, fields] : entries) {
    keys.push_back(id_key(id));
    index[id] = snap.entries.size();
    auto payload = fields.find("payload");
    snap.entries.push_back(
        StreamEntry{id, payload == fields.end() ? std::string() : std::move(payload->second)});
  }
  OMEGA_ASSIGN_OR_RETURN(RedisReply groups,
                         d.run({"XINFO", "GROUPS", key}, Kind::kRead, "stream_snapshot"));
  for (const RedisReply& g : groups.elements) {
    const Fields f = to_fields(g);
    StreamGroup group;
    OMEGA_ASSIGN_OR_RETURN(std::string_view name, field(f, "name", key));
    OMEGA_ASSIGN_OR_RETURN(std::string_view last, field(f, "last-delivered-id", key));
    group.name = std::string(name);
    group.delivered = static_cast<std::size_t>(
        std::upper_bound(keys.begin(), keys.end(), id_key(last)) - keys.begin());
    OMEGA_ASSIGN_OR_RETURN(RedisReply pending, d.run({"XPENDING", key, group.name, "-", "+",
                                                      std::to_string(entries.size() + 1)},
                                                     Kind::kRead, "stream_snapshot"));
    for (const RedisReply& p : pending.elements) {
      if (p.elements.size() != 4) return Error(ErrorCode::kIo, "XPENDING: unexpected reply");
      auto at = index.find(p.elements[0].str);
      if (at == index.end()) continue;  // its entry was trimmed away
      group.pending.push_back(PendingEntry{at->second, p.elements[1].str, p.elements[3].integer});
    }
    snap.groups.push_back(std::move(group));
  }
  std::ranges::sort(snap.groups, {}, &StreamGroup::name);
  return snap;
}

Status RedisStore::restore_stream(const StreamSnapshot& snap) {
  Impl& d = *impl_;
  const std::string key = d.key("stream:", snap.name);
  for (const StreamGroup& g : snap.groups) {
    if (g.delivered > snap.entries.size()) {
      return Error(ErrorCode::kValidation,
                   fmt::format("stream {} group {}: {} delivered of {} entries", snap.name, g.name,
                               g.delivered, snap.entries.size()));
    }
    for (const PendingEntry& p : g.pending) {
      if (p.entry >= g.delivered) {
        return Error(ErrorCode::kValidation,
                     fmt::format("stream {} group {}: entry {} is pending but not delivered",
                                 snap.name, g.name, p.entry));
      }
    }
  }
  // Entries that carry more than a payload (signal records on "signals") keep their fields: they
  // are taken from the entries with the same payload the stream holds now (the import wrote them).
  std::map<std::string, std::vector<Fields>, std::less<>> extra;
  OMEGA_ASSIGN_OR_RETURN(RedisReply type, d.run({"TYPE", key}, Kind::kRead, "restore_stream"));
  if (type.str != "none" && type.str != "stream") {
    return reply_ok(RedisReply{RedisReply::Type::kError,
                               0,
                               fmt::format("WRONGTYPE key {} holds a {}", key, type.str),
                               {}},
                    "restore_stream");
  }
  if (type.str == "stream") {
    OMEGA_ASSIGN_OR_RETURN(auto current, read_stream(d, key));
    for (auto it = current.rbegin(); it != current.rend(); ++it) {
      auto payload = it->second.find("payload");
      if (payload == it->second.end() || it->second.size() == 1) continue;
      std::string p = payload->second;
      it->second.erase(payload);
      extra[p].push_back(std::move(it->second));  // newest last-in: popped oldest first below
    }
  }
  // New ids in the same millisecond, in order: the stream is rebuilt from empty.
  const std::int64_t ms =
      Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count())
          .ms();
  std::vector<std::string> ids;
  ids.reserve(snap.entries.size());
  std::vector<RedisCommand> cs{{"MULTI"}, {"DEL", key}};
  for (std::size_t i = 0; i < snap.entries.size(); ++i) {
    ids.push_back(fmt::format("{}-{}", ms, i + 1));
    RedisCommand c{"XADD", key, ids.back(), "payload", snap.entries[i].payload};
    auto more = extra.find(snap.entries[i].payload);
    if (more != extra.end() && !more->second.empty()) {
      for (auto& [f, v] : more->second.back()) {
        c.push_back(f);
        c.push_back(v);
      }
      more->second.pop_back();
    }
    cs.push_back(std::move(c));
  }
  auto id_before = [&](std::size_t n) { return n == 0 ? std::string("0") : ids[n - 1]; };
  for (const StreamGroup& g : snap.groups) {
    cs.push_back({"XGROUP", "CREATE", key, g.name, "0", "MKSTREAM"});
    for (const PendingEntry& p : g.pending) {
      // Deliver exactly this entry to its consumer: point the group just before it and read one.
      cs.push_back({"XGROUP", "SETID", key, g.name, id_before(p.entry)});
      cs.push_back({"XREADGROUP", "GROUP", g.name, p.consumer, "COUNT", "1", "STREAMS", key, ">"});
      if (p.deliveries > 1) {
        cs.push_back({"XCLAIM", key, g.name, p.consumer, "0", ids[p.entry], "RETRYCOUNT",
                      std::to_string(p.deliveries), "JUSTID"});
      }
    }
    cs.push_back({"XGROUP", "SETID", key, g.name, id_before(g.delivered)});
  }
  cs.push_back({"EXEC"});
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs,
                         d.run_all(std::move(cs), Kind::kWrite, "restore_stream"));
  const RedisReply& exec = rs.back();
  if (exec.is_nil()) return Error(ErrorCode::kIo, "redis restore_stream: EXEC aborted");
  for (const RedisReply& r : exec.elements) OMEGA_TRY(reply_ok(r, "restore_stream"));
  return ok_status();
}

}  // namespace omega::store
