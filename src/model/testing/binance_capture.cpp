#include "model/testing/binance_capture.hpp"

#include <string_view>

#include <fmt/format.h>
#include <simdjson.h>  // test helper only: the model library never parses JSON
#include <zlib.h>

#include "model/decimal.hpp"

namespace omega::testing {
namespace {

struct Precisions {
  int price;
  int quantity;
};

bool to_raw(std::string_view text, int precision, std::int64_t& out) {
  return parse_decimal_fast(text.data(), text.data() + text.size(), precision, out);
}

// Reads [["price","qty"], ...] into raw levels.
bool read_levels(simdjson::dom::element array_element, Precisions p, std::vector<RawLevel>& out) {
  simdjson::dom::array array;
  if (array_element.get(array)) return false;
  for (simdjson::dom::element pair : array) {
    simdjson::dom::array items;
    if (pair.get(items) || items.size() != 2) return false;
    std::string_view price;
    std::string_view quantity;
    if (items.at(0).get(price) || items.at(1).get(quantity)) return false;
    RawLevel level;
    if (!to_raw(price, p.price, level.price) || !to_raw(quantity, p.quantity, level.quantity)) {
      return false;
    }
    out.push_back(level);
  }
  return true;
}

bool read_u64(simdjson::dom::element object, const char* key, std::uint64_t& out) {
  return !object[key].get(out);
}

Status parse_line(std::string_view json, simdjson::dom::parser& parser, Precisions p,
                  BinanceCapture& capture) {
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) {
    return Error(ErrorCode::kParse, "invalid JSON");
  }
  if (std::uint64_t last = 0; read_u64(doc, "lastUpdateId", last)) {
    CapturedSnapshot snapshot;
    snapshot.last_update_id = last;
    simdjson::dom::element bids;
    simdjson::dom::element asks;
    if (doc["bids"].get(bids) || doc["asks"].get(asks) || !read_levels(bids, p, snapshot.bids) ||
        !read_levels(asks, p, snapshot.asks)) {
      return Error(ErrorCode::kParse, "bad snapshot levels");
    }
    capture.events.push_back({CaptureEvent::Kind::kSnapshot, capture.snapshots.size()});
    capture.snapshots.push_back(std::move(snapshot));
    return ok_status();
  }
  std::string_view stream;
  simdjson::dom::element data;
  if (doc["stream"].get(stream) || doc["data"].get(data)) {
    return Error(ErrorCode::kParse, "neither a snapshot nor a stream envelope");
  }
  if (stream.find("@depth") != std::string_view::npos) {
    CapturedDiff diff;
    if (!read_u64(data, "U", diff.ids.first) || !read_u64(data, "u", diff.ids.last)) {
      return Error(ErrorCode::kParse, "depth update without U/u");
    }
    read_u64(data, "pu", diff.ids.prev_last);  // USD-M only
    simdjson::dom::element bids;
    simdjson::dom::element asks;
    if (data["b"].get(bids) || data["a"].get(asks) || !read_levels(bids, p, diff.bids) ||
        !read_levels(asks, p, diff.asks)) {
      return Error(ErrorCode::kParse, "bad depth levels");
    }
    capture.level_update_count += diff.bids.size() + diff.asks.size();
    capture.events.push_back({CaptureEvent::Kind::kDiff, capture.diffs.size()});
    capture.diffs.push_back(std::move(diff));
  } else if (stream.find("@bookTicker") != std::string_view::npos) {
    CapturedTicker t;
    std::string_view b, bq, a, aq;
    if (!read_u64(data, "u", t.update_id) || data["b"].get(b) || data["B"].get(bq) ||
        data["a"].get(a) || data["A"].get(aq) || !to_raw(b, p.price, t.bid.price) ||
        !to_raw(bq, p.quantity, t.bid.quantity) || !to_raw(a, p.price, t.ask.price) ||
        !to_raw(aq, p.quantity, t.ask.quantity)) {
      return Error(ErrorCode::kParse, "bad bookTicker");
    }
    capture.events.push_back({CaptureEvent::Kind::kTicker, capture.tickers.size()});
    capture.tickers.push_back(t);
  } else if (stream.find("@trade") != std::string_view::npos) {
    capture.events.push_back({CaptureEvent::Kind::kTrade, capture.trade_count});
    ++capture.trade_count;
  } else {
    return Error(ErrorCode::kParse, fmt::format("unknown stream '{}'", stream));
  }
  return ok_status();
}

}  // namespace

Result<BinanceCapture> load_binance_capture(const std::string& path, int price_precision,
                                            int quantity_precision) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return Error(ErrorCode::kIo, fmt::format("cannot open {}", path));
  BinanceCapture capture;
  simdjson::dom::parser parser;
  std::string line;
  std::vector<char> chunk(1 << 16);
  std::size_t line_no = 0;
  Status status = ok_status();
  while (status.ok()) {
    line.clear();
    bool got = false;
    while (gzgets(file, chunk.data(), static_cast<int>(chunk.size())) != nullptr) {
      got = true;
      line += chunk.data();
      if (!line.empty() && line.back() == '\n') break;
    }
    if (!got) break;
    ++line_no;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos) {
      status = Error(ErrorCode::kParse, "line without '<ns> <json>'");
    } else {
      status = parse_line(std::string_view(line).substr(space + 1), parser,
                          Precisions{price_precision, quantity_precision}, capture);
    }
    if (!status.ok())
      status = std::move(status).error().with_context(fmt::format("{}:{}", path, line_no));
  }
  gzclose(file);
  if (!status.ok()) return std::move(status).error();
  return capture;
}

}  // namespace omega::testing
