#include "data/candle_reader.hpp"

#include <gtest/gtest.h>

#include "data/file_content.hpp"
#include "data/test_support.hpp"

namespace omega::data {
namespace {

using testing::data_file;
using testing::scratch_dir;
using testing::write_text;

// Expects a read to fail with a message containing every fragment.
void expect_error(const Result<ReadResult>& r, std::initializer_list<std::string_view> fragments) {
  ASSERT_FALSE(r.ok()) << "expected an error";
  const std::string msg = r.error().to_string();
  for (const std::string_view f : fragments) {
    EXPECT_NE(msg.find(f), std::string::npos) << "'" << f << "' not in: " << msg;
  }
}

TEST(ReadCandles, BundledOneMinuteFile) {
  auto r = read_candles(data_file("market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const CandleSeries& s = r->series;
  EXPECT_EQ(r->info.format, CandleFormat::kOmegaCsv);
  EXPECT_TRUE(r->info.had_header);
  ASSERT_EQ(s.size(), 130'708u);
  EXPECT_EQ(s.price_precision(), 2);
  EXPECT_EQ(s.volume_precision(), 6);
  EXPECT_EQ(s.open_time(0), Timestamp::from_ms(1747699200000));
  EXPECT_EQ(s.open(0), *Price::parse("105573.73"));
  EXPECT_EQ(s.high(0), *Price::parse("105597.1"));
  EXPECT_EQ(s.volume(0), *Quantity::parse("10.82647"));
  EXPECT_EQ(r->info.source_lines.front(), 2);
  EXPECT_EQ(r->info.source_lines.back(), 130'709);
  EXPECT_EQ(r->info.rounded_values, 0u);
  EXPECT_EQ(detect_timeframe(s), Timeframe::m1());
}

TEST(ReadCandles, EveryBundledMarketFileLoads) {
  struct Case {
    const char* file;
    std::size_t rows;
    Timeframe tf;
  };
  for (const Case& c :
       {Case{"market/binance_btcusdt_15m_2023-04-01_2024-04-09.csv.gz", 35'999, Timeframe::m15()},
        Case{"market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz", 58'419, Timeframe::h1()},
        Case{"market/binance_btcusdt_5m_2024-03-01_2025-07-02.csv.gz", 140'614, Timeframe::m5()}}) {
    auto r = read_candles(data_file(c.file));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->series.size(), c.rows) << c.file;
    EXPECT_EQ(detect_timeframe(r->series), c.tf) << c.file;
  }
}

TEST(ReadCandles, MixedColumnsFileThroughTheMapping) {
  auto r = read_candles(data_file("market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->info.format, CandleFormat::kMappedCsv);
  const CandleSeries& s = r->series;
  ASSERT_EQ(s.size(), 5'152u);
  // Header: timestamp,open,close,volume,unix_timestamp,high,low (close before high/low).
  EXPECT_EQ(s.open_time(0), Timestamp::from_s(1313625600));
  EXPECT_EQ(s.close(1), *Price::parse("11.69"));
  EXPECT_EQ(s.high(1), *Price::parse("11.85"));
  EXPECT_EQ(s.low(s.size() - 1), *Price::parse("111066.07"));
  // Volumes carry float noise (1.9265781400000002): 16 digits do not fit next to 6 integer
  // digits, so precision is capped at 12 and 104 values are rounded.
  EXPECT_EQ(s.volume_precision(), 12);
  EXPECT_EQ(r->info.rounded_values, 104u);
  EXPECT_EQ(s.volume(1), *Quantity::parse("1.92657814"));
  EXPECT_EQ(detect_timeframe(s), Timeframe::d1());
}

TEST(ReadCandles, MappingByDateStringColumn) {
  ReadOptions options;
  options.columns = *parse_column_mapping("time=timestamp");
  auto r = read_candles(data_file("market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz"),
                        options);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->series.open_time(0), *parse_iso8601("2011-08-18"));
}

TEST(ReadCandles, DirtyFileMixesMillisAndFloatSeconds) {
  auto r = read_candles(
      data_file("market/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const CandleSeries& s = r->series;
  ASSERT_EQ(s.size(), 36'062u);
  EXPECT_EQ(s.open_time(0), Timestamp::from_ms(1623283200000));         // unix in ms
  EXPECT_EQ(s.open_time(s.size() - 1), Timestamp::from_s(1502942400));  // "1502942400.0"
  EXPECT_EQ(s.open(s.size() - 1), *Price::parse("16199.91"));
  EXPECT_EQ(s.volume(0), *Quantity::parse("798.276499"));  // Volume BTC
  EXPECT_EQ(r->info.source_lines.back(), 36'063);
}

TEST(ReadCandles, BinanceKlinesWithoutHeaderInMillisAndMicros) {
  const auto dir = scratch_dir();
  const std::string ms =
      "1704067200000,42283.58,42298.62,42261.02,42298.61,35.92724,1704067259999,1519390.0,"
      "1327,20.9,883965.0,0\n"
      "1704067260000,42298.62,42320.00,42289.60,42320.00,21.37393,1704067319999,904304.9,"
      "968,13.2,558688.5,0\n";
  auto r = read_candles(write_text(dir / "klines.csv", ms));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->info.format, CandleFormat::kBinanceKline);
  EXPECT_FALSE(r->info.had_header);
  ASSERT_EQ(r->series.size(), 2u);
  EXPECT_EQ(r->series.open_time(1), Timestamp::from_ms(1704067260000));
  EXPECT_EQ(r->series.close(1), *Price::parse("42320"));
  // Since 2025 Binance spot klines carry µs.
  const std::string us =
      "1735689600000000,93576.00,93610.93,93537.50,93610.93,8.21827,1735689659999999,"
      "768978.1,1810,3.4,321118.5,0\n";
  auto u = read_candles(write_text(dir / "klines_us.csv", us));
  ASSERT_TRUE(u.ok()) << u.error().to_string();
  EXPECT_EQ(u->series.open_time(0), Timestamp::from_ms(1735689600000));
}

TEST(ReadCandles, BinanceKlinesWithHeader) {
  const auto dir = scratch_dir();
  const std::string text =
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
      "taker_buy_quote_volume,ignore\n"
      "1704067200000,42283.58,42298.62,42261.02,42298.61,35.92724,1704067259999,1519390.0,"
      "1327,20.9,883965.0,0\n";
  auto r = read_candles(write_text(dir / "klines.csv", text));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->info.format, CandleFormat::kBinanceKline);
  EXPECT_TRUE(r->info.had_header);
  EXPECT_EQ(r->series.volume(0), *Quantity::parse("35.92724"));
}

TEST(ReadCandles, FreqtradeJsonIsExact) {
  const auto dir = scratch_dir();
  const std::string text =
      "[[1704067200000,42283.58,42298.62,42261.02,42298.61,35.92724],\n"
      " [1704067260000,0.1,0.3,0.1,0.2,1e-05],\n"
      " [1704067320000,\"0.2\",0.3,0.1,0.3,2.5E+1]]";
  auto r = read_candles(write_text(dir / "pair-1m.json", text));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->info.format, CandleFormat::kFreqtradeJson);
  ASSERT_EQ(r->series.size(), 3u);
  EXPECT_EQ(r->series.open(1), *Price::parse("0.1"));
  EXPECT_EQ(r->series.volume(1), *Quantity::parse("0.00001"));
  EXPECT_EQ(r->series.volume(2), *Quantity::parse("25"));
  EXPECT_EQ(r->series.open(2), *Price::parse("0.2"));
  EXPECT_EQ(r->info.source_lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(ReadCandles, GzipOfEachFormat) {
  const auto dir = scratch_dir();
  const std::string csv = "open_time,open,high,low,close,volume\n1704067200000,1.5,2,1,1.75,10\n";
  const std::string json = "[[1704067200000,1.5,2,1,1.75,10]]";
  const std::string kline = "1704067200000,1.5,2,1,1.75,10,1704067259999,0,0,0,0,0\n";
  const std::string mapped = "date,o,high,low,close,volume,open\n2024-01-01,9,2,1,1.75,10,1.5\n";
  for (const auto& [name, text] : {std::pair{"a.csv.gz", csv}, std::pair{"a.json.gz", json},
                                   std::pair{"k.csv.gz", kline}, std::pair{"m.csv.gz", mapped}}) {
    auto gz = gzip_compress(text);
    ASSERT_TRUE(gz.ok());
    auto r = read_candles(write_text(dir / name, *gz));
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().to_string();
    ASSERT_EQ(r->series.size(), 1u) << name;
    EXPECT_EQ(r->series.open_time(0), Timestamp::from_ms(1704067200000)) << name;
    EXPECT_EQ(r->series.open(0), *Price::parse("1.5")) << name;
    EXPECT_EQ(r->series.close(0), *Price::parse("1.75")) << name;
  }
}

TEST(ReadCandles, ExplicitFormatAndPrecisionOverrideDetection) {
  const auto dir = scratch_dir();
  const auto path = write_text(dir / "a.csv", "1704067200000,1.5,2,1,1.75,10\n");
  ReadOptions options;
  options.format = CandleFormat::kOmegaCsv;
  options.price_precision = 4;
  options.volume_precision = 0;
  options.time_unit = TimeUnit::kMillis;
  auto r = read_candles(path, options);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->series.price_precision(), 4);
  EXPECT_EQ(r->series.open_raw()[0], 15000);
  options.price_precision = 0;  // 1.5 does not fit: an exact precision is never rounded
  expect_error(read_candles(path, options), {"a.csv:1:2", "more than 0 fraction digits"});
  options.format = CandleFormat::kBinanceKline;
  expect_error(read_candles(path, options), {"expected 12 columns"});
}

TEST(ReadCandlesErrors, TruncatedGzip) {
  const auto dir = scratch_dir();
  std::string csv = "open_time,open,high,low,close,volume\n";
  for (int i = 0; i < 2000; ++i)
    csv += std::to_string(1704067200000 + i * 60000) + ",1,2,0.5,1.5,3\n";
  auto gz = gzip_compress(csv);
  ASSERT_TRUE(gz.ok());
  const auto path = write_text(dir / "cut.csv.gz", std::string_view(*gz).substr(0, gz->size() / 2));
  expect_error(read_candles(path), {"cut.csv.gz", "truncated gzip"});
  const auto garbage = write_text(dir / "bad.csv.gz", std::string("\x1f\x8b garbage", 10));
  expect_error(read_candles(garbage), {"bad.csv.gz", "gzip"});
}

TEST(ReadCandlesErrors, WrongColumnCountNamesLine) {
  const auto dir = scratch_dir();
  const auto path = write_text(dir / "cols.csv",
                               "open_time,open,high,low,close,volume\n"
                               "1704067200000,1,2,0.5,1.5,3\n"
                               "1704067260000,1,2,0.5,1.5\n");
  expect_error(read_candles(path), {"cols.csv:3:", "expected 6 columns, found 5"});
}

TEST(ReadCandlesErrors, BadNumberNamesLineAndColumn) {
  const auto dir = scratch_dir();
  const auto path = write_text(dir / "num.csv",
                               "open_time,open,high,low,close,volume\n"
                               "1704067200000,1,2,0.5,1.5,3\n"
                               "1704067260000,1,2,0.5x,1.5,3\n");
  expect_error(read_candles(path), {"num.csv:3:4", "bad number '0.5x'", "'low'"});
  const auto ts =
      write_text(dir / "ts.csv", "open_time,open,high,low,close,volume\nyesterday,1,2,0.5,1.5,3\n");
  expect_error(read_candles(ts), {"ts.csv:2:1", "bad timestamp 'yesterday'"});
}

TEST(ReadCandlesErrors, EmptyHeaderOnlyAndUnknownLayouts) {
  const auto dir = scratch_dir();
  expect_error(read_candles(write_text(dir / "empty.csv", "")), {"empty.csv", "empty file"});
  expect_error(read_candles(write_text(dir / "blank.csv", "\n\n  \n")), {"empty file"});
  expect_error(
      read_candles(write_text(dir / "header.csv", "open_time,open,high,low,close,volume\n")),
      {"header.csv", "header only"});
  expect_error(read_candles(write_text(dir / "three.csv", "1,2,3\n")),
               {"three.csv:1", "cannot detect the format"});
  expect_error(
      read_candles(write_text(dir / "nohigh.csv", "time,open,low,close,volume\n1,1,1,1,1\n")),
      {"nohigh.csv:1", "no high column"});
  expect_error(read_candles(dir / "missing.csv"), {"missing.csv", "cannot open"});
}

TEST(ReadCandlesErrors, BadJson) {
  const auto dir = scratch_dir();
  expect_error(read_candles(write_text(dir / "short.json", "[[1704067200000,1,2,0.5,1.5]]")),
               {"short.json:1", "expected 6 values", "found 5"});
  expect_error(
      read_candles(write_text(dir / "trunc.json", "[[1704067200000,1,2,0.5,1.5,3],\n[17040")),
      {"trunc.json"});
  expect_error(read_candles(write_text(dir / "word.json", "[[1704067200000,1,2,\"x\",1.5,3]]")),
               {"word.json:1", "bad low 'x'"});
  expect_error(read_candles(write_text(dir / "none.json", "[]")), {"none.json", "no candle rows"});
  expect_error(read_candles(write_text(dir / "obj.json", "[{\"a\":1}]")),
               {"obj.json", "expected an array"});
}

TEST(ColumnMapping, ParsesKeysAndRejectsUnknownOnes) {
  auto m = parse_column_mapping("time=unix, volume=Volume BTC");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->time, "unix");
  EXPECT_EQ(m->volume, "Volume BTC");
  EXPECT_FALSE(parse_column_mapping("price=close").ok());
  EXPECT_FALSE(parse_column_mapping("time").ok());
}

TEST(ColumnMapping, MissingMappedColumnIsNamed) {
  const auto dir = scratch_dir();
  ReadOptions options;
  options.columns.volume = "Volume ETH";
  expect_error(
      read_candles(write_text(dir / "m.csv", "time,open,high,low,close,Volume BTC\n1,1,1,1,1,1\n"),
                   options),
      {"m.csv:1", "'Volume ETH'", "not in the header"});
}

}  // namespace
}  // namespace omega::data

namespace omega::data {
namespace {

// Random byte edits of valid inputs must give a value or an Error, never a crash or an assert.
TEST(ReadCandlesErrors, MutatedInputNeverCrashes) {
  const std::vector<std::string> seeds = {
      "open_time,open,high,low,close,volume\n1704067200000,1.5,2,1,1.75,10\n1704067260000,1.75,2.5,"
      "1.5,2,3.25\n",
      "[[1704067200000,1.5,2,1,1.75,10],[1704067260000,1.75,2.5,1.5,2,3.25]]",
      "unix,date,open,high,low,close,Volume "
      "BTC\n1502942400.0,x,1,2,0.5,1.5,3\n1704067260000,y,1,2,0.5,1.5,3\n",
      "1704067200000,1.5,2,1,1.75,10,1704067259999,0,0,0,0,0\n"};
  const std::string alphabet = "0123456789.,-+eE\n\r\"[] x:T";
  std::uint64_t state = 42;  // fixed seed: the run is reproducible
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  std::size_t ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = seeds[next() % seeds.size()];
    const std::size_t edits = 1 + next() % 4;
    for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t pos = next() % text.size();
      switch (next() % 3) {
        case 0:
          text[pos] = alphabet[next() % alphabet.size()];
          break;
        case 1:
          text.erase(pos, 1 + next() % 8);
          break;
        default:
          text.insert(pos, 1, alphabet[next() % alphabet.size()]);
          break;
      }
    }
    auto r = parse_candles(text, "fuzz");
    if (r.ok()) {
      ++ok;
      EXPECT_EQ(r->series.size(), r->info.source_lines.size());
    } else {
      EXPECT_NE(r.error().to_string().find("fuzz"), std::string::npos) << r.error().to_string();
    }
  }
  EXPECT_GT(ok, 0u);
}

}  // namespace
}  // namespace omega::data

namespace omega::data {
namespace {

TEST(FileContent, MapsPlainFilesAndBuffersGzip) {
  const auto dir = testing::scratch_dir();
  const std::string text = "open_time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,3\n";
  auto plain = FileContent::open(testing::write_text(dir / "a.csv", text));
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->mapped());
  EXPECT_EQ(plain->view(), text);
  FileContent moved = std::move(*plain);
  EXPECT_EQ(moved.view(), text);
  auto gz = FileContent::open(testing::write_text(dir / "a.csv.gz", *gzip_compress(text)));
  ASSERT_TRUE(gz.ok());
  EXPECT_FALSE(gz->mapped());
  EXPECT_EQ(gz->view(), text);
  auto empty = FileContent::open(testing::write_text(dir / "e.csv", ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->view().empty());
  EXPECT_FALSE(FileContent::open(dir / "missing.csv").ok());
}

}  // namespace
}  // namespace omega::data

namespace omega::data {
namespace {

// The single-pass fast path (both precisions inferred) must give exactly what the two-pass path
// gives (forced here by fixing one precision to the inferred value).
TEST(ReadCandles, FastPathMatchesTwoPassPath) {
  for (const char* f : {"market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz",
                        "market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz",
                        "market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz",
                        "market/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz"}) {
    auto fast = read_candles(testing::data_file(f));
    ASSERT_TRUE(fast.ok()) << f;
    ReadOptions price_fixed;
    price_fixed.price_precision = fast->series.price_precision();
    auto slow = read_candles(testing::data_file(f), price_fixed);
    ASSERT_TRUE(slow.ok()) << f;
    EXPECT_EQ(fast->series, slow->series) << f;
    EXPECT_EQ(fast->info.source_lines, slow->info.source_lines) << f;
    EXPECT_EQ(fast->info.rounded_values, slow->info.rounded_values) << f;
    // An explicit precision is exact, so files whose volumes were rounded cannot take this path.
    if (fast->info.rounded_values > 0) continue;
    ReadOptions volume_fixed;
    volume_fixed.volume_precision = fast->series.volume_precision();
    auto slow2 = read_candles(testing::data_file(f), volume_fixed);
    ASSERT_TRUE(slow2.ok()) << f;
    EXPECT_EQ(fast->series, slow2->series) << f;
  }
}

TEST(ReadCandles, PrecisionGrowsWhenLaterRowsNeedMoreDigits) {
  const auto dir = testing::scratch_dir();
  auto r = read_candles(testing::write_text(dir / "p.csv",
                                            "open_time,open,high,low,close,volume\n"
                                            "1704067200000,1,2,1,2,3\n"
                                            "1704067260000,1.5,2.25,1.125,2.000,0.0001\n"
                                            "1704067320000,-0.5,+2,1,2,3\n"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->series.price_precision(), 3);
  EXPECT_EQ(r->series.volume_precision(), 4);
  EXPECT_EQ(r->series.open_raw()[0], 1000);
  EXPECT_EQ(r->series.low_raw()[1], 1125);
  EXPECT_EQ(r->series.close_raw()[1], 2000);
  EXPECT_EQ(r->series.volume_raw()[0], 30000);
  EXPECT_EQ(r->series.open_raw()[2], -500);
}

}  // namespace
}  // namespace omega::data
