// Provides OutageList: known exchange outage windows, loaded from a data file, used to tell
// a venue outage from a hole in the data.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace omega::data {

// One window in which the venue published no bars: [start, end).
struct OutageWindow {
  Timestamp start;
  Timestamp end;
  std::string note;
};

// A list of known outage windows (e.g. data/outages/binance_spot.csv).
class OutageList {
 public:
  OutageList() = default;

  // Parses "start,end,note" lines (ISO-8601 UTC; '#' comments; an optional header line).
  static Result<OutageList> parse(std::string_view text, std::string_view source_name);
  // Loads and parses a file.
  static Result<OutageList> load(const std::filesystem::path& path);

  // Returns the window that contains the whole missing range [from, to), or null.
  const OutageWindow* covering(Timestamp from, Timestamp to) const;

  const std::vector<OutageWindow>& windows() const { return windows_; }
  bool empty() const { return windows_.empty(); }

 private:
  std::vector<OutageWindow> windows_;
};

}  // namespace omega::data
