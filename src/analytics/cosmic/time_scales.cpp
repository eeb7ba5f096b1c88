#include "analytics/cosmic/time_scales.hpp"

#include <cmath>

#include <erfa.h>

namespace omega::cosmic {

namespace {

constexpr double kSecondsPerDay = 86400.0;

}  // namespace

double tai_minus_utc_seconds(Timestamp utc) {
  const CivilTime ct = to_civil(utc);
  const double day_fraction =
      (static_cast<double>(ct.hour) * 3600.0 + static_cast<double>(ct.minute) * 60.0 +
       static_cast<double>(ct.second) + static_cast<double>(ct.nanosecond) * 1e-9) /
      kSecondsPerDay;
  double dat = 0.0;
  // eraDat returns 1 ("dubious year") for dates after its table's release plus five years; the
  // last leap second still applies then, so the value is kept.
  const int status = eraDat(ct.date.year, static_cast<int>(ct.date.month),
                            static_cast<int>(ct.date.day), day_fraction, &dat);
  if (status < 0) {
    // Before 1960 UTC did not exist; the earliest tabulated value keeps the scale continuous.
    (void)eraDat(1960, 1, 1, 0.0, &dat);
  }
  return dat;
}

double tt_minus_utc_seconds(Timestamp utc) {
  return tai_minus_utc_seconds(utc) + kTtMinusTaiSeconds;
}

double delta_t_seconds(Timestamp utc) {
  return tt_minus_utc_seconds(utc);
}

double jd_tt_from_utc(Timestamp utc) {
  // Whole days and the remainder are split so the double keeps microsecond resolution.
  const std::int64_t days = Timestamp::floor_div(utc.ns(), kNanosPerDay);
  const std::int64_t rem_ns = utc.ns() - days * kNanosPerDay;
  const double fraction =
      (static_cast<double>(rem_ns) * 1e-9 + tt_minus_utc_seconds(utc)) / kSecondsPerDay;
  return kJdUnixEpoch + static_cast<double>(days) + fraction;
}

Timestamp utc_from_jd_tt(double jd_tt) {
  const double days_since_epoch = jd_tt - kJdUnixEpoch;
  const double whole = std::floor(days_since_epoch);
  const double tt_ns_in_day = (days_since_epoch - whole) * kSecondsPerDay * 1e9;
  const auto tt_ns = static_cast<std::int64_t>(whole) * kNanosPerDay +
                     static_cast<std::int64_t>(std::llround(tt_ns_in_day));
  // TT - UTC depends on the UTC instant; two passes settle it except inside a leap second.
  Timestamp utc(tt_ns - static_cast<std::int64_t>(69.184 * 1e9));
  for (int pass = 0; pass < 2; ++pass) {
    utc = Timestamp(tt_ns - std::llround(tt_minus_utc_seconds(utc) * 1e9));
  }
  const std::int64_t us = Timestamp::floor_div(utc.ns() + 500, kNanosPerMicro);
  return Timestamp::from_us(us);
}

}  // namespace omega::cosmic
