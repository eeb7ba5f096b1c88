#include "data/freqtrade_json.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
// simdjson is heavy; it stays in this one translation unit.
#include <simdjson.h>

#include "data/decimal_scan.hpp"
#include "data/timestamp_text.hpp"
#include "model/decimal.hpp"

namespace omega::data {
namespace {

namespace od = simdjson::ondemand;

constexpr std::array<const char*, 6> kNames = {"time", "open", "high", "low", "close", "volume"};

// Tokens of one row, pointing into the padded copy of the input.
struct Row {
  std::array<std::string_view, 6> cell;
  std::int64_t line = 0;
};

std::string_view clean_token(std::string_view t) {
  while (!t.empty() &&
         (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t')) {
    t.remove_suffix(1);
  }
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  return t;
}

// Counts lines incrementally: token offsets only grow while iterating.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::int64_t line_at(const char* p) {
    const auto offset = static_cast<std::size_t>(
        std::clamp<std::ptrdiff_t>(p - text_.data(), 0, static_cast<std::ptrdiff_t>(text_.size())));
    if (offset < pos_) return line_;
    line_ += std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                        text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    pos_ = offset;
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
};

Error json_error(std::string_view source, std::int64_t line, std::string_view what) {
  return Error(ErrorCode::kParse, fmt::format("{}:{}: {}", source, line, what));
}

}  // namespace

Result<ReadResult> parse_freqtrade_json(std::string_view content, std::string_view source,
                                        const ReadOptions& options) {
  const simdjson::padded_string json(content);
  const std::string_view text(json.data(), json.size());
  LineCounter lines(text);
  od::parser parser;
  od::document doc;
  if (const auto err = parser.iterate(json).get(doc)) {
    return json_error(source, 1, fmt::format("invalid JSON: {}", simdjson::error_message(err)));
  }
  od::array rows_json;
  if (const auto err = doc.get_array().get(rows_json)) {
    return json_error(
        source, 1, fmt::format("expected a JSON array of rows: {}", simdjson::error_message(err)));
  }
  std::vector<Row> rows;
  std::size_t index = 0;
  std::int64_t line = 1;
  for (auto row_result : rows_json) {
    od::array row_json;
    if (const auto err = row_result.get_array().get(row_json)) {
      return json_error(
          source, line,
          fmt::format("row {}: expected an array: {}", index + 1, simdjson::error_message(err)));
    }
    Row row;
    int k = 0;
    for (auto cell_result : row_json) {
      od::value cell;
      if (const auto err = cell_result.get(cell)) {
        return json_error(source, line,
                          fmt::format("row {}: {}", index + 1, simdjson::error_message(err)));
      }
      const std::string_view token = cell.raw_json_token();
      line = lines.line_at(token.data());
      if (k < 6) row.cell[static_cast<std::size_t>(k)] = clean_token(token);
      ++k;
    }
    if (k != 6) {
      return json_error(source, line,
                        fmt::format("row {}: expected 6 values [time, open, high, low, close, "
                                    "volume], found {}",
                                    index + 1, k));
    }
    row.line = line;
    rows.push_back(row);
    ++index;
  }
  // Exponent forms are rewritten once into owned strings so the parse pass sees plain decimals.
  std::vector<std::string> expanded;
  expanded.reserve(16);
  std::string tmp;
  DigitStats price_stats;
  DigitStats volume_stats;
  for (Row& row : rows) {
    for (std::size_t k = 1; k < 6; ++k) {
      if (row.cell[k].find_first_of("eE") != std::string_view::npos &&
          expand_exponent(row.cell[k], tmp)) {
        expanded.push_back(tmp);
      }
    }
  }
  // Second sweep binds the expanded strings (their storage is now stable).
  std::size_t next = 0;
  for (Row& row : rows) {
    for (std::size_t k = 1; k < 6; ++k) {
      if (row.cell[k].find_first_of("eE") != std::string_view::npos &&
          expand_exponent(row.cell[k], tmp)) {
        row.cell[k] = expanded[next++];
      }
      (k == 5 ? volume_stats : price_stats).add(row.cell[k]);
    }
  }
  if (rows.empty()) return json_error(source, 1, "no candle rows (empty array)");
  const int price_precision = options.price_precision.value_or(price_stats.precision());
  const int volume_precision = options.volume_precision.value_or(volume_stats.precision());
  if (price_precision < 0 || price_precision > kMaxDecimalPrecision || volume_precision < 0 ||
      volume_precision > kMaxDecimalPrecision) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{}: precision must lie in 0..{}", source, kMaxDecimalPrecision));
  }
  ReadResult result{CandleSeries(price_precision, volume_precision), ReadInfo{}};
  result.info.format = CandleFormat::kFreqtradeJson;
  result.info.bytes = content.size();
  result.series.reserve(rows.size());
  result.info.source_lines.reserve(rows.size());
  // freqtrade writes ms; kAuto still scales by magnitude so seconds and µs files load too.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    std::int64_t v[6];
    if (!parse_timestamp_text(row.cell[0], options.time_unit, v[0])) {
      return json_error(source, row.line,
                        fmt::format("row {}: bad timestamp '{}'", r + 1, row.cell[0]));
    }
    for (std::size_t k = 1; k < 6; ++k) {
      const bool exact_only =
          k == 5 ? options.volume_precision.has_value() : options.price_precision.has_value();
      const int precision = k == 5 ? volume_precision : price_precision;
      const DecimalParse p =
          exact_only ? (parse_decimal_fast(row.cell[k].data(),
                                           row.cell[k].data() + row.cell[k].size(), precision, v[k])
                            ? DecimalParse::kExact
                            : DecimalParse::kSyntax)
                     : parse_decimal_rounding(row.cell[k], precision, v[k]);
      if (p == DecimalParse::kRounded) ++result.info.rounded_values;
      if (p == DecimalParse::kSyntax || p == DecimalParse::kOverflow) {
        return json_error(source, row.line,
                          fmt::format("row {}: bad {} '{}' (not a decimal at precision {})", r + 1,
                                      kNames[k], row.cell[k], precision));
      }
    }
    result.series.push_back_raw(v[0], v[1], v[2], v[3], v[4], v[5]);
    result.info.source_lines.push_back(row.line);
  }
  return result;
}

}  // namespace omega::data
