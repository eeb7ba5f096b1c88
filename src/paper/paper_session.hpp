// Provides PaperSession: bots on live-clock semantics against simulated exchanges fed by a
// replay of candle data at a chosen speed. Each bot runs in its own BacktestEngine — the same
// kernel, risk engine, simulated exchange and accounting as `omega backtest`, stepped bar by bar
// — and one kernel thread releases each bar when the ReplayPacer says its close is due. Every
// order is recorded in the store ledger before the exchange sees it (LedgerVenue).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backtest/backtest_engine.hpp"
#include "core/config.hpp"
#include "data/candle_series.hpp"
#include "engine/bot.hpp"
#include "paper/replay_pacer.hpp"
#include "store/reconcile.hpp"
#include "store/store.hpp"

namespace omega::paper {

class LedgerVenue;

// One bot of a paper run: the strategy, its parameters, its account and its data.
struct PaperBot {
  std::string name;  // the bot id: its order ids, its ledger entries, its output folder
  std::unique_ptr<engine::Bot> bot;
  Config params;
  backtest::BacktestConfig config;  // account, fees, exchange and risk, as omega backtest builds
  data::CandleSeries bars;
  std::optional<data::CandleSeries> detail;
};

// What a running session reports, on the kernel thread, as it happens. `bot` indexes the
// session's bots.
class SessionListener {
 public:
  virtual ~SessionListener() = default;
  // The bots started; the first bar is due after one bar length of market time.
  virtual void on_started() {}
  // Any order event (fills, denials and rejections among them).
  virtual void on_order(std::size_t bot, const engine::OrderUpdated& update) {
    (void)bot;
    (void)update;
  }
  virtual void on_signal(std::size_t bot, const engine::SignalPublished& signal) {
    (void)bot;
    (void)signal;
  }
  // Risk halts, kill switch, liquidations, bot failures.
  virtual void on_notification(std::size_t bot, const engine::NotificationRaised& notification) {
    (void)bot;
    (void)notification;
  }
  // A store write failed after its order went out (the next run's reconciliation repairs it).
  virtual void on_store_error(std::size_t bot, const Error& error) {
    (void)bot;
    (void)error;
  }
};

// How a session runs.
struct SessionOptions {
  ReplaySpeed speed;
  SteadySource* steady = nullptr;  // null: the system's steady clock
};

// One bot's results.
struct BotOutcome {
  std::string name;
  std::uint64_t run_number = 0;  // this bot's run count in the store (its order ids' "r<n>.")
  backtest::BacktestResult result;
};

// What a session produced.
struct SessionResult {
  std::vector<BotOutcome> bots;
  bool stopped = false;  // a stop request ended the replay before the data did
  std::string stop_reason;
  std::size_t store_errors = 0;
  store::ReconcileReport reconciled;  // what the start-up reconciliation found
};

// A paper run over one store. Build with create, then run() on the thread that is to be the
// kernel thread; request_stop and post may be called from any thread.
class PaperSession {
 public:
  using Task = std::function<void(PaperSession&)>;

  // Builds one engine per bot (bad bot parameters fail here) over `store` (which must outlive
  // the session), gives each bot its next run number in the store's bot state, and reconciles
  // the ledger entries these bots left open in an earlier run against the new exchanges (which
  // hold nothing, so those orders are marked canceled: their simulated venue is gone).
  static Result<std::unique_ptr<PaperSession>> create(std::vector<PaperBot> bots,
                                                      store::Store& store, SessionOptions options,
                                                      SessionListener* listener = nullptr);
  ~PaperSession();
  PaperSession(const PaperSession&) = delete;
  PaperSession& operator=(const PaperSession&) = delete;

  // Replays until every bot's bars are done or a stop is requested (the current step always
  // completes), then finishes every bot and returns their results. Runs once.
  Result<SessionResult> run();

  // Ends run() after the current step. Thread-safe; the first reason is kept.
  void request_stop(std::string reason);
  // Runs `task` on the kernel thread between two steps (how a control channel halts, resumes
  // or stops bots). Thread-safe; a task posted after run() returned never runs.
  void post(Task task);

  // Kernel thread only (inside tasks and listener callbacks, or before run()).
  std::size_t bot_count() const { return bots_.size(); }
  const std::string& bot_name(std::size_t bot) const;
  const Symbol& symbol(std::size_t bot) const;
  engine::Kernel& kernel(std::size_t bot);
  // Stops stepping one bot; it is finished with the others when run() ends.
  void stop_bot(std::size_t bot);
  const store::ReconcileReport& reconciled() const { return reconciled_; }
  // Returns the ledger's client order id of a kernel order id of `bot`.
  ClientOrderId ledger_id(std::size_t bot, const ClientOrderId& kernel_id) const;

 private:
  struct Running;
  PaperSession(store::Store& store, SessionOptions options, SessionListener* listener);
  // Runs posted tasks; returns false when a stop was requested.
  bool service();
  // Returns the bot whose next bar closes first in replay time, or npos.
  std::size_t pick() const;

  store::Store& store_;
  SessionOptions options_;
  SessionListener* listener_;
  std::unique_ptr<SteadySource> own_steady_;
  ReplayPacer pacer_;
  std::vector<std::unique_ptr<Running>> bots_;
  store::ReconcileReport reconciled_;
  std::size_t store_errors_ = 0;
  bool ran_ = false;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> attention_{false};  // a stop or a task is waiting (read without the lock)
  bool stop_ = false;
  bool closed_ = false;  // run() returned: tasks are dropped
  std::string stop_reason_;
  std::vector<Task> tasks_;
};

}  // namespace omega::paper
