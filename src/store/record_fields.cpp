#include "store/record_fields.hpp"

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "store/record_codec.hpp"

namespace omega::store {
namespace {

NamedField text(std::string_view name, std::string value) {
  return NamedField{name, FieldKind::kText, std::move(value), true};
}

NamedField integer(std::string_view name, std::int64_t value) {
  return NamedField{name, FieldKind::kInteger, std::to_string(value), true};
}

Result<std::int64_t> read_int(const FieldReader& read, std::string_view name) {
  OMEGA_ASSIGN_OR_RETURN(std::string t, read(name, FieldKind::kInteger));
  return decode_int(t, name);
}

}  // namespace

std::vector<NamedField> order_fields(const OrderRecord& o) {
  std::vector<NamedField> f;
  f.reserve(11);
  f.push_back(text("bot_id", o.bot_id.value()));
  f.push_back(text("client_order_id", o.client_order_id.value()));
  f.push_back(text("venue_order_id", o.venue_order_id.value()));
  f.push_back(text("symbol", o.symbol.to_string()));
  f.push_back(text("side", std::string(to_string(o.side))));
  f.push_back(text("type", std::string(to_string(o.type))));
  f.push_back(text("quantity", encode_decimal(o.quantity)));
  f.push_back(NamedField{"price", FieldKind::kOptional, o.price ? encode_decimal(*o.price) : "",
                         o.price.has_value()});
  f.push_back(text("status", std::string(to_string(o.status))));
  f.push_back(integer("ts_created", o.ts_created.ns()));
  f.push_back(integer("ts_updated", o.ts_updated.ns()));
  return f;
}

std::vector<NamedField> fill_fields(const FillRecord& r) {
  const Fill& x = r.fill;
  std::vector<NamedField> f;
  f.reserve(12);
  f.push_back(text("bot_id", r.bot_id.value()));
  f.push_back(text("symbol", r.symbol.to_string()));
  f.push_back(text("trade_id", x.trade_id.value()));
  f.push_back(text("client_order_id", x.client_order_id.value()));
  f.push_back(text("venue_order_id", x.venue_order_id.value()));
  f.push_back(text("side", std::string(to_string(x.side))));
  f.push_back(text("price", encode_decimal(x.price)));
  f.push_back(text("quantity", encode_decimal(x.quantity)));
  f.push_back(text("fee", encode_decimal(x.fee)));
  f.push_back(text("fee_currency", std::string(x.fee_currency.code())));
  f.push_back(text("liquidity", std::string(to_string(x.liquidity))));
  f.push_back(integer("ts_event", x.ts_event.ns()));
  return f;
}

Result<OrderRecord> order_from_fields(const FieldReader& read) {
  OrderRecord o;
  OMEGA_ASSIGN_OR_RETURN(std::string bot, read("bot_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string id, read("client_order_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string venue, read("venue_order_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string sym, read("symbol", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string side, read("side", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string type, read("type", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string quantity, read("quantity", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string price, read("price", FieldKind::kOptional));
  OMEGA_ASSIGN_OR_RETURN(std::string status, read("status", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t created, read_int(read, "ts_created"));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t updated, read_int(read, "ts_updated"));
  o.bot_id = BotId(std::move(bot));
  o.client_order_id = ClientOrderId(std::move(id));
  o.venue_order_id = VenueOrderId(std::move(venue));
  OMEGA_ASSIGN_OR_RETURN(o.symbol, Symbol::parse(sym));
  OMEGA_ASSIGN_OR_RETURN(o.side, parse_side(side));
  OMEGA_ASSIGN_OR_RETURN(o.type, parse_order_type(type));
  OMEGA_ASSIGN_OR_RETURN(o.quantity, decode_decimal<QuantityTag>(quantity, "quantity"));
  if (!price.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Price p, decode_decimal<PriceTag>(price, "price"));
    o.price = p;
  }
  OMEGA_ASSIGN_OR_RETURN(o.status, parse_order_status(status));
  o.ts_created = Timestamp(created);
  o.ts_updated = Timestamp(updated);
  return o;
}

Result<FillRecord> fill_from_fields(const FieldReader& read) {
  FillRecord r;
  Fill& f = r.fill;
  OMEGA_ASSIGN_OR_RETURN(std::string bot, read("bot_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string sym, read("symbol", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string trade, read("trade_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string order, read("client_order_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string venue, read("venue_order_id", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string side, read("side", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string price, read("price", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string quantity, read("quantity", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string fee, read("fee", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string fee_currency, read("fee_currency", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::string liquidity, read("liquidity", FieldKind::kText));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t ts, read_int(read, "ts_event"));
  r.bot_id = BotId(std::move(bot));
  OMEGA_ASSIGN_OR_RETURN(r.symbol, Symbol::parse(sym));
  f.trade_id = TradeId(std::move(trade));
  f.client_order_id = ClientOrderId(std::move(order));
  f.venue_order_id = VenueOrderId(std::move(venue));
  OMEGA_ASSIGN_OR_RETURN(f.side, parse_side(side));
  OMEGA_ASSIGN_OR_RETURN(f.price, decode_decimal<PriceTag>(price, "price"));
  OMEGA_ASSIGN_OR_RETURN(f.quantity, decode_decimal<QuantityTag>(quantity, "quantity"));
  OMEGA_ASSIGN_OR_RETURN(f.fee, decode_decimal<MoneyTag>(fee, "fee"));
  if (!fee_currency.empty()) {
    OMEGA_ASSIGN_OR_RETURN(f.fee_currency, Currency::parse(fee_currency));
  }
  OMEGA_ASSIGN_OR_RETURN(f.liquidity, parse_liquidity(liquidity));
  f.ts_event = Timestamp(ts);
  return r;
}

std::string order_event_payload(std::string_view client_order_id, OrderStatus status) {
  return fmt::format(R"({{"type":"order","client_order_id":"{}","status":"{}"}})",
                     json_escape(client_order_id), to_string(status));
}

std::string fill_event_payload(std::string_view trade_id, std::string_view client_order_id) {
  return fmt::format(R"({{"type":"fill","trade_id":"{}","client_order_id":"{}"}})",
                     json_escape(trade_id), json_escape(client_order_id));
}

}  // namespace omega::store
