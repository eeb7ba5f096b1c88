// Provides RunConfig and load_run_config: the YAML file `omega run --config FILE` reads (the
// replay speed, the store, the output directory and the bots with their data, account and
// parameters), validated whole before anything runs, with errors naming the file, line and key.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/backtest_setup.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "paper/replay_pacer.hpp"
#include "store/retention.hpp"
#include "store/store_options.hpp"

namespace omega::app {

// One bot of the file, its data loaded and its account configured.
struct RunBotSpec {
  std::string name;  // bot id and output folder (defaults to the kind)
  std::string kind;  // sma_cross, fibonacci_trader
  Config params;     // the bot's `params` mapping (empty when absent)
  std::vector<std::pair<std::string, std::string>> listed_params;  // for summary.json
  MarketFlags market;  // the shared market options, paths made absolute
  MarketData data;
  backtest::BacktestConfig config;
  std::string where;  // "FILE: bots.N" for errors found later
};

// The whole file.
struct RunConfig {
  std::string source;
  paper::ReplaySpeed speed;
  store::StoreOptions store;
  std::string store_text;  // as given (the password, if any, is not in it)
  std::filesystem::path out;
  std::vector<RunBotSpec> bots;
  // The `retention` section (store/retention.hpp): what the run trims from the store as it goes;
  // nullopt keeps everything.
  std::optional<store::RetentionPolicy> retention;
};

// What the command line overrides (empty: the file's value). Relative paths here are relative
// to the working directory; in the file, relative to the file's directory.
struct RunOverrides {
  std::string speed;
  std::string store;
  std::string out;
};

// Reads, validates and loads everything `file` names (bars included) without writing anything.
Result<RunConfig> load_run_config(const std::filesystem::path& file,
                                  const RunOverrides& overrides = {});

// Returns the keys a bot entry accepts, in documentation order.
const std::vector<std::string_view>& run_bot_keys();

}  // namespace omega::app
