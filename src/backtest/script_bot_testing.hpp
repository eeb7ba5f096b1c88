// Provides ScriptBot, a test bot that submits scripted orders at given bar indexes and records
// every order and position event (shared by the backtest tests).
#pragma once

#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include "engine/bot.hpp"

namespace omega::backtest::testing {

// Submits scripted orders at given bar indexes and records every event.
class ScriptBot final : public engine::Bot {
 public:
  std::string_view kind() const override { return "script"; }
  void on_candle(const engine::CandleClosed& e) override {
    if (hook) hook(bar_);
    auto it = script.find(bar_++);
    if (it != script.end()) {
      for (auto o : it->second) {
        o.instrument = e.instrument;
        (void)ctx().submit_order(o);
      }
    }
  }
  void on_order_event(const engine::OrderUpdated& u) override { orders.push_back(u); }
  void on_position_event(const engine::PositionChanged& p) override { positions.push_back(p); }
  std::map<int, std::vector<engine::SubmitOrder>> script;
  std::function<void(int)> hook;  // called at each bar before the script
  std::vector<engine::OrderUpdated> orders;
  std::vector<engine::PositionChanged> positions;

 private:
  int bar_ = 0;
};

}  // namespace omega::backtest::testing
