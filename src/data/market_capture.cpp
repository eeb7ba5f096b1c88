// Implements the Binance capture reader with simdjson.
#include "data/market_capture.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <simdjson.h>

#include "data/file_content.hpp"
#include "model/decimal.hpp"

namespace omega::data {
namespace {

constexpr int kWirePrecision = 8;  // Binance sends prices and quantities with 8 decimals

bool to_raw(std::string_view text, std::int64_t& out) {
  return parse_decimal_fast(text.data(), text.data() + text.size(), kWirePrecision, out);
}

// Appends [["price","qty"], ...] to `out`; returns the count or -1 on a malformed array.
int read_levels(simdjson::dom::element element, std::vector<RawLevel>& out) {
  simdjson::dom::array array;
  if (element.get(array)) return -1;
  int n = 0;
  for (simdjson::dom::element pair : array) {
    simdjson::dom::array items;
    std::string_view price;
    std::string_view quantity;
    RawLevel level;
    if (pair.get(items) || items.size() != 2 || items.at(0).get(price) ||
        items.at(1).get(quantity) || !to_raw(price, level.price) ||
        !to_raw(quantity, level.quantity)) {
      return -1;
    }
    out.push_back(level);
    ++n;
  }
  return n;
}

// Number of trailing decimal zeros of a raw value at kWirePrecision (0..kWirePrecision).
int trailing_zeros(std::int64_t raw) {
  if (raw == 0) return kWirePrecision;
  int z = 0;
  while (z < kWirePrecision && raw % 10 == 0) {
    raw /= 10;
    ++z;
  }
  return z;
}

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

Status parse_message(std::string_view json, std::int64_t local_ns, simdjson::dom::parser& parser,
                     MarketCapture& capture) {
  simdjson::dom::element doc;
  if (parser.parse(json.data(), json.size()).get(doc))
    return Error(ErrorCode::kParse, "invalid JSON");
  auto add_depth = [&](std::uint64_t first, std::uint64_t last, std::uint64_t prev,
                       simdjson::dom::element bids, simdjson::dom::element asks,
                       CaptureEvent::Kind kind, std::int64_t ts) -> Status {
    CapturedDepth d;
    d.ids = DepthDiffIds{first, last, prev};
    d.offset = static_cast<std::uint32_t>(capture.levels.size());
    const int nb = read_levels(bids, capture.levels);
    const int na = nb < 0 ? -1 : read_levels(asks, capture.levels);
    if (nb < 0 || na < 0) return Error(ErrorCode::kParse, "malformed price levels");
    d.bid_count = static_cast<std::uint32_t>(nb);
    d.ask_count = static_cast<std::uint32_t>(na);
    capture.events.push_back({kind, ts, static_cast<std::uint32_t>(capture.depths.size())});
    capture.depths.push_back(d);
    return ok_status();
  };
  if (std::uint64_t last = 0; !doc["lastUpdateId"].get(last)) {
    simdjson::dom::element bids;
    simdjson::dom::element asks;
    if (doc["bids"].get(bids) || doc["asks"].get(asks)) {
      return Error(ErrorCode::kParse, "snapshot without bids/asks");
    }
    return add_depth(0, last, 0, bids, asks, CaptureEvent::Kind::kSnapshot, local_ns);
  }
  std::string_view stream;
  simdjson::dom::element data;
  if (doc["stream"].get(stream) || doc["data"].get(data)) {
    return Error(ErrorCode::kParse, "neither a depth snapshot nor a stream envelope");
  }
  if (stream.find("@depth") != std::string_view::npos) {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::uint64_t prev = 0;
    std::int64_t event_ms = 0;
    simdjson::dom::element bids;
    simdjson::dom::element asks;
    if (data["U"].get(first) || data["u"].get(last) || data["E"].get(event_ms) ||
        data["b"].get(bids) || data["a"].get(asks)) {
      return Error(ErrorCode::kParse, "depth update without U, u, E, b or a");
    }
    if (!data["pu"].get(prev)) capture.market = BinanceMarket::kUsdm;
    return add_depth(first, last, prev, bids, asks, CaptureEvent::Kind::kDiff,
                     event_ms * 1'000'000);
  }
  if (stream.find("@trade") != std::string_view::npos ||
      stream.find("@aggTrade") != std::string_view::npos) {
    std::string_view price;
    std::string_view quantity;
    std::int64_t trade_ms = 0;
    bool maker = false;
    CapturedTrade t;
    if (data["p"].get(price) || data["q"].get(quantity) || data["T"].get(trade_ms) ||
        data["m"].get(maker) || !to_raw(price, t.price) || !to_raw(quantity, t.quantity)) {
      return Error(ErrorCode::kParse, "trade without p, q, T or m");
    }
    t.buyer_is_maker = maker;
    capture.events.push_back({CaptureEvent::Kind::kTrade, trade_ms * 1'000'000,
                              static_cast<std::uint32_t>(capture.trades.size())});
    capture.trades.push_back(t);
    return ok_status();
  }
  if (stream.find("@bookTicker") != std::string_view::npos) return ok_status();
  return Error(ErrorCode::kParse, fmt::format("unknown stream '{}'", stream));
}

}  // namespace

Result<MarketCapture> parse_binance_capture(std::string_view text, std::string_view source) {
  MarketCapture capture;
  simdjson::dom::parser parser;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = eol == std::string_view::npos ? text : text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    std::int64_t local_ns = 0;
    Status s = ok_status();
    if (space == std::string_view::npos ||
        !parse_decimal_fast(line.data(), line.data() + space, 0, local_ns)) {
      s = Error(ErrorCode::kParse, "line is not '<receive_ns> <json>'");
    } else {
      s = parse_message(line.substr(space + 1), local_ns, parser, capture);
    }
    if (!s.ok()) return std::move(s).error().with_context(fmt::format("{}:{}", source, line_no));
  }
  const bool has_snapshot =
      std::any_of(capture.events.begin(), capture.events.end(),
                  [](const CaptureEvent& e) { return e.kind == CaptureEvent::Kind::kSnapshot; });
  if (!has_snapshot) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{}: no REST depth snapshot to seed the book", source));
  }
  if (capture.trades.empty()) {
    return Error(ErrorCode::kValidation, fmt::format("{}: no trades to build bars from", source));
  }
  // Narrow the precisions to what the values need.
  int price_zeros = kWirePrecision;
  int quantity_zeros = kWirePrecision;
  for (const RawLevel& l : capture.levels) {
    price_zeros = std::min(price_zeros, trailing_zeros(l.price));
    quantity_zeros = std::min(quantity_zeros, trailing_zeros(l.quantity));
  }
  for (const CapturedTrade& t : capture.trades) {
    price_zeros = std::min(price_zeros, trailing_zeros(t.price));
    quantity_zeros = std::min(quantity_zeros, trailing_zeros(t.quantity));
  }
  const std::int64_t price_div = pow10(price_zeros);
  const std::int64_t quantity_div = pow10(quantity_zeros);
  for (RawLevel& l : capture.levels) {
    l.price /= price_div;
    l.quantity /= quantity_div;
  }
  for (CapturedTrade& t : capture.trades) {
    t.price /= price_div;
    t.quantity /= quantity_div;
  }
  capture.price_precision = kWirePrecision - price_zeros;
  capture.quantity_precision = kWirePrecision - quantity_zeros;
  return capture;
}

Result<MarketCapture> read_binance_capture(const std::filesystem::path& path) {
  OMEGA_ASSIGN_OR_RETURN(FileContent content, FileContent::open(path));
  return parse_binance_capture(content.view(), path.string());
}

}  // namespace omega::data
