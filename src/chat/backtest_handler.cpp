#include "chat/backtest_handler.hpp"

#include <fmt/format.h>

namespace omega::chat {
namespace {

constexpr std::size_t kMaxQueued = 4;

}  // namespace

HandlerReply backtest_reply(const BacktestRequest& request, const Result<BacktestSummary>& r) {
  HandlerReply out;
  out.type = MessageType::kBacktest;
  out.data.set("strategy", request.strategy)
      .set("symbol", request.symbol)
      .set("timeframe", request.timeframe);
  if (!r.ok()) {
    out.type = MessageType::kError;
    out.outcome = ReplyOutcome::kFailed;
    out.data.set("message", "backtest " + request.strategy + " on " + request.symbol +
                                " failed: " + r.error().message());
    return out;
  }
  out.data.set("bars", std::to_string(r->bars))
      .set("trades", std::to_string(r->trades))
      .set("net", r->final_equity)
      .set("return_pct", fmt::format("{:+.2f}", r->total_return_pct))
      .set("max_drawdown", fmt::format("{:.2f}", r->max_drawdown_pct))
      .set("sharpe", fmt::format("{:.2f}", r->sharpe))
      .set("report", r->report_dir);
  out.data.flag("has_report", !r->report_dir.empty());
  out.data.flag("profitable", r->total_return_pct > 0);
  return out;
}

BacktestHandler::BacktestHandler(ChatPipeline& pipeline, BacktestPort& port)
    : port_(&port), worker_([this](const std::stop_token& s) { loop(s); }) {
  pipeline.register_handler("backtest", [this](const ChatRequest& r) { return handle(r); });
}

BacktestHandler::~BacktestHandler() {
  worker_.request_stop();
  wake_.notify_all();
}

std::size_t BacktestHandler::busy() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_;
}

Result<HandlerReply> BacktestHandler::handle(const ChatRequest& r) {
  BacktestRequest req{r.args.at(0), r.args.at(1), r.args.size() > 2 ? r.args[2] : "1h", r.user_id};
  OMEGA_TRY(port_->validate(req));
  if (!r.follow_up) {
    // No way to answer later: run now (the port bounds the size).
    return backtest_reply(req, port_->run(req));
  }
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= kMaxQueued) {
      return Error(
          ErrorCode::kUnavailable,
          fmt::format("{} backtests are waiting already; try again in a minute", jobs_.size()));
    }
    jobs_.push_back({req, r.follow_up});
  }
  wake_.notify_all();
  HandlerReply out;
  out.type = MessageType::kBacktest;
  out.data.set("strategy", req.strategy).set("symbol", req.symbol).set("timeframe", req.timeframe);
  out.data.flag("pending");
  return out;
}

void BacktestHandler::loop(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!wake_.wait(lock, stop, [this] { return !jobs_.empty(); })) break;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    lock.unlock();
    HandlerReply reply = backtest_reply(job.request, port_->run(job.request));
    job.follow_up(std::move(reply));
    lock.lock();
    --running_;
  }
}

}  // namespace omega::chat
