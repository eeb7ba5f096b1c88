// Implements JournalLookup and BotLedgerView.
#include "paper/journal_lookup.hpp"

namespace omega::paper {

Result<std::optional<store::VenueOrder>> JournalLookup::find_order(const ClientOrderId& id) {
  for (const JournalSource& s : sources_) {
    const backtest::JournalOrder* j = s.journal->find(id);
    if (j == nullptr) continue;
    store::VenueOrder out;
    out.client_order_id = j->client_order_id;
    out.venue_order_id = j->venue_order_id;
    out.status = j->status;
    for (const Fill& f : j->fills) {
      store::FillRecord r{s.bot, s.symbol, f};
      r.fill.fee_currency = s.fee_currency;
      out.fills.push_back(std::move(r));
    }
    return std::optional<store::VenueOrder>(std::move(out));
  }
  return std::optional<store::VenueOrder>();
}

Result<std::vector<ClientOrderId>> JournalLookup::client_order_ids() {
  std::vector<ClientOrderId> ids;
  for (const JournalSource& s : sources_) {
    std::vector<ClientOrderId> some = s.journal->client_order_ids();
    ids.insert(ids.end(), some.begin(), some.end());
  }
  return ids;
}

Result<std::vector<store::OrderRecord>> BotLedgerView::orders() {
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::OrderRecord> all, ledger_.orders());
  std::erase_if(all,
                [this](const store::OrderRecord& o) { return !bots_.contains(o.bot_id.value()); });
  return all;
}

Result<std::vector<store::FillRecord>> BotLedgerView::fills() {
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::FillRecord> all, ledger_.fills());
  std::erase_if(all,
                [this](const store::FillRecord& f) { return !bots_.contains(f.bot_id.value()); });
  return all;
}

Result<std::vector<store::PositionSnapshot>> BotLedgerView::positions() {
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::PositionSnapshot> all, ledger_.positions());
  std::erase_if(
      all, [this](const store::PositionSnapshot& p) { return !bots_.contains(p.bot_id.value()); });
  return all;
}

}  // namespace omega::paper
