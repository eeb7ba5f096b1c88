#include "store/ledger_export.hpp"

// simdjson is included here only: the import's parser.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "store/record_codec.hpp"

namespace omega::store {
namespace {

constexpr int kFormatVersion = 1;

// Appends `s` as a JSON string literal.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  out += '"';
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

std::string order_line(const OrderRecord& o) {
  std::string line = R"({"kind":"order")";
  put_field(line, "bot_id", o.bot_id.value());
  put_field(line, "client_order_id", o.client_order_id.value());
  put_field(line, "venue_order_id", o.venue_order_id.value());
  put_field(line, "symbol", o.symbol.to_string());
  put_field(line, "side", to_string(o.side));
  put_field(line, "type", to_string(o.type));
  put_field(line, "quantity", encode_decimal(o.quantity));
  if (o.price) {
    put_field(line, "price", encode_decimal(*o.price));
  } else {
    line += R"(,"price":null)";
  }
  put_field(line, "status", to_string(o.status));
  put_int(line, "ts_created", o.ts_created.ns());
  put_int(line, "ts_updated", o.ts_updated.ns());
  line += "}\n";
  return line;
}

std::string fill_line(const FillRecord& r) {
  const Fill& f = r.fill;
  std::string line = R"({"kind":"fill")";
  put_field(line, "bot_id", r.bot_id.value());
  put_field(line, "symbol", r.symbol.to_string());
  put_field(line, "trade_id", f.trade_id.value());
  put_field(line, "client_order_id", f.client_order_id.value());
  put_field(line, "venue_order_id", f.venue_order_id.value());
  put_field(line, "side", to_string(f.side));
  put_field(line, "price", encode_decimal(f.price));
  put_field(line, "quantity", encode_decimal(f.quantity));
  put_field(line, "fee", encode_decimal(f.fee));
  put_field(line, "fee_currency", f.fee_currency.code());
  put_field(line, "liquidity", to_string(f.liquidity));
  put_int(line, "ts_event", f.ts_event.ns());
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

Result<OrderRecord> parse_order(const LineReader& r) {
  OrderRecord o;
  OMEGA_ASSIGN_OR_RETURN(std::string_view bot, r.str("bot_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view id, r.str("client_order_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view venue, r.str("venue_order_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view sym, r.str("symbol"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view side, r.str("side"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view type, r.str("type"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view quantity, r.str("quantity"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view status, r.str("status"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t created, r.integer("ts_created"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t updated, r.integer("ts_updated"));
  o.bot_id = BotId(std::string(bot));
  o.client_order_id = ClientOrderId(std::string(id));
  o.venue_order_id = VenueOrderId(std::string(venue));
  OMEGA_ASSIGN_OR_RETURN(o.symbol, Symbol::parse(sym));
  OMEGA_ASSIGN_OR_RETURN(o.side, parse_side(side));
  OMEGA_ASSIGN_OR_RETURN(o.type, parse_order_type(type));
  OMEGA_ASSIGN_OR_RETURN(o.quantity, decode_decimal<QuantityTag>(quantity, "quantity"));
  if (!r.is_null("price")) {
    OMEGA_ASSIGN_OR_RETURN(std::string_view price, r.str("price"));
    OMEGA_ASSIGN_OR_RETURN(Price p, decode_decimal<PriceTag>(price, "price"));
    o.price = p;
  }
  OMEGA_ASSIGN_OR_RETURN(o.status, parse_order_status(status));
  o.ts_created = Timestamp(created);
  o.ts_updated = Timestamp(updated);
  return o;
}

Result<FillRecord> parse_fill(const LineReader& r) {
  FillRecord rec;
  Fill& f = rec.fill;
  OMEGA_ASSIGN_OR_RETURN(std::string_view bot, r.str("bot_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view sym, r.str("symbol"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view trade, r.str("trade_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view order, r.str("client_order_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view venue, r.str("venue_order_id"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view side, r.str("side"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view price, r.str("price"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view quantity, r.str("quantity"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view fee, r.str("fee"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view fee_currency, r.str("fee_currency"));
  OMEGA_ASSIGN_OR_RETURN(std::string_view liquidity, r.str("liquidity"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, r.integer("ts_event"));
  rec.bot_id = BotId(std::string(bot));
  OMEGA_ASSIGN_OR_RETURN(rec.symbol, Symbol::parse(sym));
  f.trade_id = TradeId(std::string(trade));
  f.client_order_id = ClientOrderId(std::string(order));
  f.venue_order_id = VenueOrderId(std::string(venue));
  OMEGA_ASSIGN_OR_RETURN(f.side, parse_side(side));
  OMEGA_ASSIGN_OR_RETURN(f.price, decode_decimal<PriceTag>(price, "price"));
  OMEGA_ASSIGN_OR_RETURN(f.quantity, decode_decimal<QuantityTag>(quantity, "quantity"));
  OMEGA_ASSIGN_OR_RETURN(f.fee, decode_decimal<MoneyTag>(fee, "fee"));
  if (!fee_currency.empty()) {
    OMEGA_ASSIGN_OR_RETURN(f.fee_currency, Currency::parse(fee_currency));
  }
  OMEGA_ASSIGN_OR_RETURN(f.liquidity, parse_liquidity(liquidity));
  f.ts_event = Timestamp(ts);
  return rec;
}

}  // namespace

Result<LedgerCounts> export_ledger(LedgerStore& ledger, std::ostream& out) {
  OMEGA_ASSIGN_OR_RETURN(std::vector<OrderRecord> orders, ledger.orders());
  OMEGA_ASSIGN_OR_RETURN(std::vector<FillRecord> fills, ledger.fills());
  out << fmt::format(R"({{"omega_ledger_export":{}}})", kFormatVersion) << '\n';
  for (const OrderRecord& o : orders) out << order_line(o);
  for (const FillRecord& f : fills) out << fill_line(f);
  out << fmt::format(R"({{"omega_ledger_end":{},"orders":{},"fills":{}}})", kFormatVersion,
                     orders.size(), fills.size())
      << '\n';
  out.flush();
  if (!out) return Error(ErrorCode::kIo, "export: write failed");
  return LedgerCounts{orders.size(), fills.size()};
}

Result<LedgerCounts> import_ledger(LedgerStore& ledger, std::istream& in) {
  simdjson::dom::parser parser;
  std::vector<OrderRecord> orders;
  std::vector<FillRecord> fills;
  std::string line;
  std::size_t number = 0;
  bool header = false;
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
    if (!header) {
      if (r.integer("omega_ledger_export").value_or(0) != kFormatVersion) {
        return Error(ErrorCode::kParse, "line 1: not an omega ledger export (version 1)");
      }
      header = true;
      continue;
    }
    if (r.integer("omega_ledger_end").ok()) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t n_orders, r.integer("orders"));
      OMEGA_ASSIGN_OR_RETURN(std::int64_t n_fills, r.integer("fills"));
      if (static_cast<std::size_t>(n_orders) != orders.size() ||
          static_cast<std::size_t>(n_fills) != fills.size()) {
        return Error(ErrorCode::kValidation,
                     fmt::format("line {}: the end line counts {} orders and {} fills, the file "
                                 "holds {} and {}",
                                 number, n_orders, n_fills, orders.size(), fills.size()));
      }
      footer = true;
      continue;
    }
    OMEGA_ASSIGN_OR_RETURN(std::string_view kind, r.str("kind"));
    if (kind == "order") {
      auto o = parse_order(r);
      if (!o.ok()) return std::move(o).error().with_context(fmt::format("line {}", number));
      orders.push_back(std::move(o).value());
    } else if (kind == "fill") {
      auto f = parse_fill(r);
      if (!f.ok()) return std::move(f).error().with_context(fmt::format("line {}", number));
      fills.push_back(std::move(f).value());
    } else {
      return Error(ErrorCode::kParse, fmt::format("line {}: unknown kind '{}'", number, kind));
    }
  }
  if (!header) return Error(ErrorCode::kParse, "empty file: not an omega ledger export");
  if (!footer) {
    return Error(ErrorCode::kValidation,
                 fmt::format("the export ends after line {} without its end line: it is "
                             "half-written; nothing was imported",
                             number));
  }
  for (const OrderRecord& o : orders) OMEGA_TRY(ledger.append_order(o));
  for (const FillRecord& f : fills) OMEGA_TRY(ledger.append_fill(f));
  return LedgerCounts{orders.size(), fills.size()};
}

}  // namespace omega::store
