#include "chat/farm_handlers.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace omega::chat {
namespace {

std::string flag_text(bool b) {
  return b ? "true" : "false";
}

std::string time_text(Timestamp ts) {
  std::string iso = format_iso8601(ts);
  return iso.substr(0, std::min<std::size_t>(iso.size(), 16));
}

std::string opt_price(const std::optional<Price>& p) {
  return p ? p->to_string_trimmed() : "n/a";
}

std::string opt_money(const std::optional<Money>& m) {
  return m ? money_text(*m) : "n/a";
}

void point(MessageData& d, const char* side, std::string text) {
  d.add_row(side, {{"point", std::move(text)}});
}

// Sets the halt fields shared by /status and /risk.
void add_halt(MessageData& d, bool halted, const std::string& reason, bool kill_switch) {
  d.flag("halted", halted).flag("kill_switch", kill_switch);
  d.set("halt_reason", reason.empty() ? "no reason given" : reason);
}

}  // namespace

HandlerReply status_reply(const FarmStatus& status) {
  HandlerReply r;
  r.type = MessageType::kStatus;
  add_halt(r.data, status.halted, status.halt_reason, status.kill_switch);
  int running = 0;
  for (const BotStatus& b : status.bots) {
    if (b.run_state == "running") ++running;
    r.data.add_row("bots", {{"bot", b.bot_id},
                            {"state", b.run_state},
                            {"kind", b.kind.empty() ? "?" : b.kind},
                            {"positions", std::to_string(b.open_positions)},
                            {"orders", std::to_string(b.open_orders)},
                            {"fills", std::to_string(b.fills)},
                            {"last_fill", b.last_fill ? time_text(*b.last_fill) : "never"}});
  }
  r.data.lists.try_emplace("bots");
  r.data.set("count", std::to_string(status.bots.size())).set("running", std::to_string(running));
  return r;
}

HandlerReply positions_reply(const std::vector<PositionView>& positions) {
  HandlerReply r;
  r.type = MessageType::kPositions;
  Money total = Money::zero(2);
  bool has_total = false;
  int losing = 0;
  for (const PositionView& p : positions) {
    const bool short_side = p.net_quantity < Quantity::zero(0);
    MessageRow row{{"bot", p.bot_id},
                   {"symbol", p.symbol.to_string()},
                   {"side", short_side ? "short" : "long"},
                   {"quantity", p.net_quantity.abs().value().to_string_trimmed()},
                   {"entry", opt_price(p.avg_entry)},
                   {"mark", opt_price(p.mark)},
                   {"notional", opt_money(p.notional)},
                   {"upnl", opt_money(p.unrealized)}};
    if (p.unrealized) {
      if (auto t = total.add(*p.unrealized); t.ok()) {
        total = *t;
        has_total = true;
      }
      if (*p.unrealized < Money::zero(0)) {
        ++losing;
        row["losing"] = "yes";
      }
      double move = 0;
      if (p.avg_entry && p.avg_entry->to_double() != 0 && p.mark) {
        move = (p.mark->to_double() / p.avg_entry->to_double() - 1.0) * 100.0;
        if (short_side) move = -move;
        row["move_pct"] = fmt::format("{:+.2f}", move);
      }
      // Gemini's two cases, each true of the same numbers.
      const std::string sym = p.symbol.to_string() + " " + row["side"];
      const std::string u = money_text(*p.unrealized);
      if (Money::zero(0) < *p.unrealized) {
        point(r.data, "bull",
              fmt::format("{} is {:.2f}% in its favour ({} unrealised)", sym, std::fabs(move), u));
        point(r.data, "bear",
              fmt::format("{}: the {} gain is not locked in until it is closed", sym, u));
      } else if (*p.unrealized < Money::zero(0)) {
        point(r.data, "bear",
              fmt::format("{} is {:.2f}% against it ({} unrealised)", sym, std::fabs(move), u));
        point(r.data, "bull",
              fmt::format("{}: the {} loss is not realised; back at {} it is gone", sym, u,
                          opt_price(p.avg_entry)));
      } else {
        point(r.data, "bull", sym + " is at its entry: nothing lost");
        point(r.data, "bear", sym + " is at its entry: nothing gained");
      }
    } else {
      point(r.data, "bear", p.symbol.to_string() + " has no recent price: its risk is unknown");
    }
    r.data.add_row("positions", std::move(row));
  }
  r.data.lists.try_emplace("positions");
  r.data.set("count", std::to_string(positions.size()));
  r.data.set("losing", std::to_string(losing));
  r.data.set("total_upnl", money_text(total)).flag("has_total", has_total);
  return r;
}

HandlerReply orders_reply(const std::vector<store::OrderRecord>& orders) {
  HandlerReply r;
  r.type = MessageType::kOrders;
  // A chat message is read, not scrolled: the newest kMaxListedOrders, and how many more.
  const std::size_t first = orders.size() > kMaxListedOrders ? orders.size() - kMaxListedOrders : 0;
  r.data.flag("has_more", first > 0).set("more", std::to_string(first));
  for (std::size_t i = first; i < orders.size(); ++i) {
    const store::OrderRecord& o = orders[i];
    r.data.add_row("orders", {{"id", o.client_order_id.value()},
                              {"bot", o.bot_id.value()},
                              {"symbol", o.symbol.to_string()},
                              {"side", std::string(to_string(o.side))},
                              {"type", std::string(to_string(o.type))},
                              {"quantity", o.quantity.to_string_trimmed()},
                              {"price", o.price ? o.price->to_string_trimmed() : "market"},
                              {"status", std::string(to_string(o.status))},
                              {"created", time_text(o.ts_created)}});
  }
  r.data.lists.try_emplace("orders");
  r.data.set("count", std::to_string(orders.size()));
  return r;
}

HandlerReply balance_reply(const BalanceView& balance) {
  HandlerReply r;
  r.type = MessageType::kBalance;
  for (const BalanceLine& l : balance.cash) {
    r.data.add_row("cash", {{"currency", l.currency}, {"amount", l.amount.to_string_trimmed()}});
  }
  r.data.lists.try_emplace("cash");
  r.data.set("quote", balance.quote);
  r.data.flag("has_equity", balance.equity.has_value());
  if (balance.unrealized) {
    const std::string u = money_text(*balance.unrealized);
    if (Money::zero(0) < *balance.unrealized) {
      point(r.data, "bull", u + " of open profit on top of the cash");
      point(r.data, "bear", u + " of that profit is not locked in yet");
    } else if (*balance.unrealized < Money::zero(0)) {
      point(r.data, "bear", u + " of open loss weighs on the equity");
      point(r.data, "bull", "the " + u + " loss is not realised yet");
    } else {
      point(r.data, "bull", "no open loss");
      point(r.data, "bear", "no open profit");
    }
  }
  r.data.set("equity", opt_money(balance.equity)).set("unrealized", opt_money(balance.unrealized));
  return r;
}

HandlerReply performance_reply(const PerformanceView& p) {
  HandlerReply r;
  r.type = MessageType::kPerformance;
  r.data.set("bot", p.bot.empty() ? "all bots" : p.bot).set("period", p.period);
  r.data.set("realized", money_text(p.realized))
      .set("fees", money_text(p.fees))
      .set("net", money_text(p.net))
      .set("volume", money_text(p.volume))
      .set("fills", std::to_string(p.fills))
      .set("closes", std::to_string(p.closes))
      .set("wins", std::to_string(p.wins))
      .set("losses", std::to_string(p.closes - p.wins))
      .set("win_rate", p.closes > 0 ? fmt::format("{:.1f}", 100.0 * static_cast<double>(p.wins) /
                                                                static_cast<double>(p.closes))
                                    : "n/a");
  r.data.flag("profitable", p.net > Money::zero(0)).flag("losing", p.net < Money::zero(0));
  r.data.flag("has_drawdown", p.max_drawdown_pct.has_value());
  if (p.max_drawdown_pct) r.data.set("max_drawdown", fmt::format("{:.2f}", *p.max_drawdown_pct));
  r.data.flag("no_trades", p.fills == 0);
  const std::string net = money_text(p.net);
  if (p.fills == 0) {
    point(r.data, "bull", "no trades in the period, so no losses");
    point(r.data, "bear", "no trades in the period, so no gains");
    return r;
  }
  if (Money::zero(0) < p.net) point(r.data, "bull", "net " + net + " after fees");
  if (p.net < Money::zero(0)) point(r.data, "bear", "net " + net + " after fees");
  if (p.closes > 0) {
    const double rate = 100.0 * static_cast<double>(p.wins) / static_cast<double>(p.closes);
    point(r.data, rate >= 50.0 ? "bull" : "bear",
          fmt::format("{} of {} closes won ({:.1f}%)", p.wins, p.closes, rate));
  }
  if (Money::zero(0) < p.fees) point(r.data, "bear", "fees took " + money_text(p.fees));
  if (p.max_drawdown_pct && *p.max_drawdown_pct > 0) {
    point(r.data, "bear",
          fmt::format("equity fell up to {:.2f}% from a peak", *p.max_drawdown_pct));
  }
  point(r.data, "bull", "volume " + money_text(p.volume) + " traded: the bot is active");
  return r;
}

HandlerReply risk_reply(const RiskView& risk) {
  HandlerReply r;
  r.type = MessageType::kRisk;
  add_halt(r.data, risk.halted, risk.halt_reason, risk.kill_switch);
  for (const ExposureLine& e : risk.exposures) {
    r.data.add_row("exposures", {{"bot", e.bot_id},
                                 {"symbol", e.symbol},
                                 {"notional", money_text(e.notional)},
                                 {"share", fmt::format("{:.1f}", e.share_pct)}});
  }
  r.data.lists.try_emplace("exposures");
  r.data.set("gross", money_text(risk.gross));
  r.data.flag("has_equity", risk.equity.has_value()).set("equity", opt_money(risk.equity));
  r.data.flag("has_leverage", risk.leverage.has_value());
  if (risk.leverage) r.data.set("leverage", fmt::format("{:.2f}", *risk.leverage));
  r.data.flag("has_limits", !risk.limits.empty()).set("limits", risk.limits);
  r.data.set("denials", std::to_string(risk.denials_24h));
  r.data.set("halted_text", flag_text(risk.halted));
  if (!risk.exposures.empty()) {
    r.data.set("largest", risk.exposures.front().symbol)
        .set("largest_share", fmt::format("{:.1f}", risk.exposures.front().share_pct));
    r.data.flag("concentrated", risk.exposures.front().share_pct >= 50.0);
  }
  if (risk.leverage) {
    point(r.data, *risk.leverage < 1.0 ? "bull" : "bear",
          fmt::format("leverage {:.2f}x: {} the equity is exposed", *risk.leverage,
                      *risk.leverage < 1.0 ? "less than" : "at least"));
  }
  if (risk.halted) {
    point(r.data, "bull", "the kill switch is on: nothing new can open");
    point(r.data, "bear", "trading is halted: no new opportunity can be taken");
  }
  if (!risk.exposures.empty() && risk.exposures.front().share_pct >= 50.0) {
    point(r.data, "bear",
          fmt::format("{} is {:.1f}% of the exposure", risk.exposures.front().symbol,
                      risk.exposures.front().share_pct));
  } else if (risk.exposures.size() > 1) {
    point(r.data, "bull",
          fmt::format("exposure is spread over {} positions", risk.exposures.size()));
  }
  if (risk.denials_24h > 0) {
    point(r.data, "bear",
          fmt::format("{} order(s) denied in 24 h: limits are being hit", risk.denials_24h));
  } else {
    point(r.data, "bull", "no order denied in 24 h");
  }
  if (risk.exposures.empty()) point(r.data, "bull", "no open exposure");
  return r;
}

void register_farm_handlers(ChatPipeline& pipeline, FarmStatePort& farm, const ChatClock& clock,
                            const ReplyDecorator& decorate) {
  const auto reg = [&pipeline, decorate](std::string_view name, auto build) {
    pipeline.register_handler(name,
                              [build, decorate](const ChatRequest& r) -> Result<HandlerReply> {
                                Result<HandlerReply> out = build(r);
                                if (out.ok() && decorate) decorate(r, out->data);
                                return out;
                              });
  };
  reg("status", [&farm](const ChatRequest&) -> Result<HandlerReply> {
    OMEGA_ASSIGN_OR_RETURN(FarmStatus s, farm.status());
    return status_reply(s);
  });
  reg("positions", [&farm](const ChatRequest&) -> Result<HandlerReply> {
    OMEGA_ASSIGN_OR_RETURN(auto p, farm.positions());
    return positions_reply(p);
  });
  reg("orders", [&farm](const ChatRequest&) -> Result<HandlerReply> {
    OMEGA_ASSIGN_OR_RETURN(auto o, farm.open_orders());
    return orders_reply(o);
  });
  reg("balance", [&farm](const ChatRequest&) -> Result<HandlerReply> {
    OMEGA_ASSIGN_OR_RETURN(BalanceView b, farm.balance());
    return balance_reply(b);
  });
  reg("performance", [&farm, clock](const ChatRequest& r) -> Result<HandlerReply> {
    // /performance [BOT] [PERIOD]: a lone argument that is a period is the period.
    std::string bot;
    std::string period = "all";
    for (const std::string& a : r.args) {
      if (a == "1d" || a == "7d" || a == "30d" || a == "all") {
        period = a;
      } else {
        bot = a;
      }
    }
    OMEGA_ASSIGN_OR_RETURN(PerformanceView p, farm.performance(bot, period, clock()));
    return performance_reply(p);
  });
  reg("risk", [&farm, clock](const ChatRequest&) -> Result<HandlerReply> {
    OMEGA_ASSIGN_OR_RETURN(RiskView v, farm.risk(clock()));
    return risk_reply(v);
  });
}

}  // namespace omega::chat
