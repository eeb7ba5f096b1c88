#include "data/outage_list.hpp"

#include <fmt/format.h>

#include "data/file_content.hpp"

namespace omega::data {

Result<OutageList> OutageList::parse(std::string_view text, std::string_view source_name) {
  OutageList list;
  std::int64_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#' || line.rfind("start,", 0) == 0) continue;
    const std::size_t c1 = line.find(',');
    const std::size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      return Error(ErrorCode::kParse,
                   fmt::format("{}:{}: expected start,end,note", source_name, line_no));
    }
    auto start = parse_iso8601(line.substr(0, c1));
    auto end = parse_iso8601(line.substr(c1 + 1, c2 - c1 - 1));
    if (!start.ok() || !end.ok() || !(*start < *end)) {
      return Error(ErrorCode::kParse,
                   fmt::format("{}:{}: bad outage window '{}' (need start < end, ISO-8601)",
                               source_name, line_no, line));
    }
    list.windows_.push_back(OutageWindow{*start, *end, std::string(line.substr(c2 + 1))});
  }
  return list;
}

Result<OutageList> OutageList::load(const std::filesystem::path& path) {
  OMEGA_ASSIGN_OR_RETURN(const std::string text, load_file_content(path));
  return parse(text, path.string());
}

const OutageWindow* OutageList::covering(Timestamp from, Timestamp to) const {
  for (const OutageWindow& w : windows_) {
    if (w.start <= from && to <= w.end) return &w;
  }
  return nullptr;
}

}  // namespace omega::data
