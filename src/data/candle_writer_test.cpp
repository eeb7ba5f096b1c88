#include "data/candle_writer.hpp"

#include <gtest/gtest.h>

#include "data/atomic_file.hpp"
#include "data/candle_reader.hpp"
#include "data/file_content.hpp"
#include "data/test_support.hpp"

namespace omega::data {
namespace {

using testing::data_file;
using testing::scratch_dir;
using testing::write_text;

std::size_t files_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteOptionsForPath, ChoosesByExtension) {
  EXPECT_EQ(write_options_for_path("a.csv")->format, OutputFormat::kCsv);
  EXPECT_FALSE(write_options_for_path("a.csv")->gzip);
  EXPECT_EQ(write_options_for_path("a.json.gz")->format, OutputFormat::kJson);
  EXPECT_TRUE(write_options_for_path("a.json.gz")->gzip);
  EXPECT_TRUE(write_options_for_path("a.csv.gz")->gzip);
  EXPECT_FALSE(write_options_for_path("a.parquet").ok());
}

TEST(CandleWriter, FormatsExactDecimals) {
  CandleSeries s(2, 8);
  s.push_back_raw(1704067200000 * kNanosPerMilli, 4228358, 4229862, 4226102, 4229800, 3592724000);
  EXPECT_EQ(format_candles_csv(s),
            "open_time,open,high,low,close,volume\n1704067200000,42283.58,42298.62,42261.02,42298,"
            "35.92724\n");
  EXPECT_EQ(format_candles_json(s),
            "[\n[1704067200000,42283.58,42298.62,42261.02,42298,35.92724]\n]\n");
}

// Reading a bundled file, writing it in every format and reading it back gives the same series.
TEST(CandleWriter, RoundTripsEveryFormat) {
  auto original =
      read_candles(data_file("market/binance_btcusdt_15m_2023-04-01_2024-04-09.csv.gz"));
  ASSERT_TRUE(original.ok()) << original.error().to_string();
  const auto dir = scratch_dir();
  for (const char* name : {"out.csv", "out.json", "out.csv.gz", "out.json.gz"}) {
    const auto path = dir / name;
    auto options = write_options_for_path(path);
    ASSERT_TRUE(options.ok());
    const Status st = write_candles(path, original->series, *options);
    ASSERT_TRUE(st.ok()) << st.error().to_string();
    auto back = read_candles(path);
    ASSERT_TRUE(back.ok()) << name << ": " << back.error().to_string();
    EXPECT_EQ(back->series, original->series) << name;
  }
  EXPECT_EQ(files_in(dir), 4u);  // no temporary files left behind
}

TEST(AtomicWrite, ReplacesWholeFile) {
  const auto dir = scratch_dir();
  const auto path = write_text(dir / "a.csv", "old content\n");
  ASSERT_TRUE(write_file_atomic(path, "new\n").ok());
  EXPECT_EQ(*load_file_content(path), "new\n");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(AtomicWrite, FailureLeavesNoPartialFile) {
  const auto dir = scratch_dir();
  // A producer that fails halfway: the target must not appear and no temporary may remain.
  const auto fail_halfway = [](const ChunkSink& sink) -> Status {
    OMEGA_TRY(sink("open_time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,3\n"));
    return Error(ErrorCode::kIo, "disk full (simulated)");
  };
  const Status st = write_file_atomic(dir / "new.csv", fail_halfway);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "new.csv"));
  EXPECT_EQ(files_in(dir), 0u);
  // An existing file keeps its old content.
  const auto existing = write_text(dir / "old.csv", "keep me\n");
  ASSERT_FALSE(write_file_atomic(existing, fail_halfway).ok());
  EXPECT_EQ(*load_file_content(existing), "keep me\n");
  EXPECT_EQ(files_in(dir), 1u);
}

TEST(AtomicWrite, UnwritableDirectoryIsAnError) {
  const auto dir = scratch_dir();
  const Status st = write_file_atomic(dir / "no" / "such" / "dir.csv", "x");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().to_string().find("dir.csv"), std::string::npos);
}

}  // namespace
}  // namespace omega::data
