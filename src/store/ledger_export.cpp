#include "store/ledger_export.hpp"

// simdjson is included here only: the import's parser.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "core/json_text.hpp"
#include "store/record_codec.hpp"
#include "store/record_fields.hpp"

namespace omega::store {
namespace {

// Version 3 added the event streams; versions 2 (no streams) and 1 (ledger only) still import.
constexpr int kFormatVersion = 3;

// Appends `s` as a JSON string literal.
void put_string(std::string& out, std::string_view s) {
  append_json_string(out, s);
}

void put_field(std::string& out, std::string_view name, std::string_view value) {
  out += ',';
  put_string(out, name);
  out += ':';
  put_string(out, value);
}

void put_int(std::string& out, std::string_view name, std::int64_t value) {
  out += ',';
  put_string(out, name);
  out += fmt::format(":{}", value);
}

// Appends a record's fields: integers as JSON numbers, an absent optional one as null.
void put_fields(std::string& line, const std::vector<NamedField>& fields) {
  for (const NamedField& f : fields) {
    if (f.kind == FieldKind::kInteger) {
      line += ',';
      put_string(line, f.name);
      line += ':';
      line += f.value;
    } else if (!f.present) {
      line += ',';
      put_string(line, f.name);
      line += ":null";
    } else {
      put_field(line, f.name, f.value);
    }
  }
}

std::string order_line(const OrderRecord& o) {
  std::string line = R"({"kind":"order")";
  put_fields(line, order_fields(o));
  line += "}\n";
  return line;
}

std::string fill_line(const FillRecord& r) {
  std::string line = R"({"kind":"fill")";
  put_fields(line, fill_fields(r));
  line += "}\n";
  return line;
}

// Reads fields of one parsed line, naming the line in errors.
class LineReader {
 public:
  LineReader(simdjson::dom::element e, std::size_t line) : e_(e), line_(line) {}

  Result<std::string_view> str(const char* name) const {
    std::string_view v;
    if (e_[name].get(v) != simdjson::SUCCESS) return bad(name, "a string");
    return v;
  }
  Result<std::int64_t> integer(const char* name) const {
    std::int64_t v = 0;
    if (e_[name].get(v) != simdjson::SUCCESS) return bad(name, "an integer");
    return v;
  }
  bool is_null(const char* name) const {
    simdjson::dom::element v;
    return e_[name].get(v) == simdjson::SUCCESS && v.is_null();
  }
  Error bad(std::string_view name, std::string_view what) const {
    return Error(ErrorCode::kParse,
                 fmt::format("line {}: field '{}' must be {}", line_, name, what));
  }

 private:
  simdjson::dom::element e_;
  std::size_t line_;
};

// Reads a record's fields from a line by their kind.
FieldReader line_reader(const LineReader& r) {
  return [&r](std::string_view name, FieldKind kind) -> Result<std::string> {
    const std::string key(name);
    if (kind == FieldKind::kInteger) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t v, r.integer(key.c_str()));
      return std::to_string(v);
    }
    if (kind == FieldKind::kOptional && r.is_null(key.c_str())) return std::string();
    OMEGA_ASSIGN_OR_RETURN(std::string_view v, r.str(key.c_str()));
    if (kind == FieldKind::kOptional && v.empty()) return r.bad(name, "null or a value");
    return std::string(v);
  };
}

Result<OrderRecord> parse_order(const LineReader& r) {
  return order_from_fields(line_reader(r));
}

Result<FillRecord> parse_fill(const LineReader& r) {
  return fill_from_fields(line_reader(r));
}

std::string position_line(const PositionSnapshot& p) {
  std::string line = R"({"kind":"position")";
  put_field(line, "bot_id", p.bot_id.value());
  put_field(line, "symbol", p.symbol.to_string());
  put_field(line, "net_quantity", encode_decimal(p.net_quantity));
  put_int(line, "fill_count", p.fill_count);
  put_int(line, "ts_updated", p.ts_updated.ns());
  line += "}\n";
  return line;
}

std::string candle_line(const CandleSeries& s, const Candle& c) {
  std::string line = R"({"kind":"candle")";
  put_field(line, "symbol", s.symbol.to_string());
  put_field(line, "timeframe", s.timeframe.to_string());
  put_int(line, "open_time", c.open_time.ns());
  put_field(line, "open", encode_decimal(c.open));
  put_field(line, "high", encode_decimal(c.high));
  put_field(line, "low", encode_decimal(c.low));
  put_field(line, "close", encode_decimal(c.close));
  put_field(line, "volume", encode_decimal(c.volume));
  line += "}\n";
  return line;
}

std::string signal_line(const SignalRecord& s) {
  std::string line = R"({"kind":"signal")";
  put_field(line, "bot_id", s.bot_id.value());
  put_field(line, "symbol", s.symbol.to_string());
  put_field(line, "signal", s.kind);
  put_field(line, "payload", s.payload);
  put_int(line, "ts", s.ts.ns());
  line += "}\n";
  return line;
}

std::string state_line(const BotStateEntry& e) {
  std::string line = R"({"kind":"state")";
  put_field(line, "bot_id", e.bot_id.value());
  put_field(line, "key", e.key);
  put_field(line, "value", e.value.value);
  put_int(line, "version", e.value.version);
  line += "}\n";
  return line;
}

// The value is text in the shortest form that reads back to the same double (also "nan",
// "inf"), so the round trip is exact.
std::string metric_line(std::string_view name, const MetricPoint& p) {
  std::string line = R"({"kind":"metric")";
  put_field(line, "name", name);
  put_int(line, "ts", p.ts.ns());
  put_field(line, "value", fmt::format("{}", p.value));
  line += "}\n";
  return line;
}

std::string setting_line(const SettingEntry& e) {
  std::string line = R"({"kind":"setting")";
  put_field(line, "user_id", e.user_id.value());
  put_field(line, "key", e.key);
  put_field(line, "value", e.value);
  line += "}\n";
  return line;
}

std::string audit_line(const AuditEntry& a) {
  std::string line = R"({"kind":"audit")";
  put_int(line, "ts", a.ts.ns());
  put_field(line, "actor", a.actor);
  put_field(line, "action", a.action);
  put_field(line, "target", a.target);
  put_field(line, "result", a.result);
  line += "}\n";
  return line;
}

std::string stream_entry_line(std::string_view stream, const StreamEntry& e) {
  std::string line = R"({"kind":"stream_entry")";
  put_field(line, "stream", stream);
  put_field(line, "payload", e.payload);
  line += "}\n";
  return line;
}

std::string stream_group_line(std::string_view stream, const StreamGroup& g) {
  std::string line = R"({"kind":"stream_group")";
  put_field(line, "stream", stream);
  put_field(line, "group", g.name);
  put_int(line, "delivered", static_cast<std::int64_t>(g.delivered));
  line += "}\n";
  return line;
}

std::string stream_pending_line(std::string_view stream, std::string_view group,
                                const PendingEntry& p) {
  std::string line = R"({"kind":"stream_pending")";
  put_field(line, "stream", stream);
  put_field(line, "group", group);
  put_int(line, "entry", static_cast<std::int64_t>(p.entry));
  put_field(line, "consumer", p.consumer);
  put_int(line, "deliveries", p.deliveries);
  line += "}\n";
  return line;
}

Result<PositionSnapshot> parse_position(const LineReader& r) {
  PositionSnapshot p;
  OMEGA_ASSIGN_OR_RETURN(std::string_view bot, r.str("bot_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view sym, r.str("symbol"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view quantity, r.str("net_quantity"));
  OMEGA_ASSIGN_OR_RETURN(p.fill_count, r.integer("fill_count"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, r.integer("ts_updated"));
  p.bot_id = BotId(std::string(bot));
  OMEGA_ASSIGN_OR_RETURN(p.symbol, Symbol::parse(sym));
  OMEGA_ASSIGN_OR_RETURN(p.net_quantity, decode_decimal<QuantityTag>(quantity, "net_quantity"));
  p.ts_updated = Timestamp(ts);
  return p;
}

struct CandleLine {
  CandleSeries series;
  Candle candle;
};

Result<CandleLine> parse_candle(const LineReader& r) {
  CandleLine l;
  OMEGA_ASSIGN_OR_RETURN(std::string_view sym, r.str("symbol"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view tf, r.str("timeframe"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t open_time, r.integer("open_time"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view open, r.str("open"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view high, r.str("high"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view low, r.str("low"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view close, r.str("close"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view volume, r.str("volume"));
  OMEGA_ASSIGN_OR_RETURN(l.series.symbol, Symbol::parse(sym));
  OMEGA_ASSIGN_OR_RETURN(l.series.timeframe, Timeframe::parse(tf));
  l.candle.open_time = Timestamp(open_time);
  OMEGA_ASSIGN_OR_RETURN(l.candle.open, decode_decimal<PriceTag>(open, "open"));
  OMEGA_ASSIGN_OR_RETURN(l.candle.high, decode_decimal<PriceTag>(high, "high"));
  OMEGA_ASSIGN_OR_RETURN(l.candle.low, decode_decimal<PriceTag>(low, "low"));
  OMEGA_ASSIGN_OR_RETURN(l.candle.close, decode_decimal<PriceTag>(close, "close"));
  OMEGA_ASSIGN_OR_RETURN(l.candle.volume, decode_decimal<QuantityTag>(volume, "volume"));
  return l;
}

Result<SignalRecord> parse_signal(const LineReader& r) {
  SignalRecord s;
  OMEGA_ASSIGN_OR_RETURN(std::string_view bot, r.str("bot_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view sym, r.str("symbol"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view kind, r.str("signal"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view payload, r.str("payload"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, r.integer("ts"));
  s.bot_id = BotId(std::string(bot));
  OMEGA_ASSIGN_OR_RETURN(s.symbol, Symbol::parse(sym));
  s.kind = kind;
  s.payload = payload;
  s.ts = Timestamp(ts);
  return s;
}

Result<BotStateEntry> parse_state(const LineReader& r) {
  OMEGA_ASSIGN_OR_RETURN(std::string_view bot, r.str("bot_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view key, r.str("key"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view value, r.str("value"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t version, r.integer("version"));
  if (version < 1) return r.bad("version", "at least 1");
  return BotStateEntry{BotId(std::string(bot)), std::string(key),
                       VersionedValue{std::string(value), version}};
}

struct MetricLine {
  std::string name;
  MetricPoint point;
};

Result<MetricLine> parse_metric(const LineReader& r) {
  OMEGA_ASSIGN_OR_RETURN(std::string_view name, r.str("name"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, r.integer("ts"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view text, r.str("value"));
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return r.bad("value", "a number as text");
  }
  return MetricLine{std::string(name), MetricPoint{Timestamp(ts), value}};
}

Result<SettingEntry> parse_setting(const LineReader& r) {
  OMEGA_ASSIGN_OR_RETURN(std::string_view user, r.str("user_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view key, r.str("key"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view value, r.str("value"));
  return SettingEntry{UserId(std::string(user)), std::string(key), std::string(value)};
}

Result<AuditEntry> parse_audit(const LineReader& r) {
  AuditEntry a;
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, r.integer("ts"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view actor, r.str("actor"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view action, r.str("action"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view target, r.str("target"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view result, r.str("result"));
  a.ts = Timestamp(ts);
  a.actor = actor;
  a.action = action;
  a.target = target;
  a.result = result;
  return a;
}

// Every record of a log (signals, audit): the stores return the newest `limit`.
constexpr auto kAll = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
// Bounds wide enough for every stored series, narrow enough for the Redis score arithmetic.
constexpr Timestamp kFirst(std::numeric_limits<std::int64_t>::min() / 2);
constexpr Timestamp kLast(std::numeric_limits<std::int64_t>::max() / 2);

std::string end_line(const StoreCounts& c) {
  return fmt::format(R"({{"omega_store_end":{},"orders":{},"fills":{},"positions":{},"candles":{},)"
                     R"("signals":{},"states":{},"metrics":{},"settings":{},"audit":{},)"
                     R"("stream_entries":{},"stream_groups":{},"stream_pending":{}}})",
                     kFormatVersion, c.orders, c.fills, c.positions, c.candles, c.signals, c.states,
                     c.metrics, c.settings, c.audit, c.stream_entries, c.stream_groups,
                     c.stream_pending);
}

// What an import read, before anything is written.
struct Parsed {
  std::vector<OrderRecord> orders;
  std::vector<FillRecord> fills;
  std::vector<PositionSnapshot> positions;
  std::vector<CandleLine> candles;
  std::vector<SignalRecord> signals;
  std::vector<BotStateEntry> states;
  std::vector<MetricLine> metrics;
  std::vector<SettingEntry> settings;
  std::vector<AuditEntry> audit;
  std::vector<StreamSnapshot> streams;  // in file order
  std::size_t stream_entries = 0;
  std::size_t stream_groups = 0;
  std::size_t stream_pending = 0;

  StoreCounts counts() const {
    return StoreCounts{orders.size(),  fills.size(),   positions.size(), candles.size(),
                       signals.size(), states.size(),  metrics.size(),   settings.size(),
                       audit.size(),   stream_entries, stream_groups,    stream_pending};
  }

  StreamSnapshot& stream(std::string_view name) {
    for (StreamSnapshot& s : streams) {
      if (s.name == name) return s;
    }
    streams.push_back(StreamSnapshot{std::string(name), {}, {}});
    return streams.back();
  }
};

// Reads a stream line (entry, group or pending) into `p`; the file lists a stream's entries
// before its groups, and a group before its pending entries, so every position is checked here.
Status parse_stream_line(Parsed& p, std::string_view kind, const LineReader& r,
                         std::size_t number) {
  OMEGA_ASSIGN_OR_RETURN(std::string_view name, r.str("stream"));
  if (name.empty()) return r.bad("stream", "a stream name");
  StreamSnapshot& s = p.stream(name);
  if (kind == "stream_entry") {
    OMEGA_ASSIGN_OR_RETURN(std::string_view payload, r.str("payload"));
    if (!s.groups.empty()) {
      return Error(ErrorCode::kParse,
                   fmt::format("line {}: stream {}: an entry after its groups", number, name));
    }
    s.entries.push_back(StreamEntry{{}, std::string(payload)});
    ++p.stream_entries;
    return ok_status();
  }
  OMEGA_ASSIGN_OR_RETURN(std::string_view group, r.str("group"));
  if (kind == "stream_group") {
    OMEGA_ASSIGN_OR_RETURN(std::int64_t delivered, r.integer("delivered"));
    if (delivered < 0 || static_cast<std::size_t>(delivered) > s.entries.size()) {
      return r.bad("delivered", fmt::format("between 0 and the stream's {} entries listed before "
                                            "it",
                                            s.entries.size()));
    }
    s.groups.push_back(StreamGroup{std::string(group), static_cast<std::size_t>(delivered), {}});
    ++p.stream_groups;
    return ok_status();
  }
  if (s.groups.empty() || s.groups.back().name != group) {
    return Error(ErrorCode::kParse,
                 fmt::format("line {}: stream {}: pending entry of group '{}' before its group "
                             "line",
                             number, name, group));
  }
  StreamGroup& g = s.groups.back();
  OMEGA_ASSIGN_OR_RETURN(std::int64_t entry, r.integer("entry"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view consumer, r.str("consumer"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t deliveries, r.integer("deliveries"));
  if (entry < 0 || static_cast<std::size_t>(entry) >= g.delivered) {
    return r.bad("entry", fmt::format("the position of one of the group's {} delivered entries",
                                      g.delivered));
  }
  if (!g.pending.empty() && g.pending.back().entry >= static_cast<std::size_t>(entry)) {
    return r.bad("entry", "after the group's previous pending entry");
  }
  if (deliveries < 1) return r.bad("deliveries", "at least 1");
  g.pending.push_back(
      PendingEntry{static_cast<std::size_t>(entry), std::string(consumer), deliveries});
  ++p.stream_pending;
  return ok_status();
}

// Appends the parsed record to `into`, or fails naming the line.
template <typename T, typename Parse>
Status take(std::vector<T>& into, Parse parse, const LineReader& r, std::size_t number) {
  auto v = parse(r);
  if (!v.ok()) return std::move(v).error().with_context(fmt::format("line {}", number));
  into.push_back(std::move(v).value());
  return ok_status();
}

Status parse_record(Parsed& p, std::string_view kind, int version, const LineReader& r,
                    std::size_t number) {
  if (kind == "order") return take(p.orders, parse_order, r, number);
  if (kind == "fill") return take(p.fills, parse_fill, r, number);
  if (version >= 2) {
    if (kind == "position") return take(p.positions, parse_position, r, number);
    if (kind == "candle") return take(p.candles, parse_candle, r, number);
    if (kind == "signal") return take(p.signals, parse_signal, r, number);
    if (kind == "state") return take(p.states, parse_state, r, number);
    if (kind == "metric") return take(p.metrics, parse_metric, r, number);
    if (kind == "setting") return take(p.settings, parse_setting, r, number);
    if (kind == "audit") return take(p.audit, parse_audit, r, number);
  }
  if (version >= 3 && kind.starts_with("stream_")) {
    if (kind == "stream_entry" || kind == "stream_group" || kind == "stream_pending") {
      return parse_stream_line(p, kind, r, number);
    }
  }
  return Error(ErrorCode::kParse, fmt::format("line {}: unknown kind '{}' (format version {})",
                                              number, kind, version));
}

// Compares the end line's counts with what the file holds.
Status check_end(const LineReader& r, int version, const Parsed& p, std::size_t number) {
  const StoreCounts held = p.counts();
  StoreCounts said;
  OMEGA_ASSIGN_OR_RETURN(std::int64_t orders, r.integer("orders"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t fills, r.integer("fills"));
  said.orders = static_cast<std::size_t>(orders);
  said.fills = static_cast<std::size_t>(fills);
  if (version >= 2) {
    const std::pair<const char*, std::size_t*> rest[] = {
        {"positions", &said.positions}, {"candles", &said.candles}, {"signals", &said.signals},
        {"states", &said.states},       {"metrics", &said.metrics}, {"settings", &said.settings},
        {"audit", &said.audit}};
    for (const auto& [name, into] : rest) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t n, r.integer(name));
      *into = static_cast<std::size_t>(n);
    }
  }
  if (version >= 3) {
    const std::pair<const char*, std::size_t*> streams[] = {
        {"stream_entries", &said.stream_entries},
        {"stream_groups", &said.stream_groups},
        {"stream_pending", &said.stream_pending}};
    for (const auto& [name, into] : streams) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t n, r.integer(name));
      *into = static_cast<std::size_t>(n);
    }
  }
  if (said.orders != held.orders || said.fills != held.fills || said.positions != held.positions ||
      said.candles != held.candles || said.signals != held.signals || said.states != held.states ||
      said.metrics != held.metrics || said.settings != held.settings || said.audit != held.audit ||
      said.stream_entries != held.stream_entries || said.stream_groups != held.stream_groups ||
      said.stream_pending != held.stream_pending) {
    return Error(
        ErrorCode::kValidation,
        fmt::format("line {}: the end line counts {} orders and {} fills ({} records), "
                    "the file holds {} and {} ({} records)",
                    number, said.orders, said.fills,
                    said.orders + said.fills + said.positions + said.candles + said.signals +
                        said.states + said.metrics + said.settings + said.audit +
                        said.stream_entries + said.stream_groups + said.stream_pending,
                    held.orders, held.fills,
                    held.orders + held.fills + held.positions + held.candles + held.signals +
                        held.states + held.metrics + held.settings + held.audit +
                        held.stream_entries + held.stream_groups + held.stream_pending));
  }
  return ok_status();
}

// Returns how many times each line occurs: the signals or audit entries a store holds already.
std::map<std::string, std::size_t> occurrences(const std::vector<std::string>& lines) {
  std::map<std::string, std::size_t> out;
  for (const std::string& l : lines) ++out[l];
  return out;
}

// Whether `line` is one of the `seen` ones (and uses it up).
bool seen_before(std::map<std::string, std::size_t>& seen, const std::string& line) {
  auto it = seen.find(line);
  if (it == seen.end() || it->second == 0) return false;
  --it->second;
  return true;
}

// Refuses (before anything is written) to replace a target stream that holds entries the file
// does not: they would be lost. Entries are compared by payload; ids differ between stores.
Status check_streams_replaceable(Store& store, const Parsed& p) {
  for (const StreamSnapshot& file : p.streams) {
    OMEGA_ASSIGN_OR_RETURN(StreamSnapshot target, store.stream_snapshot(file.name));
    std::map<std::string, std::size_t> have;
    for (const StreamEntry& e : file.entries) ++have[e.payload];
    std::size_t foreign = 0;
    for (const StreamEntry& e : target.entries) {
      auto it = have.find(e.payload);
      if (it == have.end() || it->second == 0) {
        ++foreign;
      } else {
        --it->second;
      }
    }
    if (foreign > 0) {
      return Error(ErrorCode::kState,
                   fmt::format("stream '{}' on the target holds {} entries that are not in the "
                               "file; importing would replace them. Import into an empty store, "
                               "or leave the streams alone (--no-streams); nothing was imported",
                               file.name, foreign));
    }
  }
  return ok_status();
}

Status write_all(Store& store, const Parsed& p, const ImportOptions& options) {
  for (const OrderRecord& o : p.orders) OMEGA_TRY(store.append_order(o));
  for (const FillRecord& f : p.fills) OMEGA_TRY(store.append_fill(f));
  for (std::size_t i = 0; i < p.candles.size();) {
    std::vector<Candle> batch;
    std::size_t j = i;
    for (; j < p.candles.size() && p.candles[j].series.symbol == p.candles[i].series.symbol &&
           p.candles[j].series.timeframe == p.candles[i].series.timeframe;
         ++j) {
      batch.push_back(p.candles[j].candle);
    }
    OMEGA_TRY(
        store.append_candles(p.candles[i].series.symbol, p.candles[i].series.timeframe, batch));
    i = j;
  }
  {
    OMEGA_ASSIGN_OR_RETURN(std::vector<SignalRecord> existing, store.recent_signals(kAll));
    std::vector<std::string> lines;
    lines.reserve(existing.size());
    for (const SignalRecord& s : existing) lines.push_back(signal_line(s));
    auto seen = occurrences(lines);
    for (const SignalRecord& s : p.signals) {
      if (!seen_before(seen, signal_line(s))) OMEGA_TRY(store.append_signal(s));
    }
  }
  for (const BotStateEntry& e : p.states) OMEGA_TRY(store.restore_state(e));
  for (const MetricLine& m : p.metrics) OMEGA_TRY(store.record_metric(m.name, m.point));
  for (const SettingEntry& e : p.settings) OMEGA_TRY(store.put_setting(e.user_id, e.key, e.value));
  {
    OMEGA_ASSIGN_OR_RETURN(std::vector<AuditEntry> existing, store.recent_audit(kAll));
    std::vector<std::string> lines;
    lines.reserve(existing.size());
    for (const AuditEntry& a : existing) lines.push_back(audit_line(a));
    auto seen = occurrences(lines);
    for (const AuditEntry& a : p.audit) {
      if (!seen_before(seen, audit_line(a))) OMEGA_TRY(store.append_audit(a));
    }
  }
  for (const PositionSnapshot& want : p.positions) {
    OMEGA_ASSIGN_OR_RETURN(PositionSnapshot got, store.position(want.bot_id, want.symbol));
    if (got.net_quantity != want.net_quantity || got.fill_count != want.fill_count) {
      return Error(ErrorCode::kValidation,
                   fmt::format("position {} {}: the file says {} after {} fills, the store "
                               "holds {} after {} (the import was written)",
                               want.bot_id.value(), want.symbol.to_string(),
                               encode_decimal(want.net_quantity), want.fill_count,
                               encode_decimal(got.net_quantity), got.fill_count));
    }
  }
  // Last: the records above appended their events to "ledger" and "signals"; the file's streams
  // replace them, so the target's streams and groups are the source's.
  if (options.streams) {
    for (const StreamSnapshot& s : p.streams) OMEGA_TRY(store.restore_stream(s));
  }
  return ok_status();
}

}  // namespace

Result<StoreCounts> export_store(Store& store, std::ostream& out) {
  OMEGA_ASSIGN_OR_RETURN(std::vector<OrderRecord> orders, store.orders());
  OMEGA_ASSIGN_OR_RETURN(std::vector<FillRecord> fills, store.fills());
  OMEGA_ASSIGN_OR_RETURN(std::vector<PositionSnapshot> positions, store.positions());
  OMEGA_ASSIGN_OR_RETURN(std::vector<CandleSeries> series, store.candle_series());
  OMEGA_ASSIGN_OR_RETURN(std::vector<SignalRecord> signals, store.recent_signals(kAll));
  OMEGA_ASSIGN_OR_RETURN(std::vector<BotStateEntry> states, store.all_state());
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> metric_names, store.metric_names());
  OMEGA_ASSIGN_OR_RETURN(std::vector<SettingEntry> settings, store.all_settings());
  OMEGA_ASSIGN_OR_RETURN(std::vector<AuditEntry> audit, store.recent_audit(kAll));
  OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> stream_names, store.stream_names());
  std::ranges::sort(positions, {}, [](const PositionSnapshot& p) {
    return std::pair(p.bot_id.value(), p.symbol.to_string());
  });
  std::ranges::sort(series, {}, [](const CandleSeries& s) {
    return std::pair(s.symbol.to_string(), s.timeframe.to_string());
  });
  std::ranges::sort(states, {},
                    [](const BotStateEntry& e) { return std::pair(e.bot_id.value(), e.key); });
  std::ranges::sort(metric_names);
  std::ranges::sort(settings, {},
                    [](const SettingEntry& e) { return std::pair(e.user_id.value(), e.key); });

  StoreCounts c;
  out << fmt::format(R"({{"omega_store_export":{}}})", kFormatVersion) << '\n';
  for (const OrderRecord& o : orders) out << order_line(o);
  for (const FillRecord& f : fills) out << fill_line(f);
  for (const PositionSnapshot& p : positions) out << position_line(p);
  for (const CandleSeries& s : series) {
    OMEGA_ASSIGN_OR_RETURN(std::vector<Candle> bars,
                           store.candles(s.symbol, s.timeframe, kFirst, kLast));
    for (const Candle& bar : bars) out << candle_line(s, bar);
    c.candles += bars.size();
  }
  for (const SignalRecord& s : signals) out << signal_line(s);
  for (const BotStateEntry& e : states) out << state_line(e);
  for (const std::string& name : metric_names) {
    OMEGA_ASSIGN_OR_RETURN(std::vector<MetricPoint> points,
                           store.metric_range(name, kFirst, kLast));
    for (const MetricPoint& p : points) out << metric_line(name, p);
    c.metrics += points.size();
  }
  for (const SettingEntry& e : settings) out << setting_line(e);
  for (const AuditEntry& a : audit) out << audit_line(a);
  std::ranges::sort(stream_names);
  for (const std::string& name : stream_names) {
    OMEGA_ASSIGN_OR_RETURN(StreamSnapshot snap, store.stream_snapshot(name));
    for (const StreamEntry& e : snap.entries) out << stream_entry_line(name, e);
    for (const StreamGroup& g : snap.groups) {
      out << stream_group_line(name, g);
      for (const PendingEntry& p : g.pending) out << stream_pending_line(name, g.name, p);
      c.stream_pending += g.pending.size();
    }
    c.stream_entries += snap.entries.size();
    c.stream_groups += snap.groups.size();
  }
  c.orders = orders.size();
  c.fills = fills.size();
  c.positions = positions.size();
  c.signals = signals.size();
  c.states = states.size();
  c.settings = settings.size();
  c.audit = audit.size();
  out << end_line(c) << '\n';
  out.flush();
  if (!out) return Error(ErrorCode::kIo, "export: write failed");
  return c;
}

Result<StoreCounts> import_store(Store& store, std::istream& in, const ImportOptions& options) {
  simdjson::dom::parser parser;
  Parsed parsed;
  std::string line;
  std::size_t number = 0;
  int version = 0;
  bool footer = false;
  while (std::getline(in, line)) {
    ++number;
    if (footer) {
      return Error(ErrorCode::kParse, fmt::format("line {}: data after the end line", number));
    }
    simdjson::dom::element e;
    if (parser.parse(line).get(e) != simdjson::SUCCESS || !e.is_object()) {
      return Error(ErrorCode::kParse,
                   fmt::format("line {}: not a JSON object (truncated or corrupt export)", number));
    }
    LineReader r(e, number);
    if (version == 0) {
      const std::int64_t v = r.integer("omega_store_export").value_or(0);
      if (v == 2 || v == kFormatVersion) {
        version = static_cast<int>(v);
      } else if (r.integer("omega_ledger_export").value_or(0) == 1) {
        version = 1;
      } else {
        return Error(
            ErrorCode::kParse,
            "line 1: not an omega store export (version 2 or 3) or ledger export (version 1)");
      }
      continue;
    }
    const char* end_key = version == 1 ? "omega_ledger_end" : "omega_store_end";
    if (r.integer(end_key).ok()) {
      OMEGA_TRY(check_end(r, version, parsed, number));
      footer = true;
      continue;
    }
    OMEGA_ASSIGN_OR_RETURN(std::string_view kind, r.str("kind"));
    OMEGA_TRY(parse_record(parsed, kind, version, r, number));
  }
  if (version == 0) return Error(ErrorCode::kParse, "empty file: not an omega store export");
  if (!footer) {
    return Error(ErrorCode::kValidation,
                 fmt::format("the export ends after line {} without its end line: it is "
                             "half-written; nothing was imported",
                             number));
  }
  if (options.streams) OMEGA_TRY(check_streams_replaceable(store, parsed));
  OMEGA_TRY(write_all(store, parsed, options));
  return parsed.counts();
}

}  // namespace omega::store
