// Provides VenueLookups (the venues of record of several bots, each a simulated exchange, as one
// store::VenueOrderLookup for reconcile_ledger) and BotLedgerView (a ledger seen through the
// orders and fills of some bots only, so one run reconciles its own bots and never another
// process's).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "store/reconcile.hpp"

namespace omega::paper {

// Asks each venue in turn; the first that knows an order answers.
class VenueLookups final : public store::VenueOrderLookup {
 public:
  explicit VenueLookups(std::vector<store::VenueOrderLookup*> venues)
      : venues_(std::move(venues)) {}
  Result<std::optional<store::VenueOrder>> find_order(const ClientOrderId& id) override;
  Result<std::vector<ClientOrderId>> client_order_ids() override;

 private:
  std::vector<store::VenueOrderLookup*> venues_;
};

// Forwards to a ledger; orders(), fills() and positions() list only the given bots' records.
class BotLedgerView final : public store::LedgerStore {
 public:
  BotLedgerView(store::LedgerStore& ledger, std::set<std::string> bots)
      : ledger_(ledger), bots_(std::move(bots)) {}
  Result<store::AppendOutcome> append_order(const store::OrderRecord& order) override {
    return ledger_.append_order(order);
  }
  Status update_order(const ClientOrderId& id, OrderStatus status,
                      const VenueOrderId& venue_order_id, Timestamp ts) override {
    return ledger_.update_order(id, status, venue_order_id, ts);
  }
  Result<store::AppendOutcome> append_fill(const store::FillRecord& fill) override {
    return ledger_.append_fill(fill);
  }
  Result<std::optional<store::OrderRecord>> order(const ClientOrderId& id) override {
    return ledger_.order(id);
  }
  Result<std::vector<store::OrderRecord>> orders() override;
  Result<std::vector<store::FillRecord>> fills() override;
  // The given bots' fills after the first `skip` of theirs.
  Result<std::vector<store::FillRecord>> fills_since(std::size_t skip) override;
  Result<std::string> ledger_version() override { return ledger_.ledger_version(); }
  Result<store::PositionSnapshot> position(const store::BotId& bot, const Symbol& symbol) override {
    return ledger_.position(bot, symbol);
  }
  Result<std::vector<store::PositionSnapshot>> positions() override;

 private:
  store::LedgerStore& ledger_;
  std::set<std::string> bots_;
};

}  // namespace omega::paper
