#include "analytics/indicators/registry.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "analytics/indicators/adx.hpp"
#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/bbands.hpp"
#include "analytics/indicators/cci.hpp"
#include "analytics/indicators/dema.hpp"
#include "analytics/indicators/donchian.hpp"
#include "analytics/indicators/ema.hpp"
#include "analytics/indicators/hma.hpp"
#include "analytics/indicators/ichimoku.hpp"
#include "analytics/indicators/keltner.hpp"
#include "analytics/indicators/linreg.hpp"
#include "analytics/indicators/macd.hpp"
#include "analytics/indicators/mfi.hpp"
#include "analytics/indicators/momentum.hpp"
#include "analytics/indicators/natr.hpp"
#include "analytics/indicators/obv.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/indicators/sar.hpp"
#include "analytics/indicators/sma.hpp"
#include "analytics/indicators/stddev.hpp"
#include "analytics/indicators/stoch.hpp"
#include "analytics/indicators/stoch_rsi.hpp"
#include "analytics/indicators/supertrend.hpp"
#include "analytics/indicators/tema.hpp"
#include "analytics/indicators/true_range.hpp"
#include "analytics/indicators/vwap.hpp"
#include "analytics/indicators/willr.hpp"
#include "analytics/indicators/wma.hpp"

namespace omega::indicators {
namespace {

using Params = std::vector<double>;
using Outputs = std::span<const std::span<double>>;

constexpr double kMaxPeriod = 100000;
constexpr std::uint8_t kClose = kInputClose;
constexpr std::uint8_t kHl = kInputHigh | kInputLow;
constexpr std::uint8_t kHlc = kInputHigh | kInputLow | kInputClose;
constexpr std::uint8_t kHlcv = kHlc | kInputVolume;
constexpr std::uint8_t kCloseVolume = kInputClose | kInputVolume;
constexpr std::int64_t kMinuteNs = 60'000'000'000;

int as_int(double v) {
  return static_cast<int>(v);
}

// Wraps a typed streaming state: `step(state, bar, out)` feeds one bar, `batch(fresh_state, in,
// out)` computes a series. Keeping a pristine copy makes reset() and compute() trivially exact.
template <typename State, typename Step, typename Batch>
class Adapter final : public Indicator {
 public:
  Adapter(IndicatorInfo info, State state, Step step, Batch batch)
      : Indicator(std::move(info)),
        fresh_(state),
        state_(std::move(state)),
        step_(std::move(step)),
        batch_(std::move(batch)) {}

 private:
  void do_update(const Bar& bar, double* out) override { step_(state_, bar, out); }
  void do_compute(const BarColumns& in, Outputs out) const override { batch_(fresh_, in, out); }
  void do_reset() override { state_ = fresh_; }

  State fresh_;
  State state_;
  Step step_;
  Batch batch_;
};

template <typename State, typename Step, typename Batch>
std::unique_ptr<Indicator> adapt(IndicatorInfo info, State state, Step step, Batch batch) {
  return std::make_unique<Adapter<State, Step, Batch>>(std::move(info), std::move(state),
                                                       std::move(step), std::move(batch));
}

// Returns a batch function that replays `step` over the series: exact parity by construction,
// for indicators whose typed batch function is the same loop anyway.
template <std::size_t kOutputs, typename Step>
auto replay(Step step) {
  return [step](auto state, const BarColumns& in, Outputs out) {
    double values[kOutputs];
    for (std::size_t i = 0; i < in.size(); ++i) {
      step(state, in.at(i), values);
      for (std::size_t k = 0; k < kOutputs; ++k) out[k][i] = values[k];
    }
  };
}

// Describes one registry row: how to validate, size and build an indicator.
struct Entry {
  IndicatorEntryInfo info;
  std::uint8_t inputs;
  std::string (*check)(const Params&);  // cross-parameter rule; empty string when satisfied
  int (*lookback)(const Params&);
  std::unique_ptr<Indicator> (*make)(IndicatorInfo, const Params&);
};

ParamInfo period(double def, double min = 2) {
  return {"period", def, min, kMaxPeriod, true};
}

std::vector<Entry> build_entries() {
  std::vector<Entry> e;
  e.push_back({{"sma", "simple moving average of the close", {period(30)}, {"sma"}},
               kClose,
               nullptr,
               [](const Params& p) { return sma_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Sma(n),
                     [](Sma& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
                     [n](const Sma&, const BarColumns& in, Outputs o) { sma(in.close, n, o[0]); });
               }});
  e.push_back(
      {{"ema", "exponential moving average of the close, SMA-seeded", {period(30)}, {"ema"}},
       kClose,
       nullptr,
       [](const Params& p) { return ema_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Ema(n),
             [](Ema& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
             [n](const Ema&, const BarColumns& in, Outputs o) { ema(in.close, n, o[0]); });
       }});
  e.push_back({{"rsi", "Wilder's relative strength index of the close", {period(14)}, {"rsi"}},
               kClose,
               nullptr,
               [](const Params& p) { return rsi_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Rsi(n),
                     [](Rsi& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
                     [n](const Rsi&, const BarColumns& in, Outputs o) { rsi(in.close, n, o[0]); });
               }});
  e.push_back(
      {{"macd",
        "moving average convergence/divergence of the close",
        {{"fast", 12, 2, kMaxPeriod, true},
         {"slow", 26, 2, kMaxPeriod, true},
         {"signal", 9, 1, kMaxPeriod, true}},
        {"macd", "signal", "hist"}},
       kClose,
       [](const Params& p) {
         return p[0] < p[1] ? std::string() : std::string("fast must be below slow");
       },
       [](const Params& p) { return macd_lookback(as_int(p[0]), as_int(p[1]), as_int(p[2])); },
       [](IndicatorInfo info, const Params& p) {
         const int f = as_int(p[0]);
         const int s = as_int(p[1]);
         const int g = as_int(p[2]);
         return adapt(
             std::move(info), Macd(f, s, g),
             [](Macd& m, const Bar& b, double* o) {
               const MacdValue v = m.update(b.close);
               o[0] = v.macd;
               o[1] = v.signal;
               o[2] = v.hist;
             },
             [f, s, g](const Macd&, const BarColumns& in, Outputs o) {
               macd(in.close, f, s, g, o[0], o[1], o[2]);
             });
       }});
  e.push_back({{"bbands",
                "Bollinger Bands: SMA and population deviation bands of the close",
                {period(5), {"dev_up", 2, 0, 1000, false}, {"dev_down", 2, 0, 1000, false}},
                {"upper", "middle", "lower"}},
               kClose,
               nullptr,
               [](const Params& p) { return bbands_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 const double up = p[1];
                 const double down = p[2];
                 return adapt(
                     std::move(info), Bbands(n, up, down),
                     [](Bbands& s, const Bar& b, double* o) {
                       const BbandsValue v = s.update(b.close);
                       o[0] = v.upper;
                       o[1] = v.middle;
                       o[2] = v.lower;
                     },
                     [n, up, down](const Bbands&, const BarColumns& in, Outputs o) {
                       bbands(in.close, n, up, down, o[0], o[1], o[2]);
                     });
               }});
  e.push_back(
      {{"trange", "true range", {}, {"trange"}},
       kHlc,
       nullptr,
       [](const Params&) { return true_range_lookback(); },
       [](IndicatorInfo info, const Params&) {
         return adapt(
             std::move(info), TrueRange(),
             [](TrueRange& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low, b.close); },
             [](const TrueRange&, const BarColumns& in, Outputs o) {
               true_range(in.high, in.low, in.close, o[0]);
             });
       }});
  e.push_back(
      {{"atr", "Wilder's average true range", {period(14, 1)}, {"atr"}},
       kHlc,
       nullptr,
       [](const Params& p) { return atr_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Atr(n),
             [](Atr& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low, b.close); },
             [n](const Atr&, const BarColumns& in, Outputs o) {
               atr(in.high, in.low, in.close, n, o[0]);
             });
       }});
  e.push_back(
      {{"natr", "ATR as a percentage of the close", {period(14, 1)}, {"natr"}},
       kHlc,
       nullptr,
       [](const Params& p) { return natr_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Natr(n),
             [](Natr& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low, b.close); },
             [n](const Natr&, const BarColumns& in, Outputs o) {
               natr(in.high, in.low, in.close, n, o[0]);
             });
       }});
  e.push_back(
      {{"stoch",
        "slow Stochastic with SMA smoothing",
        {{"fast_k", 5, 1, kMaxPeriod, true},
         {"slow_k", 3, 1, kMaxPeriod, true},
         {"slow_d", 3, 1, kMaxPeriod, true}},
        {"k", "d"}},
       kHlc,
       nullptr,
       [](const Params& p) { return stoch_lookback(as_int(p[0]), as_int(p[1]), as_int(p[2])); },
       [](IndicatorInfo info, const Params& p) {
         const int fk = as_int(p[0]);
         const int sk = as_int(p[1]);
         const int sd = as_int(p[2]);
         return adapt(
             std::move(info), Stoch(fk, sk, sd),
             [](Stoch& s, const Bar& b, double* o) {
               const StochValue v = s.update(b.high, b.low, b.close);
               o[0] = v.k;
               o[1] = v.d;
             },
             [fk, sk, sd](const Stoch&, const BarColumns& in, Outputs o) {
               stoch(in.high, in.low, in.close, fk, sk, sd, o[0], o[1]);
             });
       }});
  e.push_back(
      {{"adx", "Wilder's ADX with +DI and -DI", {period(14)}, {"adx", "plus_di", "minus_di"}},
       kHlc,
       nullptr,
       [](const Params& p) { return adx_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Adx(n),
             [](Adx& s, const Bar& b, double* o) {
               const AdxValue v = s.update(b.high, b.low, b.close);
               o[0] = v.adx;
               o[1] = v.plus_di;
               o[2] = v.minus_di;
             },
             [n](const Adx&, const BarColumns& in, Outputs o) {
               adx(in.high, in.low, in.close, n, o[0], o[1], o[2]);
             });
       }});
  e.push_back({{"wma", "linearly weighted moving average of the close", {period(30)}, {"wma"}},
               kClose,
               nullptr,
               [](const Params& p) { return wma_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Wma(n),
                     [](Wma& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
                     [n](const Wma&, const BarColumns& in, Outputs o) { wma(in.close, n, o[0]); });
               }});
  e.push_back(
      {{"dema", "double exponential moving average of the close", {period(30)}, {"dema"}},
       kClose,
       nullptr,
       [](const Params& p) { return dema_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Dema(n),
             [](Dema& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
             [n](const Dema&, const BarColumns& in, Outputs o) { dema(in.close, n, o[0]); });
       }});
  e.push_back(
      {{"tema", "triple exponential moving average of the close", {period(30)}, {"tema"}},
       kClose,
       nullptr,
       [](const Params& p) { return tema_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Tema(n),
             [](Tema& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
             [n](const Tema&, const BarColumns& in, Outputs o) { tema(in.close, n, o[0]); });
       }});
  e.push_back({{"hma", "Hull moving average of the close", {period(9)}, {"hma"}},
               kClose,
               nullptr,
               [](const Params& p) { return hma_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Hma(n),
                     [](Hma& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
                     [n](const Hma&, const BarColumns& in, Outputs o) { hma(in.close, n, o[0]); });
               }});
  e.push_back(
      {{"stochrsi",
        "Stochastic RSI: fast Stochastic of RSI(period)",
        {period(14), {"fast_k", 5, 1, kMaxPeriod, true}, {"fast_d", 3, 1, kMaxPeriod, true}},
        {"k", "d"}},
       kClose,
       nullptr,
       [](const Params& p) { return stoch_rsi_lookback(as_int(p[0]), as_int(p[1]), as_int(p[2])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         const int fk = as_int(p[1]);
         const int fd = as_int(p[2]);
         return adapt(
             std::move(info), StochRsi(n, fk, fd),
             [](StochRsi& s, const Bar& b, double* o) {
               const StochValue v = s.update(b.close);
               o[0] = v.k;
               o[1] = v.d;
             },
             [n, fk, fd](const StochRsi&, const BarColumns& in, Outputs o) {
               stoch_rsi(in.close, n, fk, fd, o[0], o[1]);
             });
       }});
  e.push_back(
      {{"cci", "commodity channel index of the typical price", {period(14)}, {"cci"}},
       kHlc,
       nullptr,
       [](const Params& p) { return cci_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Cci(n),
             [](Cci& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low, b.close); },
             [n](const Cci&, const BarColumns& in, Outputs o) {
               cci(in.high, in.low, in.close, n, o[0]);
             });
       }});
  e.push_back({{"mfi", "money flow index", {period(14)}, {"mfi"}},
               kHlcv,
               nullptr,
               [](const Params& p) { return mfi_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Mfi(n),
                     [](Mfi& s, const Bar& b, double* o) {
                       o[0] = s.update(b.high, b.low, b.close, b.volume);
                     },
                     [n](const Mfi&, const BarColumns& in, Outputs o) {
                       mfi(in.high, in.low, in.close, in.volume, n, o[0]);
                     });
               }});
  e.push_back(
      {{"obv", "on-balance volume", {}, {"obv"}},
       kCloseVolume,
       nullptr,
       [](const Params&) { return obv_lookback(); },
       [](IndicatorInfo info, const Params&) {
         return adapt(
             std::move(info), Obv(),
             [](Obv& s, const Bar& b, double* o) { o[0] = s.update(b.close, b.volume); },
             [](const Obv&, const BarColumns& in, Outputs o) { obv(in.close, in.volume, o[0]); });
       }});
  e.push_back({{"vwap",
                "session-anchored VWAP; sessions of N minutes from the epoch (1440: UTC days)",
                {{"session_minutes", 1440, 1, 527040, true}},
                {"vwap"}},
               static_cast<std::uint8_t>(kHlcv | kInputTime),
               nullptr,
               [](const Params&) { return vwap_lookback(); },
               [](IndicatorInfo info, const Params& p) {
                 const std::int64_t session_ns = static_cast<std::int64_t>(p[0]) * kMinuteNs;
                 return adapt(
                     std::move(info), Vwap(session_ns),
                     [](Vwap& s, const Bar& b, double* o) {
                       o[0] = s.update(b.ts_ns, b.high, b.low, b.close, b.volume);
                     },
                     [session_ns](const Vwap&, const BarColumns& in, Outputs o) {
                       vwap(in.ts_ns, in.high, in.low, in.close, in.volume, session_ns, o[0]);
                     });
               }});
  e.push_back(
      {{"willr", "Williams %R", {period(14)}, {"willr"}},
       kHlc,
       nullptr,
       [](const Params& p) { return willr_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Willr(n),
             [](Willr& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low, b.close); },
             [n](const Willr&, const BarColumns& in, Outputs o) {
               willr(in.high, in.low, in.close, n, o[0]);
             });
       }});
  e.push_back(
      {{"roc", "rate of change of the close, percent", {period(10, 1)}, {"roc"}},
       kClose,
       nullptr,
       [](const Params& p) { return momentum_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Momentum(n),
             [](Momentum& s, const Bar& b, double* o) { o[0] = s.update(b.close).roc; },
             [n](const Momentum&, const BarColumns& in, Outputs o) { roc(in.close, n, o[0]); });
       }});
  e.push_back(
      {{"mom", "momentum: change of the close over n bars", {period(10, 1)}, {"mom"}},
       kClose,
       nullptr,
       [](const Params& p) { return momentum_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         return adapt(
             std::move(info), Momentum(n),
             [](Momentum& s, const Bar& b, double* o) { o[0] = s.update(b.close).mom; },
             [n](const Momentum&, const BarColumns& in, Outputs o) { mom(in.close, n, o[0]); });
       }});
  e.push_back({{"sar",
                "Parabolic SAR",
                {{"acceleration", 0.02, 1e-6, 1, false}, {"maximum", 0.2, 1e-6, 1, false}},
                {"sar"}},
               kHl,
               [](const Params& p) {
                 return p[0] <= p[1] ? std::string()
                                     : std::string("acceleration must not exceed maximum");
               },
               [](const Params&) { return sar_lookback(); },
               [](IndicatorInfo info, const Params& p) {
                 const double accel = p[0];
                 const double max = p[1];
                 return adapt(
                     std::move(info), Sar(accel, max),
                     [](Sar& s, const Bar& b, double* o) { o[0] = s.update(b.high, b.low); },
                     [accel, max](const Sar&, const BarColumns& in, Outputs o) {
                       sar(in.high, in.low, accel, max, o[0]);
                     });
               }});
  e.push_back(
      {{"ichimoku",
        "Ichimoku lines and the cloud in force at each bar",
        {{"tenkan", 9, 1, kMaxPeriod, true},
         {"kijun", 26, 1, kMaxPeriod, true},
         {"senkou", 52, 1, kMaxPeriod, true}},
        {"tenkan", "kijun", "senkou_a", "senkou_b"}},
       kHl,
       [](const Params& p) {
         return p[0] <= p[1] && p[1] <= p[2]
                    ? std::string()
                    : std::string("periods must satisfy tenkan <= kijun <= senkou");
       },
       [](const Params& p) { return ichimoku_lookback(as_int(p[0]), as_int(p[1]), as_int(p[2])); },
       [](IndicatorInfo info, const Params& p) {
         const int t = as_int(p[0]);
         const int k = as_int(p[1]);
         const int s = as_int(p[2]);
         return adapt(
             std::move(info), Ichimoku(t, k, s),
             [](Ichimoku& st, const Bar& b, double* o) {
               const IchimokuValue v = st.update(b.high, b.low);
               o[0] = v.tenkan;
               o[1] = v.kijun;
               o[2] = v.senkou_a;
               o[3] = v.senkou_b;
             },
             [t, k, s](const Ichimoku&, const BarColumns& in, Outputs o) {
               ichimoku(in.high, in.low, t, k, s, o[0], o[1], o[2], o[3]);
             });
       }});
  e.push_back(
      {{"keltner",
        "Keltner channels: EMA of the close +/- multiplier * ATR",
        {period(20), {"multiplier", 2, 0, 1000, false}, {"atr_period", 10, 1, kMaxPeriod, true}},
        {"upper", "middle", "lower"}},
       kHlc,
       nullptr,
       [](const Params& p) { return keltner_lookback(as_int(p[0]), as_int(p[2])); },
       [](IndicatorInfo info, const Params& p) {
         const int n = as_int(p[0]);
         const double m = p[1];
         const int a = as_int(p[2]);
         return adapt(
             std::move(info), Keltner(n, m, a),
             [](Keltner& s, const Bar& b, double* o) {
               const ChannelValue v = s.update(b.high, b.low, b.close);
               o[0] = v.upper;
               o[1] = v.middle;
               o[2] = v.lower;
             },
             [n, m, a](const Keltner&, const BarColumns& in, Outputs o) {
               keltner(in.high, in.low, in.close, n, m, a, o[0], o[1], o[2]);
             });
       }});
  e.push_back({{"donchian",
                "Donchian channels: highest high, lowest low",
                {period(20, 1)},
                {"upper", "middle", "lower"}},
               kHl,
               nullptr,
               [](const Params& p) { return donchian_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 return adapt(
                     std::move(info), Donchian(n),
                     [](Donchian& s, const Bar& b, double* o) {
                       const ChannelValue v = s.update(b.high, b.low);
                       o[0] = v.upper;
                       o[1] = v.middle;
                       o[2] = v.lower;
                     },
                     [n](const Donchian&, const BarColumns& in, Outputs o) {
                       donchian(in.high, in.low, n, o[0], o[1], o[2]);
                     });
               }});
  e.push_back({{"supertrend",
                "SuperTrend on TA-Lib's ATR",
                {period(10, 1), {"multiplier", 3, 0, 1000, false}},
                {"supertrend", "direction"}},
               kHlc,
               nullptr,
               [](const Params& p) { return supertrend_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 const double m = p[1];
                 return adapt(
                     std::move(info), Supertrend(n, m),
                     [](Supertrend& s, const Bar& b, double* o) {
                       const SupertrendValue v = s.update(b.high, b.low, b.close);
                       o[0] = v.value;
                       o[1] = v.direction;
                     },
                     [n, m](const Supertrend&, const BarColumns& in, Outputs o) {
                       supertrend(in.high, in.low, in.close, n, m, o[0], o[1]);
                     });
               }});
  e.push_back({{"stddev",
                "population standard deviation of the close, times a factor",
                {period(5), {"factor", 1, 0, 1000, false}},
                {"stddev"}},
               kClose,
               nullptr,
               [](const Params& p) { return stddev_lookback(as_int(p[0])); },
               [](IndicatorInfo info, const Params& p) {
                 const int n = as_int(p[0]);
                 const double f = p[1];
                 return adapt(
                     std::move(info), Stddev(n, f),
                     [](Stddev& s, const Bar& b, double* o) { o[0] = s.update(b.close); },
                     [n, f](const Stddev&, const BarColumns& in, Outputs o) {
                       stddev(in.close, n, f, o[0]);
                     });
               }});
  e.push_back(
      {{"linreg",
        "least-squares line of the close, value at the newest bar",
        {period(14)},
        {"linreg"}},
       kClose,
       nullptr,
       [](const Params& p) { return linreg_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         return adapt(
             std::move(info), Linreg(as_int(p[0])),
             [](Linreg& s, const Bar& b, double* o) { o[0] = s.update(b.close).value; },
             replay<1>([](Linreg& s, const Bar& b, double* o) { o[0] = s.update(b.close).value; }));
       }});
  e.push_back(
      {{"linreg_slope", "least-squares slope of the close, per bar", {period(14)}, {"slope"}},
       kClose,
       nullptr,
       [](const Params& p) { return linreg_lookback(as_int(p[0])); },
       [](IndicatorInfo info, const Params& p) {
         return adapt(
             std::move(info), Linreg(as_int(p[0])),
             [](Linreg& s, const Bar& b, double* o) { o[0] = s.update(b.close).slope; },
             replay<1>([](Linreg& s, const Bar& b, double* o) { o[0] = s.update(b.close).slope; }));
       }});
  return e;
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = build_entries();
  return table;
}

std::string format_param(double v, bool integer) {
  if (integer) return std::to_string(static_cast<long long>(v));
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

Error spec_error(ErrorCode code, std::string_view spec, const std::string& problem) {
  std::string message = "indicator spec \"";
  message += spec;
  message += "\": ";
  message += problem;
  return Error(code, std::move(message));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct Parsed {
  const Entry* entry;
  IndicatorInfo info;
};

Result<Parsed> parse(std::string_view spec) {
  const std::string_view text = trim(spec);
  const std::size_t colon = text.find(':');
  const std::string_view name = trim(text.substr(0, colon));
  const Entry* entry = nullptr;
  for (const Entry& candidate : entries()) {
    if (candidate.info.name == name) entry = &candidate;
  }
  if (entry == nullptr) {
    return spec_error(ErrorCode::kNotFound, spec,
                      "unknown indicator \"" + std::string(name) + "\"");
  }
  const std::vector<ParamInfo>& defs = entry->info.params;
  Params values;
  if (colon != std::string_view::npos) {
    std::string_view rest = text.substr(colon + 1);
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view token = trim(rest.substr(0, comma));
      const std::size_t index = values.size();
      if (index >= defs.size()) {
        return spec_error(ErrorCode::kInvalidArgument, spec,
                          std::string(name) + " takes " + std::to_string(defs.size()) +
                              " parameter(s), got more");
      }
      double v = 0.0;
      const auto res = std::from_chars(token.data(), token.data() + token.size(), v);
      if (token.empty() || res.ec != std::errc() || res.ptr != token.data() + token.size() ||
          !std::isfinite(v)) {
        return spec_error(ErrorCode::kParse, spec,
                          "parameter " + std::string(defs[index].name) + " is not a number: \"" +
                              std::string(token) + "\"");
      }
      values.push_back(v);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  for (std::size_t i = values.size(); i < defs.size(); ++i) values.push_back(defs[i].default_value);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    const ParamInfo& d = defs[i];
    const double v = values[i];
    if (v < d.min || v > d.max || (d.integer && std::floor(v) != v)) {
      return spec_error(ErrorCode::kInvalidArgument, spec,
                        std::string(d.name) + " must be " +
                            (d.integer ? "an integer" : "a number") + " in [" +
                            format_param(d.min, d.integer) + ", " + format_param(d.max, d.integer) +
                            "], got " + format_param(v, false));
    }
  }
  if (entry->check != nullptr) {
    const std::string problem = entry->check(values);
    if (!problem.empty()) return spec_error(ErrorCode::kInvalidArgument, spec, problem);
  }
  IndicatorInfo info;
  info.name = std::string(name);
  info.spec = info.name;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    info.spec += i == 0 ? ':' : ',';
    info.spec += format_param(values[i], defs[i].integer);
  }
  info.params = values;
  for (const std::string_view out : entry->info.outputs) info.outputs.emplace_back(out);
  info.lookback = entry->lookback(values);
  info.inputs = entry->inputs;
  return Parsed{entry, std::move(info)};
}

}  // namespace

Result<IndicatorInfo> describe_indicator(std::string_view spec) {
  OMEGA_ASSIGN_OR_RETURN(Parsed parsed, parse(spec));
  return std::move(parsed.info);
}

Result<std::unique_ptr<Indicator>> make_indicator(std::string_view spec) {
  OMEGA_ASSIGN_OR_RETURN(Parsed parsed, parse(spec));
  const Params params = parsed.info.params;
  return parsed.entry->make(std::move(parsed.info), params);
}

const std::vector<IndicatorEntryInfo>& registered_indicators() {
  static const std::vector<IndicatorEntryInfo> infos = [] {
    std::vector<IndicatorEntryInfo> list;
    for (const Entry& entry : entries()) list.push_back(entry.info);
    return list;
  }();
  return infos;
}

}  // namespace omega::indicators
