// Implements Kernel and the BotContext it hands each bot.
#include "engine/kernel.hpp"

#include <fmt/format.h>

#include "engine/id_text.hpp"

namespace omega::engine {

class Kernel::Context final : public BotContext {
 public:
  Context(Kernel& kernel, BotId id, std::size_t index)
      : kernel_(kernel), id_(std::move(id)), index_(index) {}
  const BotId& bot_id() const override { return id_; }
  Timestamp now() const override { return kernel_.clock_.now(); }
  const Cache& cache() const override { return kernel_; }
  Result<ClientOrderId> submit_order(const SubmitOrder& command) override {
    return kernel_.submit(id_, command);
  }
  Status cancel_order(const ClientOrderId& id) override { return kernel_.cancel(id); }
  Result<IndicatorHandle> create_indicator(std::string_view spec,
                                           InstrumentIndex instrument) override {
    return kernel_.indicators_->create(spec, instrument);
  }
  double indicator(IndicatorHandle handle, std::size_t output) const override {
    return kernel_.indicators_->value(handle, output);
  }
  void publish_signal(InstrumentIndex instrument, std::string name, double value,
                      std::string text) override {
    kernel_.bus_.publish(
        SignalPublished{id_, instrument, std::move(name), value, std::move(text), now()});
  }
  void notify(NotificationLevel level, std::string text) override {
    kernel_.bus_.publish(
        NotificationRaised{level, fmt::format("[{}] {}", id_.value(), text), now()});
  }
  TimerId set_timer(std::string name, Timestamp at, Duration interval) override {
    const TimerId id = kernel_.clock_.set_timer(std::move(name), at, interval);
    kernel_.timer_owner_[id] = index_;
    return id;
  }
  void log(LogLevel level, std::string_view text) const override {
    log_at(level, "[{}] {}", id_.value(), text);
  }
  BotMetrics& metrics() override { return metrics_; }

  // The bot's run state. Kept here, at a stable address, so the bot's bus handlers test it
  // with one load (they capture this context and the bot: 16 bytes, stored inside the
  // std::function) instead of reaching through the kernel's vector of bots on every bar.
  BotRunState run_state() const { return run_state_; }
  void set_run_state(BotRunState state) { run_state_ = state; }

 private:
  Kernel& kernel_;
  BotId id_;
  std::size_t index_;
  BotMetrics metrics_;
  BotRunState run_state_ = BotRunState::kRunning;
};

Kernel::Kernel(Clock& clock, Portfolio& portfolio, ExecutionVenue& venue, const RiskLimits& limits,
               IndicatorSource* indicators)
    : clock_(clock),
      portfolio_(portfolio),
      risk_(limits),
      execution_(clock, bus_, portfolio, venue),
      indicators_(indicators != nullptr ? indicators : &registry_indicators_),
      last_closed_(portfolio.instrument_count()) {
  for (std::size_t i = 0; i < last_closed_.size(); ++i) {
    last_closed_[i].instrument = static_cast<InstrumentIndex>(i);
  }
  // The brackets execution places after a fill pass the risk engine like every order.
  execution_.set_router([this](const BotId& bot, const ClientOrderId& id,
                               const SubmitOrder& command) { (void)route(bot, id, command); });
  clock_.on_timer([this](const TimerFired& fired) {
    auto owner = timer_owner_.find(fired.id);
    if (owner != timer_owner_.end() && running(owner->second)) {
      bots_[owner->second].bot->on_timer(fired);
    }
  });
}

Kernel::~Kernel() {
  clock_.on_timer(nullptr);
}

Status Kernel::add_bot(std::unique_ptr<Bot> bot, const BotId& id, const Config& params) {
  for (const Hosted& h : bots_) {
    if (h.context->bot_id() == id) {
      return Error(ErrorCode::kAlreadyExists, fmt::format("bot id '{}' is taken", id.value()));
    }
  }
  const std::size_t index = bots_.size();
  auto context = std::make_unique<Context>(*this, id, index);
  OMEGA_TRY(bot->initialize(*context, params));
  Bot* raw = bot.get();
  Context* ctx = context.get();
  if (raw->can_handle(Topic::kCandles)) {
    bus_.subscribe<CandleClosed>([ctx, raw](const CandleClosed& m) {
      if (ctx->run_state() == BotRunState::kRunning) raw->on_candle(m);
    });
  }
  if (raw->can_handle(Topic::kTrades)) {
    bus_.subscribe<TradeReceived>([ctx, raw](const TradeReceived& m) {
      if (ctx->run_state() == BotRunState::kRunning) raw->on_trade(m);
    });
  }
  if (raw->can_handle(Topic::kOrderEvents)) {
    bus_.subscribe<OrderUpdated>([ctx, raw](const OrderUpdated& m) {
      if (m.bot == ctx->bot_id() && ctx->run_state() != BotRunState::kStopped)
        raw->on_order_event(m);
    });
  }
  if (raw->can_handle(Topic::kPositionEvents)) {
    bus_.subscribe<PositionChanged>([ctx, raw](const PositionChanged& m) {
      if (ctx->run_state() != BotRunState::kStopped) raw->on_position_event(m);
    });
  }
  bots_.push_back(Hosted{std::move(bot), std::move(context)});
  return ok_status();
}

void Kernel::start() {
  for (Hosted& h : bots_) h.bot->on_start();
}

void Kernel::on_candle(InstrumentIndex instrument, const Candle& candle) {
  CandleClosed& closed = last_closed_[instrument];
  closed.candle = candle;
  Status marked = portfolio_.set_mark(instrument, candle.close);
  if (!marked.ok()) {
    bus_.publish(
        NotificationRaised{NotificationLevel::kCritical, marked.error().to_string(), clock_.now()});
  }
  if (risk_.limits().max_daily_loss) {
    auto equity = portfolio_.equity();
    if (equity.ok() && risk_.on_equity(*equity, clock_.now())) {
      bus_.publish(NotificationRaised{
          NotificationLevel::kCritical,
          fmt::format("kill switch: daily loss limit {} reached (equity {}); new entries halted",
                      risk_.limits().max_daily_loss->to_string_trimmed(),
                      equity->to_string_trimmed()),
          clock_.now()});
    }
  }
  execution_.on_candle(instrument, candle);
  if (indicators_ != &registry_indicators_ || !registry_indicators_.empty()) {
    indicators_->on_candle(instrument, candle);
  }
  bus_.publish(closed);
}

void Kernel::on_trade(const TradeReceived& trade) {
  bus_.publish(trade);
}

void Kernel::stop() {
  for (Hosted& h : bots_) {
    h.bot->update_metrics(h.context->metrics());
    if (state_of(h) != BotRunState::kStopped) h.bot->shutdown();
  }
}

std::string_view to_string(BotRunState state) {
  switch (state) {
    case BotRunState::kRunning:
      return "running";
    case BotRunState::kPaused:
      return "paused";
    case BotRunState::kStopped:
      return "stopped";
  }
  return "running";
}

BotRunState Kernel::state_of(const Hosted& h) const {
  return h.context->run_state();
}

const Kernel::Hosted* Kernel::find(const BotId& id) const {
  for (const Hosted& h : bots_) {
    if (h.context->bot_id() == id) return &h;
  }
  return nullptr;
}

Result<BotRunState> Kernel::bot_state(const BotId& id) const {
  const Hosted* h = find(id);
  if (h == nullptr) return Error(ErrorCode::kNotFound, fmt::format("no bot '{}'", id.value()));
  return state_of(*h);
}

std::vector<BotId> Kernel::bot_ids() const {
  std::vector<BotId> out;
  out.reserve(bots_.size());
  for (const Hosted& h : bots_) out.push_back(h.context->bot_id());
  return out;
}

Result<BotRunState> Kernel::set_bot_state(const BotId& id, BotRunState state) {
  Hosted* h = nullptr;
  for (Hosted& candidate : bots_) {
    if (candidate.context->bot_id() == id) h = &candidate;
  }
  if (h == nullptr) return Error(ErrorCode::kNotFound, fmt::format("no bot '{}'", id.value()));
  const BotRunState before = h->context->run_state();
  if (before == state) return before;
  if (state == BotRunState::kStopped) {
    h->bot->update_metrics(h->context->metrics());
    h->context->set_run_state(state);
    h->bot->shutdown();
  } else {
    h->context->set_run_state(state);
    if (before == BotRunState::kStopped) h->bot->on_start();
  }
  bus_.publish(NotificationRaised{
      NotificationLevel::kInfo,
      fmt::format("[{}] {} -> {}", id.value(), to_string(before), to_string(state)), clock_.now()});
  return before;
}

std::vector<std::pair<BotId, BotMetrics>> Kernel::bot_metrics() {
  std::vector<std::pair<BotId, BotMetrics>> out;
  for (Hosted& h : bots_) {
    h.bot->update_metrics(h.context->metrics());
    out.emplace_back(h.context->bot_id(), h.context->metrics());
  }
  return out;
}

void Kernel::halt(std::string reason) {
  bus_.publish(
      NotificationRaised{NotificationLevel::kWarning, "trading halted: " + reason, clock_.now()});
  risk_.halt(std::move(reason));
}

Result<Money> Kernel::reference_notional(const SubmitOrder& command) const {
  if (command.quote_budget) return *command.quote_budget;
  if (!command.quantity) return Money::zero(0);
  const Instrument& instrument = portfolio_.instrument(command.instrument);
  Price reference = portfolio_.mark(command.instrument);
  if (command.price)
    reference = *command.price;
  else if (command.trigger_price)
    reference = *command.trigger_price;
  return instrument.notional(reference, *command.quantity);
}

Status Kernel::deny(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command,
                    const RiskDenial& denial) {
  OrderUpdated u;
  u.kind = OrderUpdateKind::kDenied;
  u.client_order_id = id;
  u.bot = bot;
  u.instrument = command.instrument;
  u.side = command.side;
  u.type = command.type;
  if (command.quantity) u.quantity = *command.quantity;
  u.price = command.price;
  u.trigger_price = command.trigger_price;
  u.reduce_only = command.reduce_only;
  u.reason = fmt::format("{}: {}", to_string(denial.reason), denial.message);
  u.tag = command.tag;
  u.ts = clock_.now();
  bus_.publish(u);
  return Error(ErrorCode::kRejected, u.reason);
}

Result<ClientOrderId> Kernel::submit(const BotId& bot, const SubmitOrder& command) {
  if (command.instrument >= portfolio_.instrument_count()) {
    return Error(ErrorCode::kInvalidArgument, "unknown instrument index");
  }
  if (const Hosted* h = find(bot);
      h != nullptr && state_of(*h) != BotRunState::kRunning && !command.reduce_only) {
    return Error(ErrorCode::kState, fmt::format("bot '{}' is {}: only reduce-only orders pass",
                                                bot.value(), to_string(state_of(*h))));
  }
  ClientOrderId id(id_text(bot.value(), '-', next_order_++));
  OMEGA_TRY(route(bot, id, command));
  return id;
}

Status Kernel::route(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command) {
  RiskCheck check;
  check.instrument = command.instrument;
  check.side = command.side;
  check.reduce_only = command.reduce_only;
  if (command.quantity) check.quantity = *command.quantity;
  auto notional = reference_notional(command);
  if (!notional.ok()) {
    OMEGA_TRY(
        deny(bot, id, command, RiskDenial{DenialReason::kNoPrice, notional.error().message()}));
  }
  check.notional = *notional;
  if (auto denial = risk_.check(check, portfolio_, execution_.open_order_count(), clock_.now())) {
    OMEGA_TRY(deny(bot, id, command, *denial));
  }
  execution_.submit(bot, id, command);
  return ok_status();
}

}  // namespace omega::engine
