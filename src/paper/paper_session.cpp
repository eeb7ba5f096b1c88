// Implements PaperSession: engines per bot, run numbering, start-up reconciliation and the paced
// replay loop.
#include "paper/paper_session.hpp"

#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "core/json_text.hpp"
#include "engine/clock.hpp"
#include "paper/ledger_venue.hpp"
#include "paper/venue_lookups.hpp"

namespace omega::paper {
namespace {

constexpr std::string_view kRunKey = "paper.run";

// Returns the bot's next run number: the version of its "paper.run" state after this run
// claims it (compare-and-set, so two processes never share a number).
Result<std::uint64_t> claim_run_number(store::BotStateStore& state, const store::BotId& bot) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    OMEGA_ASSIGN_OR_RETURN(std::optional<store::VersionedValue> current,
                           state.get_state(bot, kRunKey));
    const std::int64_t version = current ? current->version : 0;
    Result<std::int64_t> claimed =
        state.compare_and_set_state(bot, kRunKey, version, std::to_string(version + 1));
    if (claimed.ok()) return static_cast<std::uint64_t>(*claimed);
    if (claimed.error().code() != ErrorCode::kState) return std::move(claimed).error();
  }
  return Error(
      ErrorCode::kState,
      fmt::format("bot {}: cannot claim a run number (too many concurrent runs)", bot.value()));
}

std::string signal_payload(const engine::SignalPublished& s) {
  return fmt::format("{{\"name\":{},\"value\":{},\"text\":{}}}", json_string(s.name),
                     std::isfinite(s.value) ? fmt::format("{}", s.value) : "null",
                     json_string(s.text));
}

}  // namespace

struct PaperSession::Running {
  std::string name;
  Symbol symbol;
  std::uint64_t run_number = 0;
  std::string id_prefix;
  data::CandleSeries bars;
  std::optional<data::CandleSeries> detail;
  std::unique_ptr<backtest::BacktestEngine> engine;
  LedgerVenue* venue = nullptr;  // between engine's kernel and its exchange; engine owns it
  bool stopped = false;
};

PaperSession::PaperSession(store::Store& store, SessionOptions options, SessionListener* listener)
    : store_(store),
      options_(options),
      listener_(listener),
      own_steady_(options.steady != nullptr ? nullptr : std::make_unique<SystemSteadySource>()),
      pacer_(options.speed, options.steady != nullptr ? *options.steady : *own_steady_) {}

PaperSession::~PaperSession() = default;

Result<std::unique_ptr<PaperSession>> PaperSession::create(std::vector<PaperBot> bots,
                                                           store::Store& store,
                                                           SessionOptions options,
                                                           SessionListener* listener) {
  if (bots.empty()) return Error(ErrorCode::kInvalidArgument, "a paper run needs a bot");
  std::unique_ptr<PaperSession> session(new PaperSession(store, options, listener));
  std::set<std::string> names;
  std::vector<store::VenueOrderLookup*> venues;
  for (PaperBot& b : bots) {
    if (!names.insert(b.name).second) {
      return Error(ErrorCode::kAlreadyExists, fmt::format("two bots are named '{}'", b.name));
    }
    if (!b.config.instrument) {
      return Error(ErrorCode::kInvalidArgument, fmt::format("bot {}: no instrument", b.name));
    }
    auto running = std::make_unique<Running>();
    Running& r = *running;
    const std::size_t index = session->bots_.size();
    r.name = b.name;
    r.symbol = b.config.instrument->instrument.symbol();
    r.bars = std::move(b.bars);
    r.detail = std::move(b.detail);
    const store::BotId bot_id(b.name);
    OMEGA_ASSIGN_OR_RETURN(r.run_number, claim_run_number(store, bot_id));
    r.id_prefix = fmt::format("r{}.", r.run_number);
    b.config.exchange.record_orders_for = bot_id;
    PaperSession* self = session.get();
    LedgerIdentity identity{bot_id, r.symbol, r.id_prefix};
    Running* rp = &r;
    auto wrap = [self, index, rp, &store, identity](backtest::SimulatedExchange& exchange) {
      auto venue =
          std::make_unique<LedgerVenue>(store, exchange, identity, [self, index](const Error& e) {
            ++self->store_errors_;
            if (self->listener_ != nullptr) self->listener_->on_store_error(index, e);
          });
      rp->venue = venue.get();
      return std::unique_ptr<engine::ExecutionVenue>(std::move(venue));
    };
    OMEGA_ASSIGN_OR_RETURN(r.engine, backtest::BacktestEngine::create(std::move(b.config), wrap));
    engine::MessageBus& bus = r.engine->kernel().bus();
    bus.subscribe<engine::OrderUpdated>([self, index](const engine::OrderUpdated& u) {
      if (self->listener_ != nullptr) self->listener_->on_order(index, u);
    });
    bus.subscribe<engine::SignalPublished>([self, index](const engine::SignalPublished& s) {
      Running& bot = *self->bots_[index];
      Status stored = self->store_.append_signal(
          store::SignalRecord{store::BotId(bot.name), bot.symbol, s.name, signal_payload(s), s.ts});
      if (!stored.ok()) {
        ++self->store_errors_;
        if (self->listener_ != nullptr) {
          self->listener_->on_store_error(index, std::move(stored).error().with_context("signal"));
        }
      }
      if (self->listener_ != nullptr) self->listener_->on_signal(index, s);
    });
    bus.subscribe<engine::NotificationRaised>([self, index](const engine::NotificationRaised& n) {
      if (self->listener_ != nullptr) self->listener_->on_notification(index, n);
    });
    if (!b.bot)
      return Error(ErrorCode::kInvalidArgument, fmt::format("bot {}: no strategy", b.name));
    OMEGA_TRY(r.engine->add_bot(std::move(b.bot), engine::BotId(b.name), b.params));
    venues.push_back(r.engine->exchange());
    session->bots_.push_back(std::move(running));
  }
  // Orders an earlier run of these bots left open died with its simulated exchange.
  BotLedgerView view(store, names);
  VenueLookups lookup(std::move(venues));
  OMEGA_ASSIGN_OR_RETURN(session->reconciled_,
                         store::reconcile_ledger(view, lookup, engine::LiveClock().now()));
  return session;
}

const std::string& PaperSession::bot_name(std::size_t bot) const {
  return bots_[bot]->name;
}

const Symbol& PaperSession::symbol(std::size_t bot) const {
  return bots_[bot]->symbol;
}

engine::Kernel& PaperSession::kernel(std::size_t bot) {
  return bots_[bot]->engine->kernel();
}

void PaperSession::stop_bot(std::size_t bot) {
  bots_[bot]->stopped = true;
}

ClientOrderId PaperSession::ledger_id(std::size_t bot, const ClientOrderId& kernel_id) const {
  return ClientOrderId(bots_[bot]->id_prefix + kernel_id.value());
}

void PaperSession::request_stop(std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (!stop_) {
      stop_ = true;
      stop_reason_ = std::move(reason);
    }
    attention_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

void PaperSession::post(Task task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    tasks_.push_back(std::move(task));
    attention_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

bool PaperSession::service() {
  std::vector<Task> tasks;
  bool stop = false;
  {
    std::lock_guard lock(mutex_);
    tasks.swap(tasks_);
    stop = stop_;
    if (!stop) attention_.store(false, std::memory_order_release);
  }
  for (Task& task : tasks) task(*this);
  return !stop;
}

std::size_t PaperSession::pick() const {
  std::size_t best = std::numeric_limits<std::size_t>::max();
  Duration best_elapsed = Duration::max();
  for (std::size_t i = 0; i < bots_.size(); ++i) {
    const Running& r = *bots_[i];
    if (r.stopped || !r.engine->has_next()) continue;
    const Duration elapsed = r.engine->next_close_time() - r.engine->first_open_time();
    if (elapsed < best_elapsed) {
      best = i;
      best_elapsed = elapsed;
    }
  }
  return best;
}

Result<SessionResult> PaperSession::run() {
  if (ran_) return Error(ErrorCode::kState, "a PaperSession runs once");
  ran_ = true;
  for (auto& r : bots_) {
    Status begun = r->engine->begin(r->bars, r->detail ? &*r->detail : nullptr);
    if (!begun.ok()) return std::move(begun).error().with_context(fmt::format("bot {}", r->name));
  }
  pacer_.start();
  if (listener_ != nullptr) listener_->on_started();
  const bool paced = !options_.speed.max;
  while (true) {
    if (attention_.load(std::memory_order_acquire) && !service()) break;
    const std::size_t next = pick();
    if (next == std::numeric_limits<std::size_t>::max()) break;
    Running& r = *bots_[next];
    if (paced) {
      const Duration elapsed = r.engine->next_close_time() - r.engine->first_open_time();
      std::unique_lock lock(mutex_);
      const bool due = pacer_.wait(lock, cv_, elapsed,
                                   [this] { return attention_.load(std::memory_order_acquire); });
      if (!due) continue;  // a stop or a task: handled at the top of the loop
    }
    // The bar's ledger writes (and the signals written beside them) become durable together.
    r.venue->begin_bar();
    Status stepped = r.engine->step();
    r.venue->end_bar();
    if (!stepped.ok())
      return std::move(stepped).error().with_context(fmt::format("bot {}", r.name));
  }
  SessionResult out;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    out.stopped = stop_;
    out.stop_reason = stop_reason_;
    tasks_.clear();
  }
  // A stop that came after the last bar did not cut anything short.
  if (out.stopped && pick() == std::numeric_limits<std::size_t>::max()) {
    bool all_done = true;
    for (const auto& r : bots_) all_done = all_done && !r->engine->has_next();
    if (all_done) {
      out.stopped = false;
      out.stop_reason.clear();
    }
  }
  for (auto& r : bots_) {
    Result<backtest::BacktestResult> finished = r->engine->finish();
    if (!finished.ok()) {
      return std::move(finished).error().with_context(fmt::format("bot {}", r->name));
    }
    out.bots.push_back(BotOutcome{r->name, r->run_number, std::move(finished).value()});
  }
  out.store_errors = store_errors_;
  out.reconciled = reconciled_;
  return out;
}

}  // namespace omega::paper
