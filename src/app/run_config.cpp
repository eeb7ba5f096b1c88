// Implements load_run_config.
#include "app/run_config.hpp"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backtest/simulated_exchange.hpp"
#include "bots/bot_registry.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "model/fixed_point.hpp"
#include "model/symbol.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;

// The market keys a bot entry (or `defaults`) may set; the same options as omega backtest.
constexpr std::string_view kMarketKeys[] = {
    "data",         "detail",  "timeframe",      "from",   "to",       "symbol",  "balance",
    "fees",         "lot",     "leverage",       "margin", "slippage", "latency", "participation",
    "funding_rate", "funding", "max_daily_loss", "seed"};

fs::path resolve(const fs::path& base, const std::string& text) {
  fs::path p(text);
  return p.is_relative() ? (base / p).lexically_normal() : p;
}

bool valid_name(std::string_view name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

// Reads one market key of bot `i`: its own value, else the `defaults` value, else `fallback`.
// Returns the path the value came from in `where` (empty when it is the fallback).
template <typename T>
Result<T> market_value(const Config& root, std::size_t i, std::string_view key, T fallback,
                       std::string& where) {
  const std::string own = fmt::format("bots.{}.{}", i, key);
  const std::string shared = fmt::format("defaults.{}", key);
  if (root.has(own)) {
    where = own;
    return root.get<T>(own);
  }
  if (root.has(shared)) {
    where = shared;
    return root.get<T>(shared);
  }
  where.clear();
  return fallback;
}

// Checks a value with `parse`; fails naming the key where it came from.
template <typename Parse>
Status check(const Config& root, const std::string& where, Parse parse) {
  if (where.empty()) return ok_status();
  auto r = parse();
  if (r.ok()) return ok_status();
  return root.invalid(where, r.error().message());
}

Result<RunBotSpec> load_bot(const Config& root, std::size_t i, const fs::path& base) {
  const std::string prefix = fmt::format("bots.{}", i);
  OMEGA_ASSIGN_OR_RETURN(Config entry, root.section(prefix));
  std::vector<std::string_view> allowed = {"name", "bot", "params"};
  allowed.insert(allowed.end(), std::begin(kMarketKeys), std::end(kMarketKeys));
  OMEGA_TRY(entry.check_keys(std::span<const std::string_view>(allowed)));

  RunBotSpec spec;
  spec.where = fmt::format("{}: {}", root.source(), prefix);
  OMEGA_ASSIGN_OR_RETURN(spec.kind, root.get<std::string>(prefix + ".bot"));
  const auto names = bots::bot_names();
  if (std::find(names.begin(), names.end(), spec.kind) == names.end()) {
    return root.invalid(prefix + ".bot", fmt::format("unknown bot '{}' (known: {})", spec.kind,
                                                     fmt::join(names, ", ")));
  }
  OMEGA_ASSIGN_OR_RETURN(spec.name, root.get_or<std::string>(prefix + ".name", spec.kind));
  if (!valid_name(spec.name)) {
    return root.invalid(prefix + ".name",
                        fmt::format("'{}' is not a bot name (1-64 of A-Z a-z 0-9 _ - ., it names "
                                    "the output folder)",
                                    spec.name));
  }
  if (root.has(prefix + ".params")) {
    OMEGA_ASSIGN_OR_RETURN(spec.params, root.section(prefix + ".params"));
    for (const std::string& key : spec.params.keys()) {
      auto value = spec.params.get<std::string>(key);
      spec.listed_params.emplace_back(key, value.ok() ? *value : std::string("(list)"));
    }
  }

  MarketFlags& m = spec.market;
  std::string where;
  auto text = [&](std::string_view key, std::string& out) -> Status {
    OMEGA_ASSIGN_OR_RETURN(out, market_value<std::string>(root, i, key, out, where));
    return ok_status();
  };
  auto path = [&](std::string_view key, std::string& out) -> Status {
    OMEGA_TRY(text(key, out));
    if (where.empty()) return ok_status();
    const fs::path p = resolve(base, out);
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
      return root.invalid(where,
                          fmt::format("cannot read '{}': {}", p.string(),
                                      fs::exists(p, ec) ? "not a regular file" : "no such file"));
    }
    out = p.string();
    return ok_status();
  };
  OMEGA_TRY(path("data", m.data));
  if (m.data.empty()) {
    return root.invalid(prefix, "needs data: a candle file (here or under defaults)");
  }
  OMEGA_TRY(path("detail", m.detail));
  OMEGA_TRY(path("funding", m.funding));
  OMEGA_TRY(text("timeframe", m.timeframe));
  OMEGA_TRY(check(root, where, [&] { return Timeframe::parse(m.timeframe); }));
  OMEGA_TRY(text("from", m.from));
  OMEGA_TRY(check(root, where, [&] { return parse_iso8601(m.from); }));
  OMEGA_TRY(text("to", m.to));
  OMEGA_TRY(check(root, where, [&] { return parse_iso8601(m.to); }));
  OMEGA_TRY(text("symbol", m.symbol));
  OMEGA_TRY(check(root, where, [&] { return Symbol::parse(m.symbol); }));
  OMEGA_TRY(text("balance", m.balance));
  OMEGA_TRY(check(root, where, [&] { return Money::parse(m.balance); }));
  OMEGA_TRY(text("fees", m.fees));
  OMEGA_TRY(check(root, where, [&] { return backtest::fee_preset(m.fees); }));
  OMEGA_TRY(text("lot", m.lot));
  OMEGA_TRY(check(root, where, [&] { return Quantity::parse(m.lot); }));
  OMEGA_ASSIGN_OR_RETURN(m.leverage, market_value<std::int64_t>(root, i, "leverage", 1, where));
  if (m.leverage < 1 || m.leverage > 125) return root.invalid(where, "must be 1..125");
  OMEGA_TRY(text("margin", m.margin));
  if (m.margin != "cross" && m.margin != "isolated") {
    return root.invalid(where, fmt::format("'{}' is not cross or isolated", m.margin));
  }
  OMEGA_TRY(text("slippage", m.slippage));
  OMEGA_TRY(check(root, where, [&] { return Rate::parse(m.slippage); }));
  OMEGA_TRY(text("latency", m.latency));
  OMEGA_TRY(check(root, where, [&] { return parse_duration(m.latency); }));
  OMEGA_TRY(text("participation", m.participation));
  OMEGA_TRY(check(root, where, [&] { return Rate::parse(m.participation); }));
  OMEGA_TRY(text("funding_rate", m.funding_rate));
  OMEGA_TRY(check(root, where, [&] { return Rate::parse(m.funding_rate); }));
  OMEGA_TRY(text("max_daily_loss", m.max_daily_loss));
  OMEGA_TRY(check(root, where, [&] { return Money::parse(m.max_daily_loss); }));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t seed, market_value<std::int64_t>(root, i, "seed", 42, where));
  if (seed < 0) return root.invalid(where, "must be >= 0");
  m.seed = static_cast<std::uint64_t>(seed);

  auto loaded = load_market_data(m);
  if (!loaded.ok()) return std::move(loaded).error().with_context(spec.where);
  spec.data = std::move(loaded).value();
  auto config = make_backtest_config(m, spec.data.bars.price_precision());
  if (!config.ok()) return std::move(config).error().with_context(spec.where);
  spec.config = std::move(config).value();
  return spec;
}

}  // namespace

const std::vector<std::string_view>& run_bot_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k = {"name", "bot", "params"};
    k.insert(k.end(), std::begin(kMarketKeys), std::end(kMarketKeys));
    return k;
  }();
  return keys;
}

Result<RunConfig> load_run_config(const fs::path& file, const RunOverrides& overrides) {
  ConfigOptions options;
  options.apply_env = false;  // a run is what its file says (and the command line)
  OMEGA_ASSIGN_OR_RETURN(Config root, Config::load_file(file, options));
  OMEGA_TRY(root.check_keys({"speed", "store", "out", "defaults", "bots", "retention"}));
  const fs::path base = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  RunConfig run;
  run.source = root.source();

  if (!overrides.speed.empty()) {
    auto speed = paper::parse_replay_speed(overrides.speed);
    if (!speed.ok()) return std::move(speed).error().with_context("--speed");
    run.speed = *speed;
  } else {
    OMEGA_ASSIGN_OR_RETURN(std::string speed, root.get_or<std::string>("speed", "1x"));
    auto parsed = paper::parse_replay_speed(speed);
    if (!parsed.ok()) return root.invalid("speed", parsed.error().message());
    run.speed = *parsed;
  }

  if (!overrides.out.empty()) {
    run.out = fs::path(overrides.out);
  } else {
    if (!root.has("out")) {
      return root.invalid("out", "missing: the directory for each bot's outputs (or --out)");
    }
    OMEGA_ASSIGN_OR_RETURN(std::string out, root.get<std::string>("out"));
    run.out = resolve(base, out);
  }

  if (!overrides.store.empty()) {
    auto store = store::parse_store_url(overrides.store);
    if (!store.ok()) return std::move(store).error().with_context("--store");
    run.store = *store;
    run.store_text = overrides.store;
  } else if (root.has("store")) {
    OMEGA_ASSIGN_OR_RETURN(std::string url, root.get<std::string>("store"));
    auto store = store::parse_store_url(url);
    if (!store.ok()) return root.invalid("store", store.error().message());
    run.store = *store;
    if (run.store.backend == store::StoreOptions::Backend::kSqlite) {
      run.store.sqlite.path = resolve(base, run.store.sqlite.path.string());
    }
    run.store_text = url.rfind("redis", 0) == 0 ? store::describe(run.store) : url;
  } else {
    run.store.backend = store::StoreOptions::Backend::kSqlite;
    run.store.sqlite.path = run.out / "store.sqlite";
  }
  if (run.store.backend == store::StoreOptions::Backend::kSqlite) {
    run.store_text = "sqlite:" + run.store.sqlite.path.string();
  }

  OMEGA_ASSIGN_OR_RETURN(run.retention, store::store_retention_policy(root));

  if (root.has("defaults")) {
    OMEGA_ASSIGN_OR_RETURN(Config defaults, root.section("defaults"));
    OMEGA_TRY(defaults.check_keys(
        std::span<const std::string_view>(std::begin(kMarketKeys), std::end(kMarketKeys))));
  }
  if (!root.has("bots")) return root.invalid("bots", "missing: a list of bots to run");
  std::size_t count = 0;
  while (root.has(fmt::format("bots.{}", count))) ++count;
  if (count == 0) return root.invalid("bots", "must be a non-empty list of bots");
  for (std::size_t i = 0; i < count; ++i) {
    OMEGA_ASSIGN_OR_RETURN(RunBotSpec spec, load_bot(root, i, base));
    for (const RunBotSpec& other : run.bots) {
      if (other.name == spec.name) {
        return root.invalid(
            fmt::format("bots.{}.name", i),
            fmt::format("'{}' is taken by an earlier bot; give each a name", spec.name));
      }
    }
    run.bots.push_back(std::move(spec));
  }
  return run;
}

}  // namespace omega::app
