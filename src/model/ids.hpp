// Provides the model's strong ids: ClientOrderId, VenueOrderId, TradeId.
#pragma once

#include "core/strong_id.hpp"

namespace omega {

struct ClientOrderIdTag {};
struct VenueOrderIdTag {};
struct TradeIdTag {};

// The id we give an order before sending it (recorded first, so a crash reconciles).
using ClientOrderId = StrongId<ClientOrderIdTag>;
// The id the venue gives an order once it accepts it.
using VenueOrderId = StrongId<VenueOrderIdTag>;
// The venue's id of one trade (an execution between two orders).
using TradeId = StrongId<TradeIdTag>;

}  // namespace omega
