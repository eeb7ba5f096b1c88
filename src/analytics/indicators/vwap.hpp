// Provides session-anchored VWAP: the volume-weighted typical price since the session opened.
#pragma once

#include <cstdint>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of VWAP: 0.
constexpr int vwap_lookback() {
  return 0;
}

// Returns the session a bar opening at `ts_ns` belongs to: sessions are `session_ns` long and
// anchored at the Unix epoch, so 24 h sessions are UTC days. Floors for times before 1970.
inline std::int64_t vwap_session(std::int64_t ts_ns, std::int64_t session_ns) {
  const std::int64_t q = ts_ns / session_ns;
  return (ts_ns % session_ns != 0 && ts_ns < 0) ? q - 1 : q;
}

// Computes VWAP = sum(tp * volume) / sum(volume) since the start of each bar's session, tp =
// (high + low + close) / 3, restarting at every session boundary. NaN while the session has had
// no volume yet (zero-volume bars). Expects NaN-free input (see bar.hpp).
void vwap(std::span<const std::int64_t> ts_ns, std::span<const double> high,
          std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, std::int64_t session_ns, std::span<double> out);

// Updates VWAP one bar at a time in O(1).
class Vwap {
 public:
  explicit Vwap(std::int64_t session_ns) : session_ns_(session_ns) {
    OMEGA_ASSERT(session_ns > 0, "VWAP session must be positive");
  }

  // Adds a bar and returns the session's VWAP so far, NaN before any volume in the session.
  double update(std::int64_t ts_ns, double high, double low, double close, double volume) {
    const std::int64_t session = vwap_session(ts_ns, session_ns_);
    if (!started_ || session != session_) {
      started_ = true;
      session_ = session;
      price_volume_ = 0.0;
      volume_ = 0.0;
    }
    price_volume_ += ((high + low + close) / 3.0) * volume;
    volume_ += volume;
    return volume_ > 0.0 ? price_volume_ / volume_ : kNaN;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return 0; }
  // Forgets every bar seen.
  void reset() { started_ = false; }

 private:
  std::int64_t session_ns_;
  bool started_ = false;
  std::int64_t session_ = 0;
  double price_volume_ = 0.0;
  double volume_ = 0.0;
};

}  // namespace omega::indicators
