#include "store/reconcile.hpp"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace omega::store {

Result<ReconcileReport> reconcile_ledger(LedgerStore& ledger, VenueOrderLookup& venue,
                                         Timestamp now) {
  ReconcileReport report;
  OMEGA_ASSIGN_OR_RETURN(std::vector<OrderRecord> orders, ledger.orders());
  OMEGA_ASSIGN_OR_RETURN(std::vector<FillRecord> fills, ledger.fills());
  std::unordered_set<std::string> known;
  for (const OrderRecord& o : orders) known.insert(o.client_order_id.value());
  std::unordered_map<std::string, Quantity> filled;
  for (const FillRecord& f : fills) {
    auto [it, fresh] = filled.try_emplace(f.fill.client_order_id.value(), f.fill.quantity);
    if (!fresh) {
      OMEGA_ASSIGN_OR_RETURN(it->second, it->second.add(f.fill.quantity));
    }
  }
  for (const OrderRecord& o : orders) {
    const bool open = !is_terminal(o.status);
    // A terminal order is settled, except a kFilled one whose fills do not add up: its status
    // was written before its last fill (writers should append fills first; this catches those
    // that did not).
    auto it = filled.find(o.client_order_id.value());
    const bool fills_missing =
        o.status == OrderStatus::kFilled && (it == filled.end() || it->second < o.quantity);
    if (!open && !fills_missing) continue;
    ++report.orders_checked;
    OMEGA_ASSIGN_OR_RETURN(std::optional<VenueOrder> at_venue, venue.find_order(o.client_order_id));
    if (!at_venue) {
      if (open) {
        OMEGA_TRY(
            ledger.update_order(o.client_order_id, OrderStatus::kCanceled, VenueOrderId(), now));
        ++report.orders_never_sent;
      }
      continue;
    }
    for (const FillRecord& f : at_venue->fills) {
      OMEGA_ASSIGN_OR_RETURN(AppendOutcome outcome, ledger.append_fill(f));
      if (outcome == AppendOutcome::kInserted) ++report.fills_added;
    }
    if (at_venue->status != o.status || at_venue->venue_order_id != o.venue_order_id) {
      OMEGA_TRY(
          ledger.update_order(o.client_order_id, at_venue->status, at_venue->venue_order_id, now));
      ++report.orders_updated;
    }
  }
  OMEGA_ASSIGN_OR_RETURN(std::vector<ClientOrderId> venue_ids, venue.client_order_ids());
  for (const ClientOrderId& id : venue_ids) {
    if (!known.contains(id.value())) report.unknown_at_ledger.push_back(id);
  }
  return report;
}

}  // namespace omega::store
