// Provides MarketDataPort, how chat handlers get candles, and BundledMarketData, which serves
// BTC/USDT from the bundled files in data/market (resampled with src/data for other timeframes).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "data/candle_series.hpp"

namespace omega::chat {

// Returns recent candles for a symbol and timeframe; the store or the data engine implements it
// in the farm, the bundled files in this build.
class MarketDataPort {
 public:
  virtual ~MarketDataPort() = default;
  // Returns the series of `symbol` at `timeframe` (shared, immutable), or kNotFound.
  virtual Result<std::shared_ptr<const data::CandleSeries>> candles(std::string_view symbol,
                                                                    Timeframe timeframe) = 0;
  // Returns the symbols `candles` serves (CCXT form), most used first: what Discord's symbol
  // autocomplete offers. Empty when the port cannot list them.
  virtual std::vector<std::string> symbols() const { return {}; }
};

// Serves BTC/USDT (and BTC/USDT:USDT) from data/market: 1m, 5m, 15m and 1h files as they are,
// 30m from 15m, and every longer timeframe resampled from 1h. Files are read once and cached.
class BundledMarketData final : public MarketDataPort {
 public:
  explicit BundledMarketData(std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {}

  Result<std::shared_ptr<const data::CandleSeries>> candles(std::string_view symbol,
                                                            Timeframe timeframe) override;
  std::vector<std::string> symbols() const override { return {"BTC/USDT", "BTC/USDT:USDT"}; }

 private:
  Result<std::shared_ptr<const data::CandleSeries>> load_file(const std::string& name);

  std::filesystem::path data_dir_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const data::CandleSeries>> cache_;  // by file or "1h>4h"
};

}  // namespace omega::chat
