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

Result<std::unique_ptr<BacktestEngine>> BacktestEngine::create(BacktestConfig config) {
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
        engine->config_.exchange.latency);
    venue = engine->book_exchange_.get();
  } else {
    engine->exchange_ = std::make_unique<SimulatedExchange>(engine->portfolio_, std::move(fees),
                                                            engine->config_.exchange);
    venue = engine->exchange_.get();
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
    OrderRecord r;
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
    if (u.order_seq != 0) {
      if (seq_index_.size() <= u.order_seq) {
        seq_index_.resize(std::max<std::size_t>(u.order_seq + 1, 2 * seq_index_.size()), 0);
      }
      seq_index_[u.order_seq] = static_cast<std::uint32_t>(orders_.size() + 1);
    }
    orders_.push_back(std::move(r));
    rec = &orders_.back();
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
    if (n.ok()) rec->filled_notional = rec->filled_notional.add(*n).value_or(rec->filled_notional);
    rec->fees = rec->fees.add(u.fee).value_or(rec->fees);
  }
  if (u.kind != engine::OrderUpdateKind::kTriggered) rec->status = u.kind;
  if (!u.reason.empty()) rec->reason = u.reason;
}

Result<BacktestResult> BacktestEngine::run(const data::CandleSeries& bars,
                                           const data::CandleSeries* detail) {
  if (ran_) return Error(ErrorCode::kState, "a BacktestEngine runs once");
  ran_ = true;
  if (!exchange_) return Error(ErrorCode::kState, "built for book matching: use run_book");
  if (bars.empty()) return Error(ErrorCode::kInvalidArgument, "no bars to replay");
  Timeframe tf;
  if (config_.timeframe) {
    tf = *config_.timeframe;
  } else if (auto detected = data::detect_timeframe(bars)) {
    tf = *detected;
  } else {
    return Error(ErrorCode::kInvalidArgument, "cannot detect the bars' timeframe; pass one");
  }
  const bool fixed_length = !tf.is_calendar();
  const std::int64_t bar_ns = tf.duration().count();

  BacktestResult result;
  result.starting_balance = config_.starting_balance;
  result.timeframe = tf;
  result.equity.reserve(bars.size());
  seq_index_.reserve(1024);
  const engine::InstrumentIndex instrument = 0;
  const int pp = bars.price_precision();
  const int vp = bars.volume_precision();
  const auto t = bars.open_time_ns();
  const auto o = bars.open_raw();
  const auto h = bars.high_raw();
  const auto l = bars.low_raw();
  const auto c = bars.close_raw();
  const auto v = bars.volume_raw();
  std::size_t d = 0;  // next detail row

  const std::size_t total = bars.size();
  const std::size_t step = progress_step(config_, total);
  std::size_t next_progress = config_.progress ? step : std::numeric_limits<std::size_t>::max();

  clock_.advance_to(Timestamp(t[0]));
  kernel_->start();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (i == next_progress) {
      config_.progress(i, total);
      next_progress += step;
    }
    const Candle bar{Timestamp(t[i]),
                     Price::from_raw_unchecked(o[i], pp),
                     Price::from_raw_unchecked(h[i], pp),
                     Price::from_raw_unchecked(l[i], pp),
                     Price::from_raw_unchecked(c[i], pp),
                     Quantity::from_raw_unchecked(v[i], vp)};
    const Timestamp close_time =
        fixed_length ? Timestamp(t[i] + bar_ns) : tf.next_open(Timestamp(t[i]));
    bool matched = false;
    if (detail != nullptr) {
      while (d < detail->size() && detail->open_time(d) < bar.open_time) ++d;
      while (d < detail->size() && detail->open_time(d) < close_time) {
        const Candle fine = detail->candle(d);
        clock_.advance_to(fine.open_time);
        exchange_->process_bar(instrument, fine);
        matched = true;
        ++d;
      }
    }
    if (!matched) {
      clock_.advance_to(bar.open_time);
      exchange_->process_bar(instrument, bar);
    }
    clock_.advance_to(close_time);
    kernel_->on_candle(instrument, bar);
    auto equity = portfolio_.equity();
    if (!equity.ok()) return std::move(equity).error().with_context("equity after a bar");
    result.equity.push_back(
        EquityPoint{close_time, *equity, !portfolio_.position(instrument).is_flat()});
  }
  result.bars = bars.size();
  result.first_open = Timestamp(t[0]);
  if (config_.progress) config_.progress(total, total);
  finish(result);
  return result;
}

void BacktestEngine::finish(BacktestResult& result) {
  kernel_->stop();
  result.last_close = result.equity.back().ts;
  result.final_equity = result.equity.back().equity;
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
  result.timeframe = config_.timeframe.value_or(Timeframe::m1());
  result.built_bars = data::CandleSeries(pp, qp);
  const std::size_t total = capture.events.size();
  const std::size_t step = progress_step(config_, total);
  std::size_t next_progress = config_.progress ? step : std::numeric_limits<std::size_t>::max();
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
      next_progress += step;
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
  finish(result);
  return result;
}

}  // namespace omega::backtest
