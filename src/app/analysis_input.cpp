#include "app/analysis_input.hpp"

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "core/time.hpp"
#include "data/candle_reader.hpp"

namespace omega::app {

Result<AnalysisInput> load_analysis_input(const std::string& path) {
  OMEGA_ASSIGN_OR_RETURN(data::ReadResult read, data::read_candles(path));
  fmt::print(stderr, "read {} rows ({}) from {}\n", read.series.size(),
             data::to_string(read.info.format), path);
  const auto times = read.series.open_time_ns();
  for (std::size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1]) {
      return Error(ErrorCode::kValidation,
                   fmt::format("row {} is not after the row before it; analytics need strictly "
                               "ascending times (see omega data validate --fix)",
                               i + 1))
          .with_context(path);
    }
  }
  AnalysisInput in;
  in.open = read.series.to_doubles(data::Column::kOpen);
  in.high = read.series.to_doubles(data::Column::kHigh);
  in.low = read.series.to_doubles(data::Column::kLow);
  in.close = read.series.to_doubles(data::Column::kClose);
  in.tick_size = std::pow(10.0, -read.series.price_precision());
  in.series = std::move(read.series);
  return in;
}

std::string bar_time(const data::CandleSeries& series, std::size_t i) {
  const std::size_t n = series.size();
  if (i < n) return format_iso8601(series.open_time(i));
  if (n < 2) return "";
  const auto times = series.open_time_ns();
  const std::int64_t step = times[n - 1] - times[n - 2];
  return format_iso8601(Timestamp(times[n - 1] + step * static_cast<std::int64_t>(i - (n - 1))));
}

}  // namespace omega::app
