// Provides BacktestPort, how the chat runs a small backtest (the app implements it with
// src/backtest on the bundled data), and BacktestHandler, /backtest: the run goes to a worker
// thread off the pipeline, the reply says it started, and the summary (with the report path)
// follows. Without a follow-up channel (`omega chat --once`) it runs at once and answers with the
// summary.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "chat/chat_pipeline.hpp"
#include "core/result.hpp"

namespace omega::chat {

// What the chat asks for and gets back.
struct BacktestRequest {
  std::string strategy;  // a bot kind: sma_cross, fibonacci_trader
  std::string symbol;
  std::string timeframe;  // "1h" by default
  std::string user;
};

struct BacktestSummary {
  std::size_t bars = 0;
  std::size_t trades = 0;
  std::string final_equity;
  double total_return_pct = 0;
  double max_drawdown_pct = 0;
  double sharpe = 0;
  std::string report_dir;  // where summary.json, trades.csv, … were written ("" = none)
};

class BacktestPort {
 public:
  virtual ~BacktestPort() = default;
  // Checks a request before it is queued (known strategy, data for the symbol).
  virtual Status validate(const BacktestRequest& request) = 0;
  // Runs it (bounded: the port caps the number of bars); may take seconds.
  virtual Result<BacktestSummary> run(const BacktestRequest& request) = 0;
};

// Registers /backtest; owns the worker thread, so it must outlive the pipeline's use.
class BacktestHandler {
 public:
  BacktestHandler(ChatPipeline& pipeline, BacktestPort& port);
  ~BacktestHandler();
  BacktestHandler(const BacktestHandler&) = delete;
  BacktestHandler& operator=(const BacktestHandler&) = delete;

  // Returns how many runs are queued or running.
  std::size_t busy() const;

 private:
  struct Job {
    BacktestRequest request;
    std::function<void(HandlerReply)> follow_up;
  };
  Result<HandlerReply> handle(const ChatRequest& r);
  void loop(const std::stop_token& stop);

  BacktestPort* port_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> jobs_;
  std::size_t running_ = 0;
  std::jthread worker_;
};

// Renders a summary (or a failure) as a kBacktest reply.
HandlerReply backtest_reply(const BacktestRequest& request, const Result<BacktestSummary>& r);

}  // namespace omega::chat
