#include "chat/market_data_port.hpp"

#include <chrono>

#include "data/candle_reader.hpp"
#include "data/resampler.hpp"

namespace omega::chat {
namespace {

struct Source {
  std::chrono::minutes tf;
  const char* file;
};

constexpr Source kSources[] = {
    {std::chrono::minutes(1), "binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"},
    {std::chrono::minutes(5), "binance_btcusdt_5m_2024-03-01_2025-07-02.csv.gz"},
    {std::chrono::minutes(15), "binance_btcusdt_15m_2023-04-01_2024-04-09.csv.gz"},
    {std::chrono::minutes(60), "binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"},
};

bool is_bundled_symbol(std::string_view s) {
  return s == "BTC/USDT" || s == "BTC/USDT:USDT" || s == "btc/usdt" || s == "BTCUSDT" ||
         s == "btcusdt";
}

}  // namespace

Result<std::shared_ptr<const data::CandleSeries>> BundledMarketData::load_file(
    const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  OMEGA_ASSIGN_OR_RETURN(data::ReadResult read, data::read_candles(data_dir_ / "market" / name));
  auto series = std::make_shared<const data::CandleSeries>(std::move(read.series));
  cache_[name] = series;
  return series;
}

Result<std::shared_ptr<const data::CandleSeries>> BundledMarketData::candles(
    std::string_view symbol, Timeframe timeframe) {
  if (!is_bundled_symbol(symbol)) {
    return Error(ErrorCode::kNotFound, "no market data for " + std::string(symbol) +
                                           " in this build (bundled: BTC/USDT)");
  }
  std::lock_guard lock(mutex_);
  const Source* best = nullptr;
  for (const Source& s : kSources) {
    const auto tf_ns = timeframe.duration().count();
    const auto src_ns = std::chrono::duration_cast<Duration>(s.tf).count();
    if (tf_ns == src_ns) return load_file(s.file);
    if (tf_ns > src_ns && tf_ns % src_ns == 0) best = &s;  // the coarsest source that divides
  }
  if (best == nullptr) {
    return Error(ErrorCode::kNotFound, "no bundled data can make " + timeframe.to_string());
  }
  const std::string key = std::string(best->file) + ">" + timeframe.to_string();
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  OMEGA_ASSIGN_OR_RETURN(auto source, load_file(best->file));
  data::ResampleOptions options;
  options.to = timeframe;
  OMEGA_ASSIGN_OR_RETURN(data::ResampleResult out, data::resample_candles(*source, options));
  auto series = std::make_shared<const data::CandleSeries>(std::move(out.series));
  cache_[key] = series;
  return series;
}

}  // namespace omega::chat
