#include "chat/farm_state.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/timeframe.hpp"

namespace omega::chat {
namespace {

using store::BotId;
using store::FillRecord;

Money zero_money() {
  return Money::zero(2);
}

bool negative(const Quantity& q) {
  return q < Quantity::zero(0);
}

bool is_zero(const Quantity& q) {
  return q == Quantity::zero(0);
}

Result<Quantity> abs_q(const Quantity& q) {
  return q.abs();
}

// A running average-cost book of one bot in one symbol: the open quantity (signed) and what it
// cost (always >= 0), so closing fills realise (exit - entry) * closed quantity.
struct CostBook {
  Quantity position = Quantity::zero(0);
  Money cost = Money::zero(0);

  Result<std::optional<Price>> average() const {
    if (is_zero(position)) return std::optional<Price>{};
    OMEGA_ASSIGN_OR_RETURN(Quantity size, abs_q(position));
    OMEGA_ASSIGN_OR_RETURN(Price avg, price_from_notional(cost, size, 8, Rounding::kHalfEven));
    return std::optional<Price>(avg);
  }

  // Applies a fill; returns the PnL it realised (zero for an opening fill) and whether it closed
  // part of a position.
  Result<std::pair<Money, bool>> apply(OrderSide side, const Price& price, const Quantity& qty) {
    const Quantity signed_qty = side == OrderSide::kBuy ? qty : qty.negate().value();
    Money realized = Money::zero(0);
    bool closed = false;
    const bool reduces = !is_zero(position) && (negative(position) != negative(signed_qty));
    if (!reduces) {
      OMEGA_ASSIGN_OR_RETURN(Money n, notional(price, qty));
      OMEGA_ASSIGN_OR_RETURN(cost, cost.add(n));
      OMEGA_ASSIGN_OR_RETURN(position, position.add(signed_qty));
      return std::make_pair(realized, closed);
    }
    closed = true;
    OMEGA_ASSIGN_OR_RETURN(Quantity open, abs_q(position));
    const Quantity closing = qty < open ? qty : open;
    OMEGA_ASSIGN_OR_RETURN(std::optional<Price> avg, average());
    OMEGA_ASSIGN_OR_RETURN(Money exit_value, notional(price, closing));
    OMEGA_ASSIGN_OR_RETURN(Money entry_value, notional(*avg, closing));
    OMEGA_ASSIGN_OR_RETURN(
        realized, negative(position) ? entry_value.sub(exit_value) : exit_value.sub(entry_value));
    OMEGA_ASSIGN_OR_RETURN(position, position.add(signed_qty));
    if (is_zero(position) || negative(position) == negative(signed_qty)) {
      // Flat, or flipped: what is left (if anything) opened at this fill's price.
      OMEGA_ASSIGN_OR_RETURN(Quantity left, abs_q(position));
      if (is_zero(left)) {
        cost = Money::zero(0);
      } else {
        OMEGA_ASSIGN_OR_RETURN(cost, notional(price, left));
      }
    } else {
      OMEGA_ASSIGN_OR_RETURN(cost, cost.sub(entry_value));
    }
    return std::make_pair(realized, closed);
  }
};

using BookKey = std::pair<std::string, std::string>;  // bot, symbol

Result<Duration> period_length(std::string_view period) {
  using std::chrono::hours;
  if (period == "1d") return Duration(hours(24));
  if (period == "7d") return Duration(hours(24 * 7));
  if (period == "30d") return Duration(hours(24 * 30));
  if (period == "all") return Duration::max();
  return Error(ErrorCode::kInvalidArgument,
               "'" + std::string(period) + "' is not a period (1d, 7d, 30d, all)");
}

Result<Money> add_to(std::map<std::string, Money>& cash, const std::string& currency,
                     const Money& delta) {
  auto [it, inserted] = cash.try_emplace(currency, Money::zero(0));
  OMEGA_ASSIGN_OR_RETURN(it->second, it->second.add(delta));
  return it->second;
}

// Parses "USDT=10000 BTC=0.5" (space or ';' separated); bad entries are an error naming them.
Result<std::map<std::string, Money>> parse_initial(std::string_view text) {
  std::map<std::string, Money> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ';' || text[i] == ',')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ';' && text[j] != ',') ++j;
    if (j > i) {
      const std::string_view item = text.substr(i, j - i);
      const std::size_t eq = item.find('=');
      auto amount = eq == std::string_view::npos ? Result<Money>(Error(ErrorCode::kParse, ""))
                                                 : Money::parse(item.substr(eq + 1));
      if (!amount.ok() || eq == 0) {
        return Error(ErrorCode::kParse, "farm state account.initial: '" + std::string(item) +
                                            "' is not CURRENCY=AMOUNT");
      }
      out[std::string(item.substr(0, eq))] = *amount;
    }
    i = j;
  }
  return out;
}

}  // namespace

bool is_open(OrderStatus status) {
  switch (status) {
    case OrderStatus::kSubmitted:
    case OrderStatus::kAccepted:
    case OrderStatus::kTriggered:
    case OrderStatus::kPendingCancel:
    case OrderStatus::kPartiallyFilled:
      return true;
    default:
      return false;
  }
}

std::string money_text(const Money& m, int decimals) {
  auto r = m.rescale(decimals, Rounding::kHalfUp);
  return r.ok() ? r->to_string() : m.to_string();
}

Status put_state(store::BotStateStore& states, std::string_view bot, std::string_view key,
                 std::string_view value) {
  const BotId id{std::string(bot)};
  for (int attempt = 0; attempt < 16; ++attempt) {
    OMEGA_ASSIGN_OR_RETURN(auto current, states.get_state(id, key));
    const std::int64_t version = current ? current->version : 0;
    if (current && current->value == value) return ok_status();
    auto written = states.compare_and_set_state(id, key, version, value);
    if (written.ok()) return ok_status();
    if (written.error().code() != ErrorCode::kState) return written.error();
  }
  return Error(ErrorCode::kState, "bot state " + std::string(bot) + "/" + std::string(key) +
                                      ": too many concurrent writers");
}

// What StoreFarmState derives from the ledger, kept between answers and brought up to date
// with the fills appended since (the ledger only grows; an order's status may change, so the
// orders are read again on every ledger change).
struct StoreFarmState::Ledger {
  // One fill's contribution to /performance.
  struct FillStat {
    std::string bot;
    Timestamp ts;
    Money fee;
    Money volume;    // price * quantity
    Money realized;  // zero for an opening fill
    bool closed = false;
  };

  std::string version;  // Store::ledger_version when this was read
  std::size_t fills = 0;
  std::map<BookKey, CostBook> books;      // every fill, per bot and symbol
  std::map<std::string, Money> flows;     // cash moved by fills and fees, by currency
  std::map<std::string, int> quote_uses;  // fills per quote currency
  std::vector<FillStat> stats;            // per fill, ledger order
  std::set<std::string> bots_with_fills;
  std::vector<store::PositionSnapshot> positions;
  std::vector<store::OrderRecord> open_orders;  // ledger order
  std::vector<Timestamp> rejected_at;           // ts_updated of every rejected order

  // Applies one fill to the books, the cash flows and the statistics.
  Status apply(const FillRecord& f) {
    const Symbol& s = f.symbol;
    const std::string quote = s.quote().to_string();
    ++quote_uses[quote];
    CostBook& b = books[{f.bot_id.value(), s.to_string()}];
    OMEGA_ASSIGN_OR_RETURN(auto r, b.apply(f.fill.side, f.fill.price, f.fill.quantity));
    OMEGA_ASSIGN_OR_RETURN(Money n, notional(f.fill.price, f.fill.quantity));
    if (s.is_spot()) {
      const bool buy = f.fill.side == OrderSide::kBuy;
      OMEGA_ASSIGN_OR_RETURN(Money flow, buy ? n.negate() : Result<Money>(n));
      OMEGA_TRY(add_to(flows, quote, flow));
      OMEGA_ASSIGN_OR_RETURN(auto base_flow,
                             Money::from_scaled(f.fill.quantity.scaled()));  // base units
      OMEGA_ASSIGN_OR_RETURN(Money bf, buy ? Result<Money>(base_flow) : base_flow.negate());
      OMEGA_TRY(add_to(flows, s.base().to_string(), bf));
    } else if (s.is_linear()) {
      // Contracts settle realised PnL in the settle currency (linear: the quote).
      OMEGA_TRY(add_to(flows, s.settle().to_string(), r.first));
    }
    if (!f.fill.fee_currency.empty()) {
      OMEGA_ASSIGN_OR_RETURN(Money fee, f.fill.fee.negate());
      OMEGA_TRY(add_to(flows, f.fill.fee_currency.to_string(), fee));
    }
    stats.push_back({f.bot_id.value(), f.fill.ts_event, f.fill.fee, n, r.first, r.second});
    bots_with_fills.insert(f.bot_id.value());
    ++fills;
    return ok_status();
  }
};

StoreFarmState::StoreFarmState(store::Store& store, LedgerCaching caching)
    : store_(&store), caching_(caching) {}

StoreFarmState::~StoreFarmState() = default;

Status StoreFarmState::refresh() {
  OMEGA_ASSIGN_OR_RETURN(std::string version, store_->ledger_version());
  if (caching_ == LedgerCaching::kIncremental && ledger_ && ledger_->version == version) {
    return ok_status();
  }
  // The version is read first: a write landing while we read changes it again, so the next
  // answer reads again (never an answer older than the version it is kept under).
  std::unique_ptr<Ledger> next;
  if (caching_ == LedgerCaching::kIncremental && ledger_) {
    next = std::move(ledger_);
    OMEGA_ASSIGN_OR_RETURN(auto fills, store_->fills_since(next->fills));
    for (const FillRecord& f : fills) OMEGA_TRY(next->apply(f));
  }
  OMEGA_ASSIGN_OR_RETURN(auto positions, store_->positions());
  std::int64_t counted = 0;
  for (const auto& p : positions) counted += p.fill_count;
  if (next && counted != static_cast<std::int64_t>(next->fills)) {
    // Positions count fills the kept books do not (a store replaced under us, or a fill that
    // landed between the two reads): start again from the first fill.
    next.reset();
  }
  if (next) {
    ++incremental_reads_;
  } else {
    ++full_reads_;
    next = std::make_unique<Ledger>();
    OMEGA_ASSIGN_OR_RETURN(auto fills, store_->fills());
    for (const FillRecord& f : fills) OMEGA_TRY(next->apply(f));
    if (counted != static_cast<std::int64_t>(next->fills)) version.clear();  // read again
  }
  next->version = std::move(version);
  next->positions = std::move(positions);
  OMEGA_ASSIGN_OR_RETURN(auto orders, store_->orders());
  next->open_orders.clear();
  next->rejected_at.clear();
  for (auto& o : orders) {
    if (o.status == OrderStatus::kRejected) next->rejected_at.push_back(o.ts_updated);
    if (is_open(o.status)) next->open_orders.push_back(std::move(o));
  }
  ledger_ = std::move(next);
  return ok_status();
}

Result<std::string> StoreFarmState::farm_value(std::string_view key) {
  OMEGA_ASSIGN_OR_RETURN(auto v, store_->get_state(BotId(std::string(kFarmStateBot)), key));
  return v ? v->value : std::string();
}

Result<std::optional<Price>> StoreFarmState::mark(const Symbol& symbol, Marks& memo) {
  const std::string name = symbol.to_string();
  if (auto it = memo.find(name); it != memo.end()) return it->second;
  // The finest timeframe with a bar is the freshest close.
  std::optional<Price> found;
  for (const Timeframe tf : {Timeframe::m1(), Timeframe::m5(), Timeframe::m15(), Timeframe::h1(),
                             Timeframe::h4(), Timeframe::d1()}) {
    OMEGA_ASSIGN_OR_RETURN(auto c, store_->latest_candle(symbol, tf));
    if (c) {
      found = c->close;
      break;
    }
  }
  memo.emplace(name, found);
  return found;
}

Result<FarmStatus> StoreFarmState::status() {
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  FarmStatus out;
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::BotStateEntry> state, store_->all_state());
  std::map<std::string, BotStatus> bots;
  for (const store::BotStateEntry& e : state) {
    if (e.bot_id.value() == kFarmStateBot) {
      if (e.key == farm_keys::kHalted) out.halted = e.value.value == "true";
      if (e.key == farm_keys::kHaltReason) out.halt_reason = e.value.value;
      if (e.key == farm_keys::kKillSwitch) out.kill_switch = e.value.value == "true";
      continue;
    }
    if (e.key != farm_keys::kRunState && e.key != farm_keys::kKind) continue;
    BotStatus& b = bots[e.bot_id.value()];
    b.bot_id = e.bot_id.value();
    (e.key == farm_keys::kRunState ? b.run_state : b.kind) = e.value.value;
  }
  for (const auto& p : ledger_->positions) {
    BotStatus& b = bots[p.bot_id.value()];
    b.bot_id = p.bot_id.value();
    if (!is_zero(p.net_quantity)) ++b.open_positions;
    b.fills += p.fill_count;
    if (!b.last_fill || *b.last_fill < p.ts_updated) b.last_fill = p.ts_updated;
  }
  for (const auto& o : ledger_->open_orders) {
    BotStatus& b = bots[o.bot_id.value()];
    b.bot_id = o.bot_id.value();
    ++b.open_orders;
  }
  for (auto& [id, b] : bots) {
    if (b.run_state.empty()) b.run_state = "unknown";
    out.bots.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<PositionView>> StoreFarmState::positions() {
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  Marks marks;
  return positions_locked(marks);
}

Result<std::vector<PositionView>> StoreFarmState::positions_locked(Marks& marks) {
  std::vector<PositionView> out;
  for (const auto& p : ledger_->positions) {
    if (is_zero(p.net_quantity)) continue;
    PositionView v;
    v.bot_id = p.bot_id.value();
    v.symbol = p.symbol;
    v.net_quantity = p.net_quantity;
    if (auto it = ledger_->books.find({v.bot_id, p.symbol.to_string()});
        it != ledger_->books.end() && it->second.position == p.net_quantity) {
      OMEGA_ASSIGN_OR_RETURN(v.avg_entry, it->second.average());
    }
    OMEGA_ASSIGN_OR_RETURN(v.mark, mark(p.symbol, marks));
    if (v.mark) {
      OMEGA_ASSIGN_OR_RETURN(Quantity size, abs_q(p.net_quantity));
      OMEGA_ASSIGN_OR_RETURN(Money n, notional(*v.mark, size));
      v.notional = n;
      if (v.avg_entry) {
        OMEGA_ASSIGN_OR_RETURN(Money at_mark, notional(*v.mark, p.net_quantity));
        OMEGA_ASSIGN_OR_RETURN(Money at_entry, notional(*v.avg_entry, p.net_quantity));
        OMEGA_ASSIGN_OR_RETURN(Money u, at_mark.sub(at_entry));
        v.unrealized = u;
      }
    }
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const PositionView& a, const PositionView& b) {
    return std::pair(a.bot_id, a.symbol.to_string()) < std::pair(b.bot_id, b.symbol.to_string());
  });
  return out;
}

Result<std::vector<store::OrderRecord>> StoreFarmState::open_orders() {
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  return ledger_->open_orders;
}

Result<BalanceView> StoreFarmState::balance() {
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  Marks marks;
  OMEGA_ASSIGN_OR_RETURN(auto views, positions_locked(marks));
  return balance_locked(views);
}

Result<BalanceView> StoreFarmState::balance_locked(const std::vector<PositionView>& views) {
  BalanceView out;
  OMEGA_ASSIGN_OR_RETURN(std::string initial_text, farm_value(farm_keys::kInitial));
  OMEGA_ASSIGN_OR_RETURN(auto cash, parse_initial(initial_text));
  for (const auto& [currency, flow] : ledger_->flows) OMEGA_TRY(add_to(cash, currency, flow));
  for (auto& [currency, amount] : cash) out.cash.push_back({currency, amount});
  const auto& quote_uses = ledger_->quote_uses;
  if (!quote_uses.empty()) {
    out.quote =
        std::max_element(quote_uses.begin(), quote_uses.end(), [](const auto& a, const auto& b) {
          return a.second < b.second;
        })->first;
  } else if (cash.size() == 1) {
    out.quote = cash.begin()->first;
  }
  if (out.quote.empty()) return out;
  // Equity in the quote currency: its cash, spot holdings and open contract PnL at marks.
  Money equity = cash.count(out.quote) != 0 ? cash[out.quote] : Money::zero(0);
  Money unrealized = Money::zero(0);
  bool complete = true;
  for (const PositionView& v : views) {
    if (v.symbol.quote().to_string() != out.quote) continue;
    if (!v.mark) {
      complete = false;
      continue;
    }
    if (v.symbol.is_spot()) {
      OMEGA_ASSIGN_OR_RETURN(Money value, notional(*v.mark, v.net_quantity));
      OMEGA_ASSIGN_OR_RETURN(equity, equity.add(value));
    } else if (v.unrealized) {
      OMEGA_ASSIGN_OR_RETURN(equity, equity.add(*v.unrealized));
    }
    if (v.unrealized) {
      OMEGA_ASSIGN_OR_RETURN(unrealized, unrealized.add(*v.unrealized));
    }
  }
  if (complete) {
    out.equity = equity;
    out.unrealized = unrealized;
  }
  return out;
}

Result<PerformanceView> StoreFarmState::performance(std::string_view bot, std::string_view period,
                                                    Timestamp now) {
  OMEGA_ASSIGN_OR_RETURN(Duration length, period_length(period));
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  const Timestamp from = length == Duration::max() ? Timestamp::from_ns(INT64_MIN) : now - length;
  PerformanceView out;
  out.bot = std::string(bot);
  out.period = std::string(period);
  out.realized = zero_money();
  out.fees = zero_money();
  out.volume = zero_money();
  for (const Ledger::FillStat& f : ledger_->stats) {
    if (!bot.empty() && f.bot != bot) continue;
    if (f.ts < from || now < f.ts) continue;
    ++out.fills;
    OMEGA_ASSIGN_OR_RETURN(out.fees, out.fees.add(f.fee));
    OMEGA_ASSIGN_OR_RETURN(out.volume, out.volume.add(f.volume));
    if (f.closed) {
      ++out.closes;
      if (f.realized > Money::zero(0)) ++out.wins;
      OMEGA_ASSIGN_OR_RETURN(out.realized, out.realized.add(f.realized));
    }
  }
  if (!bot.empty() && ledger_->bots_with_fills.count(std::string(bot)) == 0) {
    // A bot with state but no fills is known, with nothing to show.
    OMEGA_ASSIGN_OR_RETURN(auto run,
                           store_->get_state(BotId(std::string(bot)), farm_keys::kRunState));
    if (!run) return Error(ErrorCode::kNotFound, "no bot called '" + std::string(bot) + "'");
  }
  OMEGA_ASSIGN_OR_RETURN(out.net, out.realized.sub(out.fees));
  // Drawdown of the account equity series over the period (analytics: double is fine here).
  const Timestamp series_from = length == Duration::max() ? Timestamp::from_ns(0) : from;
  OMEGA_ASSIGN_OR_RETURN(auto points,
                         store_->metric_range(kEquityMetric, series_from, now + Duration(1)));
  if (!points.empty()) {
    double peak = points.front().value;
    double worst = 0;
    for (const store::MetricPoint& p : points) {
      peak = std::max(peak, p.value);
      if (peak > 0) worst = std::max(worst, (peak - p.value) / peak * 100.0);
    }
    out.max_drawdown_pct = worst;
  }
  return out;
}

Result<RiskView> StoreFarmState::risk(Timestamp now) {
  std::lock_guard lock(mutex_);
  OMEGA_TRY(refresh());
  RiskView out;
  out.gross = zero_money();
  OMEGA_ASSIGN_OR_RETURN(std::string halted, farm_value(farm_keys::kHalted));
  out.halted = halted == "true";
  OMEGA_ASSIGN_OR_RETURN(out.halt_reason, farm_value(farm_keys::kHaltReason));
  OMEGA_ASSIGN_OR_RETURN(std::string kill, farm_value(farm_keys::kKillSwitch));
  out.kill_switch = kill == "true";
  OMEGA_ASSIGN_OR_RETURN(out.limits, farm_value(farm_keys::kLimits));
  Marks marks;
  OMEGA_ASSIGN_OR_RETURN(auto views, positions_locked(marks));
  for (const PositionView& v : views) {
    if (!v.notional) continue;
    out.exposures.push_back({v.bot_id, v.symbol.to_string(), *v.notional, 0});
    OMEGA_ASSIGN_OR_RETURN(out.gross, out.gross.add(*v.notional));
  }
  const double gross = out.gross.to_double();
  for (ExposureLine& e : out.exposures) {
    e.share_pct = gross > 0 ? e.notional.to_double() / gross * 100.0 : 0;
  }
  std::sort(out.exposures.begin(), out.exposures.end(),
            [](const ExposureLine& a, const ExposureLine& b) { return b.notional < a.notional; });
  OMEGA_ASSIGN_OR_RETURN(BalanceView bal, balance_locked(views));
  out.equity = bal.equity;
  if (bal.equity && bal.equity->to_double() > 0) {
    out.leverage = gross / bal.equity->to_double();
  }
  // Denials: orders the risk engine refused in the last 24 hours (status rejected in the ledger).
  const Timestamp day_ago = now - Duration(std::chrono::hours(24));
  for (const Timestamp ts : ledger_->rejected_at) {
    if (day_ago <= ts) ++out.denials_24h;
  }
  return out;
}

}  // namespace omega::chat
