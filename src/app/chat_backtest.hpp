// Provides ChatBacktest: the chat's /backtest on the bundled market data (src/backtest), at
// most 2,000 bars, reports written under the user's state directory.
#pragma once

#include <filesystem>

#include "chat/backtest_handler.hpp"
#include "chat/market_data_port.hpp"

namespace omega::app {

class ChatBacktest final : public chat::BacktestPort {
 public:
  // `market` serves the bars; reports go to `report_root`/backtests/.
  ChatBacktest(chat::MarketDataPort& market, std::filesystem::path report_root)
      : market_(&market), root_(std::move(report_root)) {}
  Status validate(const chat::BacktestRequest& request) override;
  Result<chat::BacktestSummary> run(const chat::BacktestRequest& request) override;

 private:
  chat::MarketDataPort* market_;
  std::filesystem::path root_;
};

// The user's state directory: $OMEGA_STATE_DIR, else $XDG_STATE_HOME/omega, else
// ~/.local/state/omega (created when missing).
std::filesystem::path state_dir();

}  // namespace omega::app
