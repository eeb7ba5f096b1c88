// Provides CandleSeries: a columnar (structure-of-arrays) OHLCV series with exact int64 columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "model/candle.hpp"

namespace omega::data {

// Names one column of a series, for generic access and double views.
enum class Column : std::uint8_t { kOpenTime, kOpen, kHigh, kLow, kClose, kVolume };

// A candle series stored column by column: open times in ns and OHLC as raw int64 at one price
// precision, volume as raw int64 at one volume precision. Rows keep the order they were added in.
class CandleSeries {
 public:
  // Builds an empty series; precisions must lie in 0..18 (asserted).
  explicit CandleSeries(int price_precision = 0, int volume_precision = 0);

  std::size_t size() const { return open_time_ns_.size(); }
  bool empty() const { return open_time_ns_.empty(); }
  int price_precision() const { return price_precision_; }
  int volume_precision() const { return volume_precision_; }

  // Reserves room for `rows` rows in every column.
  void reserve(std::size_t rows);
  // Appends one row of raw values at the series' precisions.
  void push_back_raw(std::int64_t open_time_ns, std::int64_t open, std::int64_t high,
                     std::int64_t low, std::int64_t close, std::int64_t volume);
  // Appends row `row` of `other`, which must have the same precisions (asserted).
  void push_back_row(const CandleSeries& other, std::size_t row);

  Timestamp open_time(std::size_t i) const { return Timestamp(open_time_ns_[i]); }
  Price open(std::size_t i) const { return price(open_[i]); }
  Price high(std::size_t i) const { return price(high_[i]); }
  Price low(std::size_t i) const { return price(low_[i]); }
  Price close(std::size_t i) const { return price(close_[i]); }
  Quantity volume(std::size_t i) const {
    return Quantity::from_raw_unchecked(volume_[i], volume_precision_);
  }
  // Returns row `i` as a Candle value.
  Candle candle(std::size_t i) const;

  // Raw column views (valid until the series is modified).
  std::span<const std::int64_t> open_time_ns() const { return open_time_ns_; }
  std::span<const std::int64_t> open_raw() const { return open_; }
  std::span<const std::int64_t> high_raw() const { return high_; }
  std::span<const std::int64_t> low_raw() const { return low_; }
  std::span<const std::int64_t> close_raw() const { return close_; }
  std::span<const std::int64_t> volume_raw() const { return volume_; }
  // Returns the raw column named by `column` (open times in ns).
  std::span<const std::int64_t> raw(Column column) const;

  // Materialises a column as doubles for analytics (open times become seconds since the epoch).
  std::vector<double> to_doubles(Column column) const;

  // Changes the price precision, rescaling every price; fails (series unchanged) when a value
  // would lose digits or overflow.
  Status set_price_precision(int precision);
  // Changes the volume precision, with the same rules as set_price_precision.
  Status set_volume_precision(int precision);

  // Returns a new series with the rows at `rows`, in that order.
  CandleSeries gather(std::span<const std::size_t> rows) const;

  // True when both series hold the same rows at the same precisions.
  friend bool operator==(const CandleSeries&, const CandleSeries&) = default;

 private:
  Price price(std::int64_t raw) const { return Price::from_raw_unchecked(raw, price_precision_); }

  std::vector<std::int64_t> open_time_ns_;
  std::vector<std::int64_t> open_;
  std::vector<std::int64_t> high_;
  std::vector<std::int64_t> low_;
  std::vector<std::int64_t> close_;
  std::vector<std::int64_t> volume_;
  int price_precision_ = 0;
  int volume_precision_ = 0;
};

// Returns the most common positive spacing between consecutive open times as a standard
// timeframe (rows need not be sorted: spacing is taken after sorting). Calendar months are
// recognised when most spacings are 28..31 days. Empty when there are fewer than two distinct
// times or the spacing is not a standard timeframe.
std::optional<Timeframe> detect_timeframe(const CandleSeries& series);

}  // namespace omega::data
