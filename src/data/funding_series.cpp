// Implements the funding-rate CSV reader.
#include "data/funding_series.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "data/file_content.hpp"
#include "data/timestamp_text.hpp"

namespace omega::data {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      cells.push_back(trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  return cells;
}

int find_column(const std::vector<std::string_view>& header,
                std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    for (std::string_view name : names) {
      if (header[i] == name) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

Result<std::vector<FundingPoint>> parse_funding_series(std::string_view text,
                                                       std::string_view source) {
  auto bad = [source](ErrorCode code, std::size_t line, std::string what) {
    return Error(code, fmt::format("{}:{}: {}", source, line, what));
  };
  std::vector<FundingPoint> points;
  int time_col = -1;
  int rate_col = -1;
  std::size_t line_no = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    const std::string_view raw = eol == std::string_view::npos ? text : text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const auto cells = split(line);
    if (!header_seen) {
      header_seen = true;
      time_col =
          find_column(cells, {"funding_time", "fundingTime", "calc_time", "time", "timestamp"});
      rate_col = find_column(cells, {"funding_rate", "fundingRate", "last_funding_rate", "rate"});
      if (time_col < 0 || rate_col < 0) {
        return bad(ErrorCode::kParse, line_no,
                   fmt::format("header '{}' needs a time column (funding_time, fundingTime, "
                               "calc_time, time, timestamp) and a rate column (funding_rate, "
                               "fundingRate, last_funding_rate, rate)",
                               line));
      }
      continue;
    }
    const auto need = static_cast<std::size_t>(std::max(time_col, rate_col)) + 1;
    if (cells.size() < need) {
      return bad(ErrorCode::kParse, line_no,
                 fmt::format("{} columns, the header needs at least {}", cells.size(), need));
    }
    std::int64_t ns = 0;
    const std::string_view time_text = cells[static_cast<std::size_t>(time_col)];
    if (!parse_timestamp_text(time_text, TimeUnit::kAuto, ns)) {
      return bad(ErrorCode::kParse, line_no, fmt::format("bad funding time '{}'", time_text));
    }
    const std::string_view rate_text = cells[static_cast<std::size_t>(rate_col)];
    auto rate = Rate::parse(rate_text);
    if (!rate.ok()) {
      return bad(ErrorCode::kParse, line_no,
                 fmt::format("bad funding rate '{}': {}", rate_text, rate.error().message()));
    }
    if (!points.empty() && ns <= points.back().first.ns()) {
      return bad(ErrorCode::kValidation, line_no,
                 fmt::format("funding time '{}' does not come after the previous one", time_text));
    }
    points.emplace_back(Timestamp(ns), *rate);
  }
  if (!header_seen) return bad(ErrorCode::kParse, line_no, "empty file: no header");
  if (points.empty()) return bad(ErrorCode::kValidation, line_no, "no funding rows");
  return points;
}

Result<std::vector<FundingPoint>> read_funding_series(const std::filesystem::path& path) {
  OMEGA_ASSIGN_OR_RETURN(FileContent content, FileContent::open(path));
  return parse_funding_series(content.view(), path.string());
}

}  // namespace omega::data
