#include "data/csv_candle_parser.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <fmt/format.h>

#include "data/decimal_scan.hpp"
#include "data/timestamp_text.hpp"
#include "model/decimal.hpp"

namespace omega::data {
namespace {

constexpr int kMaxColumns = 64;
constexpr std::array<const char*, 6> kCanonical = {"open_time", "open",  "high",
                                                   "low",       "close", "volume"};

// One CSV line split into fields (no quoting with embedded commas; surrounding quotes and
// spaces are stripped).
struct Fields {
  std::array<std::string_view, kMaxColumns + 1> field;
  int count = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

void split(std::string_view line, Fields& out) {
  out.count = 0;
  const char* p = line.data();
  const char* end = p + line.size();
  while (true) {
    const char* comma =
        static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
    const char* field_end = comma != nullptr ? comma : end;
    if (out.count <= kMaxColumns) {
      out.field[static_cast<std::size_t>(out.count)] =
          std::string_view(p, static_cast<std::size_t>(field_end - p));
    }
    ++out.count;
    if (comma == nullptr) break;
    p = comma + 1;
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Walks the content line by line, calling `fn(line_number, line)` for non-empty lines from
// `start`; stops early when `fn` returns false.
template <typename Fn>
void for_each_line(std::string_view content, std::size_t start, std::int64_t first_line, Fn&& fn) {
  const char* p = content.data() + start;
  const char* end = content.data() + content.size();
  std::int64_t line_no = first_line;
  while (p < end) {
    const char* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl != nullptr ? nl : end;
    std::string_view line(p, static_cast<std::size_t>(line_end - p));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && !fn(line_no, line)) return;
    ++line_no;
    p = line_end + 1;
  }
}

// Skips a UTF-8 byte order mark and leading blank lines; returns the offset of the first line
// and its 1-based number.
std::size_t first_line_offset(std::string_view content, std::int64_t& line_no) {
  std::size_t p = 0;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") p = 3;
  line_no = 1;
  while (p < content.size() && (content[p] == '\n' || content[p] == '\r')) {
    if (content[p] == '\n') ++line_no;
    ++p;
  }
  return p;
}

bool looks_like_header(std::string_view line) {
  return std::any_of(line.begin(), line.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

Error parse_error(std::string_view source, std::int64_t line, int column, std::string_view what) {
  return Error(ErrorCode::kParse, fmt::format("{}:{}:{}: {}", source, line, column, what));
}

// Resolves the mapped columns against the header.
Result<CsvLayout> map_columns(const Fields& header, std::string_view source,
                              const ColumnMapping& mapping) {
  CsvLayout layout;
  layout.format = CandleFormat::kMappedCsv;
  layout.has_header = true;
  layout.columns = header.count;
  std::vector<std::string> names;
  for (int i = 0; i < header.count && i < kMaxColumns; ++i) {
    layout.names.emplace_back(trim(header.field[static_cast<std::size_t>(i)]));
    names.push_back(lower(layout.names.back()));
  }
  const auto find = [&](std::string_view want) -> int {
    const std::string w = lower(want);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == w) return static_cast<int>(i);
    }
    return -1;
  };
  const std::array<const std::string*, 6> wanted = {&mapping.time, &mapping.open,  &mapping.high,
                                                    &mapping.low,  &mapping.close, &mapping.volume};
  for (std::size_t k = 0; k < 6; ++k) {
    int idx = -1;
    if (!wanted[k]->empty()) {
      idx = find(*wanted[k]);
      if (idx < 0) {
        return Error(ErrorCode::kNotFound,
                     fmt::format("{}:1: column '{}' (mapped as {}) is not in the header", source,
                                 *wanted[k], kCanonical[k]));
      }
    } else if (k == 0) {
      for (const char* guess : {"open_time", "unix", "unix_timestamp", "timestamp", "time", "date",
                                "datetime", "open time"}) {
        if ((idx = find(guess)) >= 0) break;
      }
    } else if (k == 5) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].rfind("volume", 0) == 0) {
          idx = static_cast<int>(i);
          break;
        }
      }
    } else {
      idx = find(kCanonical[k]);
    }
    if (idx < 0) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("{}:1: no {} column in the header (map one with --columns {}=NAME)",
                               source, kCanonical[k], k == 0 ? "time" : kCanonical[k]));
    }
    layout.index[k] = idx;
  }
  return layout;
}

// Widens the digit stats with the price and volume fields of one line in a single byte loop
// (the inference pass must stay cheap next to the parse). Malformed fields may skew the stats;
// the parse pass reports them.
void scan_digits(std::string_view line, const std::array<std::uint8_t, kMaxColumns + 1>& role,
                 DigitStats& price, DigitStats& volume) {
  std::size_t field = 0;
  int int_digits = 0;
  int frac_digits = 0;
  int frac_seen = 0;
  bool in_frac = false;
  bool leading = true;
  const auto flush = [&] {
    const std::uint8_t r = field < role.size() ? role[field] : 0;
    if (r != 0) {
      DigitStats& st = r == 1 ? price : volume;
      st.max_int_digits = std::max(st.max_int_digits, int_digits);
      st.max_frac_digits = std::max(st.max_frac_digits, frac_digits);
    }
    ++field;
    int_digits = frac_digits = frac_seen = 0;
    in_frac = false;
    leading = true;
  };
  for (const char ch : line) {
    if (ch == ',') {
      flush();
    } else if (ch == '.') {
      in_frac = true;
    } else if (static_cast<unsigned>(ch - '0') < 10) {
      if (in_frac) {
        ++frac_seen;
        if (ch != '0') frac_digits = frac_seen;
      } else if (!leading || ch != '0') {
        leading = false;
        ++int_digits;
      }
    }
  }
  flush();
}

// One plain decimal split into its significant mantissa (trailing fraction zeros dropped), its
// fraction digits and its integer digits (without leading zeros). Returns false for anything
// unusual (empty, exponent, overflow), leaving the careful two-pass path to decide.
bool scan_scaled(std::string_view t, std::int64_t& mantissa, int& frac, int& int_digits) {
  const char* p = t.data();
  const char* e = p + t.size();
  if (p == e) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  constexpr auto kMax = static_cast<std::uint64_t>(INT64_MAX);
  std::uint64_t m = 0;
  int idig = 0;
  bool any = false;
  while (p != e && static_cast<unsigned>(*p - '0') < 10) {
    const auto d = static_cast<std::uint64_t>(*p - '0');
    if (m > (kMax - d) / 10) return false;
    m = m * 10 + d;
    if (m != 0) ++idig;
    any = true;
    ++p;
  }
  int f = 0;
  if (p != e && *p == '.') {
    ++p;
    int pending_zeros = 0;
    while (p != e && static_cast<unsigned>(*p - '0') < 10) {
      any = true;
      if (*p == '0') {
        ++pending_zeros;
      } else {
        for (int i = 0; i <= pending_zeros; ++i) {
          if (m > kMax / 10) return false;
          m *= 10;
        }
        const auto d = static_cast<std::uint64_t>(*p - '0');
        if (m > kMax - d) return false;
        m += d;
        f += pending_zeros + 1;
        pending_zeros = 0;
      }
      ++p;
    }
  }
  if (p != e || !any || f > kMaxDecimalPrecision) return false;
  mantissa = negative ? -static_cast<std::int64_t>(m) : static_cast<std::int64_t>(m);
  frac = f;
  int_digits = idig;
  return true;
}

// The fast path when both precisions are inferred: one pass that parses every number once and
// raises a column group's precision (rescaling what was read) when a value needs more digits.
// Returns false when anything is unusual (a malformed row, a value needing rounding, a precision
// the two-pass rule would choose differently); the caller then runs the two-pass path, which
// gives the same series for every input this one accepts, and the precise error otherwise.
bool parse_single_pass(std::string_view content, std::size_t start, std::int64_t first_line,
                       const CsvLayout& layout, TimeUnit unit, ReadResult& result) {
  CandleSeries& series = result.series;
  series = CandleSeries(0, 0);
  result.info.source_lines.clear();
  {
    const std::size_t nl = content.find('\n', start);
    const std::size_t first_len =
        std::max<std::size_t>(16, nl == std::string_view::npos ? 16 : nl - start + 1);
    const std::size_t estimate = (content.size() - start) / first_len + 16;
    series.reserve(estimate + estimate / 8);
    result.info.source_lines.reserve(estimate + estimate / 8);
  }
  std::array<int, 2> precision = {0, 0};  // price, volume
  std::array<int, 2> max_int = {0, 0};
  bool ok = true;
  Fields f;
  for_each_line(content, start, first_line, [&](std::int64_t line_no, std::string_view line) {
    split(line, f);
    std::int64_t t = 0;
    if (f.count != layout.columns ||
        !parse_timestamp_text(trim(f.field[static_cast<std::size_t>(layout.index[0])]), unit, t)) {
      ok = false;
      return false;
    }
    std::array<std::int64_t, 6> m{};
    std::array<int, 6> fr{};
    std::array<int, 2> need = precision;
    for (std::size_t k = 1; k < 6; ++k) {
      int id = 0;
      if (!scan_scaled(trim(f.field[static_cast<std::size_t>(layout.index[k])]), m[k], fr[k], id)) {
        ok = false;
        return false;
      }
      const std::size_t g = k == 5 ? 1 : 0;
      need[g] = std::max(need[g], fr[k]);
      max_int[g] = std::max(max_int[g], id);
    }
    if (need[0] > precision[0]) {
      if (!series.set_price_precision(need[0]).ok()) return ok = false;
      precision[0] = need[0];
    }
    if (need[1] > precision[1]) {
      if (!series.set_volume_precision(need[1]).ok()) return ok = false;
      precision[1] = need[1];
    }
    std::array<std::int64_t, 6> v{};
    v[0] = t;
    for (std::size_t k = 1; k < 6; ++k) {
      const int p = precision[k == 5 ? 1 : 0];
      if (__builtin_mul_overflow(m[k], pow10_i64(p - fr[k]), &v[k])) return ok = false;
    }
    series.push_back_raw(v[0], v[1], v[2], v[3], v[4], v[5]);
    result.info.source_lines.push_back(line_no);
    return true;
  });
  // The two-pass rule lowers the precision when integer digits + precision exceed 18.
  return ok && !series.empty() && max_int[0] + precision[0] <= kMaxDecimalPrecision &&
         max_int[1] + precision[1] <= kMaxDecimalPrecision;
}

}  // namespace

Result<CsvLayout> detect_csv_layout(std::string_view content, std::string_view source,
                                    const ReadOptions& options) {
  std::int64_t line_no = 1;
  const std::size_t start = first_line_offset(content, line_no);
  if (start >= content.size()) {
    return Error(ErrorCode::kParse, fmt::format("{}: empty file", source));
  }
  std::string_view first;
  for_each_line(content, start, line_no, [&](std::int64_t, std::string_view line) {
    first = line;
    return false;
  });
  Fields f;
  split(first, f);
  if (f.count > kMaxColumns) {
    return Error(ErrorCode::kParse, fmt::format("{}:{}: {} columns, more than the {} supported",
                                                source, line_no, f.count, kMaxColumns));
  }
  const bool header = looks_like_header(first);
  CandleFormat format = options.format;
  if (format == CandleFormat::kAuto) {
    const std::string first_name = header ? lower(trim(f.field[0])) : std::string();
    bool omega_header = header && f.count == 6;
    for (int i = 0; omega_header && i < 6; ++i) {
      omega_header = lower(trim(f.field[static_cast<std::size_t>(i)])) ==
                     kCanonical[static_cast<std::size_t>(i)];
    }
    if (omega_header || (!header && f.count == 6)) {
      format = CandleFormat::kOmegaCsv;
    } else if (f.count == 12 &&
               (!header || first_name == "open_time" || first_name == "open time")) {
      format = CandleFormat::kBinanceKline;
    } else if (header) {
      format = CandleFormat::kMappedCsv;
    } else {
      return Error(ErrorCode::kParse,
                   fmt::format("{}:{}: cannot detect the format: {} columns and no header "
                               "(expected 6 for the project CSV or 12 for Binance klines; "
                               "choose one with --input-format)",
                               source, line_no, f.count));
    }
  }
  CsvLayout layout;
  layout.format = format;
  layout.has_header = header;
  switch (format) {
    case CandleFormat::kOmegaCsv:
      layout.columns = 6;
      break;
    case CandleFormat::kBinanceKline:
      layout.columns = 12;
      break;
    case CandleFormat::kMappedCsv: {
      if (!header) {
        return Error(ErrorCode::kParse,
                     fmt::format("{}:{}: a mapped CSV needs a header line naming its columns",
                                 source, line_no));
      }
      OMEGA_ASSIGN_OR_RETURN(layout, map_columns(f, source, options.columns));
      return layout;
    }
    default:
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("{}: format {} is not a CSV layout", source, to_string(format)));
  }
  if (f.count != layout.columns) {
    return Error(ErrorCode::kParse,
                 fmt::format("{}:{}: expected {} columns for {}, found {}", source, line_no,
                             layout.columns, to_string(format), f.count));
  }
  if (header) {
    for (int i = 0; i < f.count; ++i)
      layout.names.emplace_back(trim(f.field[static_cast<std::size_t>(i)]));
  } else {
    for (int i = 0; i < layout.columns; ++i) {
      layout.names.push_back(i < 6 ? kCanonical[static_cast<std::size_t>(i)]
                                   : fmt::format("column{}", i + 1));
    }
  }
  return layout;
}

Result<ReadResult> parse_csv_candles(std::string_view content, std::string_view source,
                                     const CsvLayout& layout, const ReadOptions& options) {
  std::int64_t first_line = 1;
  std::size_t start = first_line_offset(content, first_line);
  if (layout.has_header) {
    const char* nl =
        static_cast<const char*>(std::memchr(content.data() + start, '\n', content.size() - start));
    start = nl != nullptr ? static_cast<std::size_t>(nl - content.data()) + 1 : content.size();
    ++first_line;
  }
  const auto col = [&](int k) { return layout.index[static_cast<std::size_t>(k)]; };

  if (!options.price_precision && !options.volume_precision) {
    ReadResult fast{CandleSeries(0, 0), ReadInfo{}};
    if (parse_single_pass(content, start, first_line, layout, options.time_unit, fast)) {
      fast.info.format = layout.format;
      fast.info.had_header = layout.has_header;
      fast.info.bytes = content.size();
      return fast;
    }
  }

  // Pass 1 (only when a precision is inferred): count digits, and rows for reserve().
  DigitStats price_stats;
  DigitStats volume_stats;
  std::size_t rows_hint = 0;
  const bool infer = !options.price_precision || !options.volume_precision;
  if (infer) {
    // role[c]: 1 for a price column, 2 for the volume column, 0 otherwise.
    std::array<std::uint8_t, kMaxColumns + 1> role{};
    for (int k = 1; k <= 4; ++k) role[static_cast<std::size_t>(col(k))] = 1;
    role[static_cast<std::size_t>(col(5))] = 2;
    for_each_line(content, start, first_line, [&](std::int64_t, std::string_view line) {
      ++rows_hint;
      scan_digits(line, role, price_stats, volume_stats);
      return true;
    });
  } else {
    rows_hint = static_cast<std::size_t>(std::count(
                    content.begin() + static_cast<std::ptrdiff_t>(start), content.end(), '\n')) +
                1;
  }
  const int price_precision = options.price_precision.value_or(price_stats.precision());
  const int volume_precision = options.volume_precision.value_or(volume_stats.precision());
  if (price_precision < 0 || price_precision > kMaxDecimalPrecision || volume_precision < 0 ||
      volume_precision > kMaxDecimalPrecision) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{}: precision must lie in 0..{}", source, kMaxDecimalPrecision));
  }

  ReadResult result{CandleSeries(price_precision, volume_precision), ReadInfo{}};
  result.info.format = layout.format;
  result.info.had_header = layout.has_header;
  result.info.bytes = content.size();
  result.series.reserve(rows_hint);
  result.info.source_lines.reserve(rows_hint);

  std::optional<Error> error;
  std::size_t rounded = 0;
  Fields f;
  for_each_line(content, start, first_line, [&](std::int64_t line_no, std::string_view line) {
    split(line, f);
    if (f.count != layout.columns) {
      error = parse_error(source, line_no, std::min(f.count, layout.columns),
                          fmt::format("expected {} columns, found {}", layout.columns, f.count));
      return false;
    }
    std::int64_t v[6];
    {
      const std::string_view t = trim(f.field[static_cast<std::size_t>(col(0))]);
      if (!parse_timestamp_text(t, options.time_unit, v[0])) {
        error = parse_error(source, line_no, col(0) + 1,
                            fmt::format("bad timestamp '{}' in column '{}'", t,
                                        layout.names[static_cast<std::size_t>(col(0))]));
        return false;
      }
    }
    for (int k = 1; k < 6; ++k) {
      const std::string_view t = trim(f.field[static_cast<std::size_t>(col(k))]);
      const int precision = k == 5 ? volume_precision : price_precision;
      const bool exact_only =
          k == 5 ? options.volume_precision.has_value() : options.price_precision.has_value();
      if (parse_decimal_fast(t.data(), t.data() + t.size(), precision, v[k])) continue;
      const DecimalParse r =
          exact_only ? DecimalParse::kSyntax : parse_decimal_rounding(t, precision, v[k]);
      if (r == DecimalParse::kRounded) {
        ++rounded;
        continue;
      }
      std::string what;
      int i = 0;
      int fr = 0;
      if (!count_decimal_digits(t, i, fr)) {
        what = fmt::format("bad number '{}' in column '{}'", t,
                           layout.names[static_cast<std::size_t>(col(k))]);
      } else if (exact_only && fr > precision) {
        what = fmt::format("'{}' in column '{}' has more than {} fraction digits", t,
                           layout.names[static_cast<std::size_t>(col(k))], precision);
      } else {
        what = fmt::format("'{}' in column '{}' does not fit in 64 bits at precision {}", t,
                           layout.names[static_cast<std::size_t>(col(k))], precision);
      }
      error = parse_error(source, line_no, col(k) + 1, what);
      return false;
    }
    result.series.push_back_raw(v[0], v[1], v[2], v[3], v[4], v[5]);
    result.info.source_lines.push_back(line_no);
    return true;
  });
  if (error) return std::move(*error);
  if (result.series.empty()) {
    return Error(ErrorCode::kParse,
                 fmt::format("{}: {}", source,
                             layout.has_header ? "header only, no data rows" : "no data rows"));
  }
  result.info.rounded_values = rounded;
  return result;
}

}  // namespace omega::data
