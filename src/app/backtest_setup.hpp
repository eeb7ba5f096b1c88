// Provides the market, account and exchange flags that `omega backtest`, `omega sweep` and
// `omega walkforward` share, and turns them into loaded bars and a BacktestConfig, so every
// command sets a run up the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "backtest/backtest_engine.hpp"
#include "core/result.hpp"
#include "data/candle_series.hpp"

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

// The flags that describe the data, the account and the simulated exchange.
struct MarketFlags {
  std::string data;
  std::string detail;
  std::string timeframe;
  std::string from;
  std::string to;
  std::string symbol = "BTC/USDT";
  std::string balance = "10000";
  std::string fees = "binance_spot";
  std::string lot = "0.00000001";
  std::int64_t leverage = 1;
  std::string margin = "cross";
  std::string slippage = "0";
  std::string latency = "0s";
  std::string participation = "0";
  std::string funding_rate = "0";
  std::string funding;  // funding-rate CSV, replaces funding_rate
  std::string max_daily_loss;
  std::uint64_t seed = 42;
};

// Registers --data (required unless `data_required` is false), --detail, --timeframe, --from,
// --to and the account and exchange options on `cmd`.
void add_market_options(CLI::App& cmd, MarketFlags& flags, bool data_required = true);

// The bars a run trades on and the optional finer bars orders match against.
struct MarketData {
  data::CandleSeries bars;
  std::optional<data::CandleSeries> detail;
};

// Reads --data (and --detail) cut to --from/--to.
Result<MarketData> load_market_data(const MarketFlags& flags);

// Builds the backtest configuration for bars of `price_precision`.
Result<backtest::BacktestConfig> make_backtest_config(const MarketFlags& flags,
                                                      int price_precision);

}  // namespace omega::app
