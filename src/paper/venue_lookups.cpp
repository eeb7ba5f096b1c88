// Implements VenueLookups and BotLedgerView.
#include "paper/venue_lookups.hpp"

#include <algorithm>
#include <cstddef>

namespace omega::paper {

Result<std::optional<store::VenueOrder>> VenueLookups::find_order(const ClientOrderId& id) {
  for (store::VenueOrderLookup* venue : venues_) {
    OMEGA_ASSIGN_OR_RETURN(std::optional<store::VenueOrder> found, venue->find_order(id));
    if (found) return found;
  }
  return std::optional<store::VenueOrder>();
}

Result<std::vector<ClientOrderId>> VenueLookups::client_order_ids() {
  std::vector<ClientOrderId> ids;
  for (store::VenueOrderLookup* venue : venues_) {
    OMEGA_ASSIGN_OR_RETURN(std::vector<ClientOrderId> some, venue->client_order_ids());
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

Result<std::vector<store::FillRecord>> BotLedgerView::fills_since(std::size_t skip) {
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::FillRecord> mine, fills());
  mine.erase(mine.begin(), mine.begin() + static_cast<std::ptrdiff_t>(std::min(skip, mine.size())));
  return mine;
}

Result<std::vector<store::PositionSnapshot>> BotLedgerView::positions() {
  OMEGA_ASSIGN_OR_RETURN(std::vector<store::PositionSnapshot> all, ledger_.positions());
  std::erase_if(
      all, [this](const store::PositionSnapshot& p) { return !bots_.contains(p.bot_id.value()); });
  return all;
}

}  // namespace omega::paper
