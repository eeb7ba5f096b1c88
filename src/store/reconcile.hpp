// Provides VenueOrderLookup (the port through which the venue of record answers "do you have
// this client order id?") and reconcile_ledger, run on restart so a crash between "sent" and
// "acknowledged" neither loses nor duplicates an order.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace omega::store {

// What the venue knows about one of our orders.
struct VenueOrder {
  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;
  OrderStatus status = OrderStatus::kAccepted;
  std::vector<FillRecord> fills;  // every execution of the order so far
};

// The venue of record, queried by client order id. The simulated exchange and the live venue
// adapters implement it; until they exist, tests provide their own.
class VenueOrderLookup {
 public:
  virtual ~VenueOrderLookup() = default;
  // Returns the venue's view of an order, or nullopt when the venue never received it.
  virtual Result<std::optional<VenueOrder>> find_order(const ClientOrderId& id) = 0;
  // Returns the client ids of every order the venue holds for us (to find orders the ledger
  // lacks, which record-before-send should make impossible).
  virtual Result<std::vector<ClientOrderId>> client_order_ids() = 0;
};

// What reconciliation found and did.
struct ReconcileReport {
  std::size_t orders_checked = 0;     // non-terminal ledger orders looked up at the venue
  std::size_t orders_updated = 0;     // status or venue id taken from the venue
  std::size_t orders_never_sent = 0;  // recorded but unknown to the venue: marked canceled
  std::size_t fills_added = 0;        // venue fills the ledger lacked
  std::vector<ClientOrderId> unknown_at_ledger;  // venue orders the ledger does not have
};

// Brings the ledger in line with the venue: non-terminal orders (and kFilled ones whose fills
// do not add up) take the venue's status and fills, idempotently, so running it twice changes
// nothing the second time; orders the venue never received are marked canceled, so a bot may
// send a new order without duplicating. Writers append an order's fills before its terminal
// status, so a terminal order needs no venue query.
Result<ReconcileReport> reconcile_ledger(LedgerStore& ledger, VenueOrderLookup& venue,
                                         Timestamp now);

}  // namespace omega::store
