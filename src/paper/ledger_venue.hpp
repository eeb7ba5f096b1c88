// Provides LedgerVenue: the venue a paper run's kernel sends to. It records every order in the
// store ledger before the simulated exchange sees it (record-before-send), under a client id
// unique to the run, and writes the exchange's reports (status, venue id, fills exactly as the
// exchange records them as the venue of record) to the ledger before passing them on, so a
// restarted run can reconcile. A bar's ledger writes go to the store as one write batch (one
// transaction, one fsync) that end_bar commits: the exchange is simulated in this process, so a
// crash takes the bar's orders away from the venue and from the ledger alike (the ledger never
// lacks an order the venue holds), and a restart finds either all of the bar's writes or none.
#pragma once

#include <functional>
#include <string>

#include "backtest/simulated_exchange.hpp"
#include "engine/venue.hpp"
#include "store/store.hpp"

namespace omega::paper {

// Who the ledger records a venue's orders and fills for.
struct LedgerIdentity {
  store::BotId bot;
  Symbol symbol;
  // Put before the kernel's client order id in the ledger and at the exchange ("r3."), so the
  // ids of one run never collide with an earlier run's in the same store.
  std::string id_prefix;
};

// Records to the ledger around a SimulatedExchange that keeps its order record.
class LedgerVenue final : public engine::ExecutionVenue, public engine::VenueListener {
 public:
  // Receives ledger write failures after the order was sent (the order stands; the restart
  // reconciliation repairs the ledger).
  using ErrorSink = std::function<void(const Error&)>;

  // `exchange` must keep its order record (SimulatedExchangeConfig::record_orders_for).
  LedgerVenue(store::LedgerStore& ledger, backtest::SimulatedExchange& exchange,
              LedgerIdentity identity, ErrorSink on_error);
  // Commits an open batch (without reporting: the sink may be gone by now).
  ~LedgerVenue() override;
  LedgerVenue(const LedgerVenue&) = delete;
  LedgerVenue& operator=(const LedgerVenue&) = delete;

  // Starts a bar: the ledger writes until end_bar go to the store as one write batch, opened
  // at the first of them (no store call for a bar that writes nothing). Outside a bar, and on
  // a backend without batches, each write is durable on its own.
  void begin_bar() { in_bar_ = true; }
  // Ends the bar: commits its writes as one transaction. A failed commit keeps none of them and
  // goes to the error sink (the orders stand at the exchange; the next run's reconciliation
  // repairs the ledger).
  void end_bar();

  // Returns the ledger's (and the exchange's) client id for a kernel client id.
  ClientOrderId venue_id(const ClientOrderId& kernel_id) const;

  void set_listener(engine::VenueListener* listener) override { next_ = listener; }
  // Records the order (kSubmitted) and sends it; an order the ledger cannot record, or already
  // holds, is not sent and comes back rejected.
  void submit(const engine::VenueOrder& order) override;
  void cancel(const ClientOrderId& id, Timestamp ts) override;
  void amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) override;

  void on_order_accepted(const ClientOrderId& id, Timestamp ts) override;
  void on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                            Timestamp ts) override;
  void on_order_triggered(const ClientOrderId& id, Timestamp ts) override;
  void on_order_filled(const ClientOrderId& id, const Price& price, const Quantity& quantity,
                       const Money& fee, Liquidity liquidity, Timestamp ts) override;
  void on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_position_liquidated(engine::InstrumentIndex instrument, const Price& price,
                              const Money& fee, Timestamp ts) override;
  void on_funding(engine::InstrumentIndex instrument, const Rate& rate, const Price& mark,
                  Timestamp ts) override;

 private:
  ClientOrderId kernel_id(const ClientOrderId& venue_id) const;
  void update(const ClientOrderId& venue_id, OrderStatus status, Timestamp ts);
  void report(Status status, std::string_view what);
  // Opens the bar's write batch before its first ledger write (inside a bar, once; not on a
  // backend without batches).
  void open_batch();

  store::LedgerStore& ledger_;
  backtest::SimulatedExchange& exchange_;
  LedgerIdentity identity_;
  ErrorSink on_error_;
  engine::VenueListener* next_ = nullptr;
  bool in_bar_ = false;
  bool batch_open_ = false;
  bool batches_ = true;  // false once the ledger said it does not batch
};

}  // namespace omega::paper
