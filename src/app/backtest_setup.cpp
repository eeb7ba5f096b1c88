// Implements the shared backtest setup.
#include "app/backtest_setup.hpp"

#include <vector>

#include <CLI/CLI.hpp>

#include "data/candle_reader.hpp"
#include "data/funding_series.hpp"
#include "model/decimal.hpp"

namespace omega::app {
namespace {

Result<data::CandleSeries> load_range(const std::string& file, const std::string& from,
                                      const std::string& to) {
  OMEGA_ASSIGN_OR_RETURN(data::ReadResult read, data::read_candles(file));
  if (from.empty() && to.empty()) return std::move(read.series);
  std::int64_t lo = INT64_MIN;
  std::int64_t hi = INT64_MAX;
  if (!from.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timestamp t, parse_iso8601(from));
    lo = t.ns();
  }
  if (!to.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timestamp t, parse_iso8601(to));
    hi = t.ns();
  }
  std::vector<std::size_t> rows;
  const auto times = read.series.open_time_ns();
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (times[i] >= lo && times[i] < hi) rows.push_back(i);
  }
  if (rows.empty()) return Error(ErrorCode::kInvalidArgument, "no bars in --from/--to");
  return read.series.gather(rows);
}

}  // namespace

void add_market_options(CLI::App& cmd, MarketFlags& f, bool data_required) {
  CLI::Option* data = cmd.add_option("--data", f.data, "Candle file the bot trades on");
  if (data_required) data->required();
  cmd.add_option("--detail", f.detail, "Finer candles the exchange matches orders against");
  cmd.add_option("--timeframe", f.timeframe, "Bar length of --data (detected when omitted)");
  cmd.add_option("--from", f.from, "First bar open time (ISO-8601, inclusive)");
  cmd.add_option("--to", f.to, "Last bar open time (ISO-8601, exclusive)");
  cmd.add_option("--symbol", f.symbol, "Market in unified form (BTC/USDT, BTC/USDT:USDT)")
      ->capture_default_str();
  cmd.add_option("--balance", f.balance, "Starting balance in the quote currency")
      ->capture_default_str();
  cmd.add_option("--fees", f.fees, "Fee preset: binance_spot, binance_usdm, bitget_usdm")
      ->capture_default_str();
  cmd.add_option("--lot", f.lot, "Quantity step")->capture_default_str();
  cmd.add_option("--leverage", f.leverage, "Leverage for contracts")->capture_default_str();
  cmd.add_option("--margin", f.margin, "cross or isolated")->capture_default_str();
  cmd.add_option("--slippage", f.slippage, "Adverse slippage fraction on taker fills")
      ->capture_default_str();
  cmd.add_option("--latency", f.latency, "Order latency (e.g. 250ms)")->capture_default_str();
  cmd.add_option("--participation", f.participation,
                 "Max share of a bar's volume filled per bar (0 = no cap)")
      ->capture_default_str();
  cmd.add_option("--funding-rate", f.funding_rate, "Constant funding rate per 8 h")
      ->capture_default_str();
  cmd.add_option("--funding", f.funding,
                 "Funding-rate CSV (time and rate columns): one payment per row, replacing "
                 "--funding-rate");
  cmd.add_option("--max-daily-loss", f.max_daily_loss, "Kill switch: daily loss limit");
  cmd.add_option("--seed", f.seed, "Seed of every random draw")->capture_default_str();
}

Result<MarketData> load_market_data(const MarketFlags& f) {
  MarketData out;
  OMEGA_ASSIGN_OR_RETURN(out.bars, load_range(f.data, f.from, f.to));
  if (!f.detail.empty()) {
    OMEGA_ASSIGN_OR_RETURN(out.detail, load_range(f.detail, f.from, f.to));
    if (out.detail->price_precision() != out.bars.price_precision()) {
      OMEGA_TRY(out.detail->set_price_precision(out.bars.price_precision()));
    }
  }
  return out;
}

Result<backtest::BacktestConfig> make_backtest_config(const MarketFlags& f, int price_precision) {
  backtest::BacktestConfig config;
  OMEGA_ASSIGN_OR_RETURN(Symbol symbol, Symbol::parse(f.symbol));
  OMEGA_ASSIGN_OR_RETURN(backtest::FeeSchedule fees, backtest::fee_preset(f.fees));
  InstrumentSpec spec;
  spec.symbol = symbol;
  spec.price_tick = Price::from_raw_unchecked(1, price_precision);
  OMEGA_ASSIGN_OR_RETURN(spec.lot_step, Quantity::parse(f.lot));
  spec.max_leverage = 125;
  spec.maker_fee = fees.maker;
  spec.taker_fee = fees.taker;
  OMEGA_ASSIGN_OR_RETURN(Instrument instrument, Instrument::create(spec));
  if (f.margin != "cross" && f.margin != "isolated") {
    return Error(ErrorCode::kInvalidArgument, "--margin is cross or isolated");
  }
  config.instrument =
      engine::AccountInstrument{instrument,
                                f.margin == "cross" ? MarginMode::kCross : MarginMode::kIsolated,
                                static_cast<std::int32_t>(f.leverage),
                                {}};
  config.fees = fees;
  OMEGA_ASSIGN_OR_RETURN(config.starting_balance, Money::parse(f.balance));
  if (!f.timeframe.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timeframe tf, Timeframe::parse(f.timeframe));
    config.timeframe = tf;
  }
  OMEGA_ASSIGN_OR_RETURN(config.exchange.slippage, Rate::parse(f.slippage));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.latency, parse_duration(f.latency));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.max_participation, Rate::parse(f.participation));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.funding_rate, Rate::parse(f.funding_rate));
  if (!f.funding.empty()) {
    if (!config.exchange.funding_rate.is_zero()) {
      return Error(ErrorCode::kInvalidArgument, "--funding and --funding-rate exclude each other");
    }
    OMEGA_ASSIGN_OR_RETURN(config.exchange.funding_series, data::read_funding_series(f.funding));
  }
  config.exchange.seed = f.seed;
  if (!f.max_daily_loss.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Money loss, Money::parse(f.max_daily_loss));
    config.risk.max_daily_loss = loss;
  }
  return config;
}

}  // namespace omega::app
