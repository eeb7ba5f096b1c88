#include "chat/command_table.hpp"

#include <chrono>
#include <string>

namespace omega::chat {
namespace {

using std::chrono::seconds;

const ArgSpec kSymbol{"SYMBOL", true, {}, true};
const ArgSpec kTimeframe{
    "TF", false, {"1m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d", "1w"}, false};

std::vector<CommandSpec> build_table() {
  const Availability engine = Availability::kNeedsEngine;
  const Availability store = Availability::kNeedsStore;
  return {
      {"help", "List the commands you can use", Role::kViewer, {}},
      {"status", "Bots and their states", Role::kViewer, {}, store},
      {"positions", "Open positions", Role::kViewer, {}, store, true},
      {"orders", "Open orders", Role::kViewer, {}, store, true},
      {"balance", "Account balances", Role::kTrader, {}, store, true},
      {"performance",
       "PnL and statistics of a bot over a period",
       Role::kViewer,
       {{"BOT", false, {}}, {"PERIOD", false, {"1d", "7d", "30d", "all"}}},
       store,
       true},
      {"analyze", "Indicators and trend of a symbol", Role::kViewer, {kSymbol, kTimeframe}},
      {"fib",
       "Fibonacci levels and the golden pocket of the last swing",
       Role::kViewer,
       {kSymbol, kTimeframe}},
      {"patterns", "Recent candlestick patterns", Role::kViewer, {kSymbol, kTimeframe}},
      {"risk", "Exposure and risk limits", Role::kViewer, {}, store, true},
      {"backtest",
       "Run a small backtest; the summary follows when done",
       Role::kTrader,
       {{"STRATEGY", true, {}}, kSymbol, kTimeframe},
       Availability::kReady,
       false,
       false,
       seconds(30)},
      {"alerts",
       "Price, Fibonacci-touch, risk and signal alerts",
       Role::kViewer,
       {{"ACTION", true, {"add", "list", "remove"}}, {"SPEC", false, {}, false, true}},
       store},
      {"notify",
       "Show your notification levels, or set one: on, silent or off per event type",
       Role::kViewer,
       {{"EVENT", false, {"fills", "stops", "signals", "risk", "denials", "faults", "alerts"}},
        {"LEVEL", false, {"on", "silent", "off"}}},
       store},
      {"persona",
       "List personas or pick yours",
       Role::kViewer,
       {{"ACTION", false, {"list", "set"}}, {"NAME", false, {}}}},
      {"learn",
       "A lesson by topic or keywords",
       Role::kViewer,
       {{"TOPIC", false, {}, false, true}}},
      {"quiz",
       "Start a quiz, or answer the current question with its number",
       Role::kViewer,
       {{"ANSWER", false, {}}}},
      {"buy",
       "Buy (asks for confirmation)",
       Role::kTrader,
       {kSymbol, {"QUANTITY", true, {}}, {"PRICE", false, {}}},
       engine,
       true,
       true},
      {"sell",
       "Sell (asks for confirmation)",
       Role::kTrader,
       {kSymbol, {"QUANTITY", true, {}}, {"PRICE", false, {}}},
       engine,
       true,
       true},
      {"close",
       "Close a position (asks for confirmation)",
       Role::kTrader,
       {kSymbol},
       engine,
       true,
       true},
      {"cancel",
       "Cancel an order (asks for confirmation)",
       Role::kTrader,
       {{"ORDER", true, {}}},
       engine,
       true,
       true},
      {"confirm",
       "Confirm your pending trade command (within 60 s)",
       Role::kTrader,
       {},
       engine,
       true},
      {"bot",
       "Start, stop or pause a bot",
       Role::kTrader,
       {{"ACTION", true, {"start", "stop", "pause"}}, {"BOT", true, {}}},
       engine},
      {"halt", "Kill switch: stop all trading now", Role::kAdmin, {}, engine},
      {"resume", "Lift the kill switch", Role::kAdmin, {}, engine},
  };
}

}  // namespace

std::span<const CommandSpec> command_table() {
  static const std::vector<CommandSpec> table = build_table();
  return table;
}

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& c : command_table()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string usage(const CommandSpec& spec) {
  std::string out;
  for (const ArgSpec& a : spec.args) {
    if (!out.empty()) out += ' ';
    std::string shown(a.name);
    if (!a.choices.empty() && a.choices.size() <= 6) {
      shown.clear();
      for (std::string_view c : a.choices) shown += (shown.empty() ? "" : "|") + std::string(c);
    }
    out += a.required ? shown : "[" + shown + "]";
  }
  return out;
}

}  // namespace omega::chat
