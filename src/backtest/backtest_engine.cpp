// Implements BacktestEngine's replay loop.
#include "backtest/backtest_engine.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

namespace omega::backtest {
namespace {

// Returns how many units of work pass between two progress reports.
std::size_t progress_step(const BacktestConfig& config, std::size_t total) {
  if (config.progress_every > 0) return config.progress_every;
  return std::max<std::size_t>(1, total / 200);
}

}  // namespace

BacktestEngine::BacktestEngine(BacktestConfig config)
    : config_(std::move(config)), portfolio_(config_.starting_balance, config_.money_precision) {}

Result<std::unique_ptr<BacktestEngine>> BacktestEngine::create(BacktestConfig config,
                                                               const VenueWrapper& wrap_venue) {
  if (!config.instrument)
    return Error(ErrorCode::kInvalidArgument, "a backtest needs an instrument");
  std::unique_ptr<BacktestEngine> engine(new BacktestEngine(std::move(config)));
  OMEGA_ASSIGN_OR_RETURN(engine::InstrumentIndex index,
                         engine->portfolio_.add_instrument(*engine->config_.instrument));
  (void)index;
  std::vector<FeeSchedule> fees;
  if (engine->config_.fees) fees.push_back(*engine->config_.fees);
  engine::ExecutionVenue* venue = nullptr;
  if (engine->config_.book_matching) {
    const Instrument& spec = engine->portfolio_.instrument(0);
    engine->book_exchange_ = std::make_unique<BookExchange>(
        engine->portfolio_,
        engine->config_.fees ? *engine->config_.fees
                             : FeeSchedule{spec.maker_fee(), spec.taker_fee()},
        engine->config_.exchange);
    venue = engine->book_exchange_.get();
  } else {
    engine->exchange_ = std::make_unique<SimulatedExchange>(engine->portfolio_, std::move(fees),
                                                            engine->config_.exchange);
    venue = engine->exchange_.get();
    if (wrap_venue) {
      engine->wrapper_ = wrap_venue(*engine->exchange_);
      if (!engine->wrapper_)
        return Error(ErrorCode::kInvalidArgument, "the venue wrapper gave none");
      venue = engine->wrapper_.get();
    }
  }
  if (wrap_venue && engine->config_.book_matching) {
    return Error(ErrorCode::kInvalidArgument, "a venue wrapper needs bar matching");
  }
  engine->kernel_ = std::make_unique<engine::Kernel>(engine->clock_, engine->portfolio_, *venue,
                                                     engine->config_.risk);
  BacktestEngine* self = engine.get();
  engine->kernel_->bus().subscribe<engine::OrderUpdated>(
      [self](const engine::OrderUpdated& u) { self->record(u); });
  engine->kernel_->bus().subscribe<engine::NotificationRaised>(
      [self](const engine::NotificationRaised& n) { self->notifications_.push_back(n); });
  engine->kernel_->bus().subscribe<engine::SignalPublished>(
      [self](const engine::SignalPublished& s) { self->signals_.push_back(s); });
  return engine;
}

Status BacktestEngine::add_bot(std::unique_ptr<engine::Bot> bot, const engine::BotId& id,
                               const Config& params) {
  return kernel_->add_bot(std::move(bot), id, params);
}

void BacktestEngine::record(const engine::OrderUpdated& u) {
  OrderRecord* rec = nullptr;
  // An order's first event is kSubmitted or kDenied (or kRejected when execution refused it
  // outright), so those need no search; later events find their record by the order's
  // sequence number.
  const bool first_event =
      u.kind == engine::OrderUpdateKind::kSubmitted || u.kind == engine::OrderUpdateKind::kDenied;
  if (!first_event && u.order_seq != 0 && u.order_seq < seq_index_.size() &&
      seq_index_[u.order_seq] != 0) {
    rec = &orders_[seq_index_[u.order_seq] - 1];
  }
  if (rec == nullptr) {
    if (u.order_seq != 0) {
      if (seq_index_.size() <= u.order_seq) {
        seq_index_.resize(std::max<std::size_t>(u.order_seq + 1, 2 * seq_index_.size()), 0);
      }
      seq_index_[u.order_seq] = static_cast<std::uint32_t>(orders_.size() + 1);
    }
    // Built in place: a record holds four strings, each a copy when moved.
    OrderRecord& r = orders_.emplace_back();
    r.id = u.client_order_id;
    r.bot = u.bot;
    r.ts_submitted = u.ts;
    r.side = u.side;
    r.type = u.type;
    r.price = u.price;
    r.trigger_price = u.trigger_price;
    r.reduce_only = u.reduce_only;
    r.tag = u.tag;
    r.filled_notional = Money::zero(0);
    r.fees = Money::zero(0);
    rec = &r;
  }
  rec->ts_last = u.ts;
  if (u.quantity.is_positive()) rec->quantity = u.quantity;
  if (u.kind == engine::OrderUpdateKind::kAmended) {
    rec->trigger_price = u.trigger_price;
    return;
  }
  if (u.kind == engine::OrderUpdateKind::kFilled ||
      u.kind == engine::OrderUpdateKind::kPartiallyFilled) {
    rec->filled_quantity = u.filled_quantity;
    auto n = notional(u.fill_price, u.fill_quantity);
    // The first fill's amounts are taken as they are (the record starts at a precision-0 zero,
    // and adding across precisions takes the slow path); later fills add up exactly.
    if (n.ok()) {
      rec->filled_notional = rec->filled_notional.is_zero()
                                 ? *n
                                 : rec->filled_notional.add(*n).value_or(rec->filled_notional);
    }
    rec->fees = rec->fees.is_zero() ? u.fee : rec->fees.add(u.fee).value_or(rec->fees);
  }
  if (u.kind != engine::OrderUpdateKind::kTriggered) rec->status = u.kind;
  if (!u.reason.empty()) rec->reason = u.reason;
}

// One bar through the exchange (or its detail bars), the clock, the kernel and the equity
// curve: the whole of a step, shared by run and step so both replay a bar the same way. Always
// inlined: in run's loop the call, its Status in memory and the bar's reload would otherwise
// cost as much as the bar's own bookkeeping.
[[gnu::always_inline]] inline Status BacktestEngine::advance(const Candle& bar,
                                                             Timestamp close_time) {
  const engine::InstrumentIndex instrument = 0;
  if (detail_ == nullptr || !match_detail(*detail_, detail_next_, bar, close_time)) {
    clock_.advance_to(bar.open_time);
    exchange_->process_bar(instrument, bar);
  }
  clock_.advance_to(close_time);
  kernel_->on_candle(instrument, bar);
  ++next_;
  auto equity = portfolio_.equity();
  if (!equity.ok()) return std::move(equity).error().with_context("equity after a bar");
  result_.equity.push_back(
      EquityPoint{close_time, *equity, !portfolio_.position(instrument).is_flat()});
  return ok_status();
}

Result<BacktestResult> BacktestEngine::run(const data::CandleSeries& bars,
                                           const data::CandleSeries* detail) {
  OMEGA_TRY(begin(bars, detail));
  // The same as stepping every bar (step: the next bar assembled one step ahead, then advance),
  // with the columns held in locals so the loop does not reload them through bars_.
  const std::size_t total = bars.size();
  const std::size_t every = progress_step(config_, total);
  std::size_t next_progress = config_.progress ? every : std::numeric_limits<std::size_t>::max();
  const int pp = bars.price_precision();
  const int vp = bars.volume_precision();
  const auto t = bars.open_time_ns();
  const auto o = bars.open_raw();
  const auto h = bars.high_raw();
  const auto l = bars.low_raw();
  const auto c = bars.close_raw();
  const auto v = bars.volume_raw();
  for (std::size_t i = 0; i < total; ++i) {
    if (i == next_progress) {
      config_.progress(i, total);
      next_progress += every;
    }
    const Candle& bar = bar_slots_[i & 1];
    if (i + 1 < total) {
      bar_slots_[(i + 1) & 1] = Candle{Timestamp(t[i + 1]),
                                       Price::from_raw_unchecked(o[i + 1], pp),
                                       Price::from_raw_unchecked(h[i + 1], pp),
                                       Price::from_raw_unchecked(l[i + 1], pp),
                                       Price::from_raw_unchecked(c[i + 1], pp),
                                       Quantity::from_raw_unchecked(v[i + 1], vp)};
    }
    const Timestamp close_time =
        fixed_length_ ? Timestamp(t[i] + bar_ns_) : tf_.next_open(Timestamp(t[i]));
    OMEGA_TRY(advance(bar, close_time));
  }
  if (config_.progress) config_.progress(total, total);
  return finish();
}

Status BacktestEngine::begin(const data::CandleSeries& bars, const data::CandleSeries* detail) {
  if (ran_) return Error(ErrorCode::kState, "a BacktestEngine runs once");
  if (!exchange_) return Error(ErrorCode::kState, "built for book matching: use run_book");
  if (bars.empty()) return Error(ErrorCode::kInvalidArgument, "no bars to replay");
  if (config_.timeframe) {
    tf_ = *config_.timeframe;
  } else if (auto detected = data::detect_timeframe(bars)) {
    tf_ = *detected;
  } else {
    return Error(ErrorCode::kInvalidArgument, "cannot detect the bars' timeframe; pass one");
  }
  ran_ = true;
  bars_ = &bars;
  detail_ = detail;
  fixed_length_ = !tf_.is_calendar();
  bar_ns_ = tf_.duration().count();
  next_ = 0;
  detail_next_ = 0;
  result_.starting_balance = config_.starting_balance;
  result_.timeframe = tf_;
  result_.interval = tf_.to_string();
  result_.equity.reserve(bars.size());
  bar_slots_[0] = row(0);
  result_.first_open = Timestamp(bars.open_time_ns()[0]);
  seq_index_.reserve(1024);
  orders_.reserve(1024);
  clock_.advance_to(result_.first_open);
  kernel_->start();
  return ok_status();
}

Timestamp BacktestEngine::first_open_time() const {
  return result_.first_open;
}

Timestamp BacktestEngine::next_close_time() const {
  const std::int64_t open = bars_->open_time_ns()[next_];
  return fixed_length_ ? Timestamp(open + bar_ns_) : tf_.next_open(Timestamp(open));
}

Candle BacktestEngine::row(std::size_t i) const {
  const data::CandleSeries& bars = *bars_;
  const int pp = bars.price_precision();
  const int vp = bars.volume_precision();
  return Candle{Timestamp(bars.open_time_ns()[i]),
                Price::from_raw_unchecked(bars.open_raw()[i], pp),
                Price::from_raw_unchecked(bars.high_raw()[i], pp),
                Price::from_raw_unchecked(bars.low_raw()[i], pp),
                Price::from_raw_unchecked(bars.close_raw()[i], pp),
                Quantity::from_raw_unchecked(bars.volume_raw()[i], vp)};
}

Status BacktestEngine::step() {
  if (!has_next() || finished_) return Error(ErrorCode::kState, "no bar left to step");
  // The next bar is assembled one step ahead. A Candle built field by field (8-byte raws,
  // 1-byte precisions) and copied at once right after (the kernel keeps the last bar, the bus
  // hands out a copy) makes the CPU wait for those narrow stores to drain: store-to-load
  // forwarding cannot merge them into the copy's 16-byte loads. One bar later they have drained.
  const Candle& bar = bar_slots_[next_ & 1];
  if (next_ + 1 < bars_->size()) bar_slots_[(next_ + 1) & 1] = row(next_ + 1);
  return advance(bar, next_close_time());
}

bool BacktestEngine::match_detail(const data::CandleSeries& detail, std::size_t& d,
                                  const Candle& bar, Timestamp close_time) {
  const engine::InstrumentIndex instrument = 0;
  bool matched = false;
  while (d < detail.size() && detail.open_time(d) < bar.open_time) ++d;
  while (d < detail.size() && detail.open_time(d) < close_time) {
    const Candle fine = detail.candle(d);
    clock_.advance_to(fine.open_time);
    exchange_->process_bar(instrument, fine);
    matched = true;
    ++d;
  }
  return matched;
}

Result<BacktestResult> BacktestEngine::finish() {
  if (bars_ == nullptr || finished_) return Error(ErrorCode::kState, "finish follows begin, once");
  if (result_.equity.empty()) return Error(ErrorCode::kState, "no bar was stepped");
  finished_ = true;
  result_.bars = next_;
  collect(result_);
  return std::move(result_);
}

void BacktestEngine::collect(BacktestResult& result) {
  kernel_->stop();
  result.last_close = result.equity.back().ts;
  result.final_equity = result.equity.back().equity();
  result.trips = portfolio_.round_trips();
  result.fees_paid = portfolio_.fees_paid();
  result.funding_paid = portfolio_.funding_paid();
  result.orders = std::move(orders_);  // the engine runs once: its log moves into the result
  result.notifications = std::move(notifications_);
  result.signals = std::move(signals_);
  result.bot_metrics = kernel_->bot_metrics();
}

Result<BacktestResult> BacktestEngine::run_book(const data::MarketCapture& capture, Duration bar) {
  if (ran_) return Error(ErrorCode::kState, "a BacktestEngine runs once");
  ran_ = true;
  if (!book_exchange_) {
    return Error(ErrorCode::kState, "book replay needs a BacktestConfig with book_matching");
  }
  if (bar.count() <= 0) return Error(ErrorCode::kInvalidArgument, "the bar length must be > 0");
  if (capture.events.empty()) return Error(ErrorCode::kInvalidArgument, "empty capture");
  const std::int64_t bar_ns = bar.count();
  const int pp = capture.price_precision;
  const int qp = capture.quantity_precision;
  const engine::InstrumentIndex instrument = 0;
  BinanceDepthBook depth(capture.market, pp, qp);
  BacktestResult result;
  result.starting_balance = config_.starting_balance;
  result.timeframe =
      Timeframe::from_duration(bar).value_or(config_.timeframe.value_or(Timeframe::m1()));
  result.interval = format_duration(bar);
  result.built_bars = data::CandleSeries(pp, qp);
  const std::size_t total = capture.events.size();
  const std::size_t every = progress_step(config_, total);
  std::size_t next_progress = config_.progress ? every : std::numeric_limits<std::size_t>::max();
  std::size_t done = 0;

  std::int64_t now = capture.events.front().ts_ns;
  clock_.advance_to(Timestamp(now));
  kernel_->start();
  bool open = false;  // a bar is being built
  std::int64_t bar_open = 0;
  std::int64_t o = 0, h = 0, l = 0, c = 0, v = 0;
  auto close_bar = [&]() -> Status {
    const Timestamp close_time(bar_open + bar_ns);
    if (result.bars == 0) result.first_open = Timestamp(bar_open);
    clock_.advance_to(close_time);
    kernel_->on_candle(
        instrument, Candle{Timestamp(bar_open), Price::from_raw_unchecked(o, pp),
                           Price::from_raw_unchecked(h, pp), Price::from_raw_unchecked(l, pp),
                           Price::from_raw_unchecked(c, pp), Quantity::from_raw_unchecked(v, qp)});
    result.built_bars.push_back_raw(bar_open, o, h, l, c, v);
    OMEGA_ASSIGN_OR_RETURN(Money equity, portfolio_.equity());
    result.equity.push_back(
        EquityPoint{close_time, equity, !portfolio_.position(instrument).is_flat()});
    ++result.bars;
    open = false;
    return ok_status();
  };
  for (const data::CaptureEvent& e : capture.events) {
    if (++done == next_progress) {
      config_.progress(done, total);
      next_progress += every;
    }
    now = std::max(now, e.ts_ns);
    if (open && now >= bar_open + bar_ns) OMEGA_TRY(close_bar());
    clock_.advance_to(Timestamp(now));
    // Orders that have arrived act on the book as it stands before this event changes it.
    if (depth.synced()) book_exchange_->on_time(Timestamp(now), depth.book());
    switch (e.kind) {
      case data::CaptureEvent::Kind::kSnapshot:
      case data::CaptureEvent::Kind::kDiff: {
        const data::CapturedDepth& d = capture.depths[e.index];
        const std::span<const RawLevel> bids(capture.levels.data() + d.offset, d.bid_count);
        const std::span<const RawLevel> asks(capture.levels.data() + d.offset + d.bid_count,
                                             d.ask_count);
        if (e.kind == data::CaptureEvent::Kind::kSnapshot) {
          Status seeded = depth.on_snapshot(d.ids.last, bids, asks);
          if (!seeded.ok()) return std::move(seeded).error().with_context("depth snapshot");
        } else {
          (void)depth.on_diff(d.ids, bids, asks);
        }
        break;
      }
      case data::CaptureEvent::Kind::kTrade: {
        const data::CapturedTrade& t = capture.trades[e.index];
        if (depth.synced()) {
          book_exchange_->on_trade(Timestamp(now), t.price, t.quantity, t.buyer_is_maker,
                                   depth.book());
        }
        if (!open) {
          open = true;
          bar_open = Timestamp::floor_div(now, bar_ns) * bar_ns;
          o = h = l = c = t.price;
          v = 0;
        }
        h = std::max(h, t.price);
        l = std::min(l, t.price);
        c = t.price;
        v += t.quantity;
        break;
      }
    }
  }
  if (open) OMEGA_TRY(close_bar());
  if (result.equity.empty()) return Error(ErrorCode::kInvalidArgument, "no trades in the capture");
  if (config_.progress) config_.progress(total, total);
  collect(result);
  return result;
}

}  // namespace omega::backtest
