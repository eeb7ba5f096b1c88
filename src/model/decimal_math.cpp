#include "model/decimal_math.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

using i128 = Int128;

constexpr std::int64_t kI64Max = INT64_MAX;
constexpr std::int64_t kI64Min = INT64_MIN;

i128 pow10_i128(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

bool fits_i64(i128 v) {
  return v >= kI64Min && v <= kI64Max;
}

Error overflow(std::string_view what) {
  return Error(ErrorCode::kOverflow, fmt::format("{} does not fit in 64 bits", what));
}

Error bad_precision(int precision) {
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("precision {} is outside 0..{}", precision, kMaxDecimalPrecision));
}

Error inexact(std::string_view what) {
  return Error(ErrorCode::kOutOfRange, fmt::format("{} is not exact and rounding is kExact", what));
}

Result<ScaledDecimal> make(i128 raw, int precision, std::string_view what) {
  if (!fits_i64(raw)) return overflow(what);
  return ScaledDecimal{static_cast<std::int64_t>(raw), precision};
}

// Returns v * 10^n when |result| stays below 2^126 (all our operands are int64 and n <= 36).
bool scale_i128(i128 v, int n, i128& out) {
  const i128 limit = (static_cast<i128>(1) << 125);
  out = v;
  for (int i = 0; i < n; ++i) {
    if (out > limit / 10 || out < -(limit / 10)) return false;
    out *= 10;
  }
  return true;
}

}  // namespace

bool round_div_i128(i128 num, i128 den, Rounding rounding, i128& out) {
  OMEGA_ASSERT(den != 0, "round_div_i128 by zero");
  i128 q = num / den;
  const i128 r = num % den;
  if (r == 0) {
    out = q;
    return true;
  }
  const bool negative = (num < 0) != (den < 0);
  const i128 away = negative ? -1 : 1;
  switch (rounding) {
    case Rounding::kDown:
      break;
    case Rounding::kUp:
      q += away;
      break;
    case Rounding::kFloor:
      if (negative) q -= 1;
      break;
    case Rounding::kCeil:
      if (!negative) q += 1;
      break;
    case Rounding::kHalfEven:
    case Rounding::kHalfUp: {
      const i128 twice_r = (r < 0 ? -r : r) * 2;
      const i128 abs_den = den < 0 ? -den : den;
      if (twice_r > abs_den) {
        q += away;
      } else if (twice_r == abs_den) {
        if (rounding == Rounding::kHalfUp || (q % 2) != 0) q += away;
      }
      break;
    }
    case Rounding::kExact:
      return false;
  }
  out = q;
  return true;
}

Result<ScaledDecimal> decimal_add(ScaledDecimal a, ScaledDecimal b) {
  const int p = a.precision > b.precision ? a.precision : b.precision;
  const i128 av = static_cast<i128>(a.raw) * pow10_i128(p - a.precision);
  const i128 bv = static_cast<i128>(b.raw) * pow10_i128(p - b.precision);
  return make(av + bv, p, "sum");
}

Result<ScaledDecimal> decimal_sub(ScaledDecimal a, ScaledDecimal b) {
  const int p = a.precision > b.precision ? a.precision : b.precision;
  const i128 av = static_cast<i128>(a.raw) * pow10_i128(p - a.precision);
  const i128 bv = static_cast<i128>(b.raw) * pow10_i128(p - b.precision);
  return make(av - bv, p, "difference");
}

Result<ScaledDecimal> decimal_negate(ScaledDecimal a) {
  return make(-static_cast<i128>(a.raw), a.precision, "negation");
}

Result<ScaledDecimal> decimal_abs(ScaledDecimal a) {
  const i128 v = a.raw < 0 ? -static_cast<i128>(a.raw) : static_cast<i128>(a.raw);
  return make(v, a.precision, "absolute value");
}

Result<ScaledDecimal> decimal_mul_int(ScaledDecimal a, std::int64_t factor) {
  return make(static_cast<i128>(a.raw) * factor, a.precision, "product");
}

Result<ScaledDecimal> decimal_div_int(ScaledDecimal a, std::int64_t divisor, Rounding rounding) {
  if (divisor == 0) return Error(ErrorCode::kInvalidArgument, "division by zero");
  i128 q = 0;
  if (!round_div_i128(a.raw, divisor, rounding, q)) return inexact("quotient");
  return make(q, a.precision, "quotient");
}

Result<ScaledDecimal> decimal_rescale(ScaledDecimal a, int precision, Rounding rounding) {
  if (precision < 0 || precision > kMaxDecimalPrecision) return bad_precision(precision);
  if (precision >= a.precision) {
    return make(static_cast<i128>(a.raw) * pow10_i128(precision - a.precision), precision,
                "rescaled value");
  }
  i128 q = 0;
  if (!round_div_i128(a.raw, pow10_i128(a.precision - precision), rounding, q)) {
    return inexact("rescaled value");
  }
  return make(q, precision, "rescaled value");
}

Result<ScaledDecimal> decimal_mul(ScaledDecimal a, ScaledDecimal b, int precision,
                                  Rounding rounding) {
  if (precision < 0 || precision > kMaxDecimalPrecision) return bad_precision(precision);
  const i128 product = static_cast<i128>(a.raw) * b.raw;  // |product| < 2^126: exact
  const int product_precision = a.precision + b.precision;
  if (precision >= product_precision) {
    i128 scaled = 0;
    if (!scale_i128(product, precision - product_precision, scaled)) return overflow("product");
    return make(scaled, precision, "product");
  }
  i128 q = 0;
  if (!round_div_i128(product, pow10_i128(product_precision - precision), rounding, q)) {
    return inexact("product");
  }
  return make(q, precision, "product");
}

Result<ScaledDecimal> decimal_mul_exact(ScaledDecimal a, ScaledDecimal b) {
  i128 product = static_cast<i128>(a.raw) * b.raw;
  int precision = a.precision + b.precision;
  // Drop trailing zero digits only: the value stays exactly the same.
  while ((precision > kMaxDecimalPrecision || !fits_i64(product)) && precision > 0 &&
         product % 10 == 0) {
    product /= 10;
    --precision;
  }
  if (precision > kMaxDecimalPrecision) {
    return Error(ErrorCode::kOverflow, "exact product needs more than 18 fraction digits");
  }
  return make(product, precision, "product");
}

Result<ScaledDecimal> decimal_div(ScaledDecimal a, ScaledDecimal b, int precision,
                                  Rounding rounding) {
  if (precision < 0 || precision > kMaxDecimalPrecision) return bad_precision(precision);
  if (b.raw == 0) return Error(ErrorCode::kInvalidArgument, "division by zero");
  // a/b = (a.raw / 10^pa) / (b.raw / 10^pb); result raw = a.raw * 10^(precision + pb - pa) / b.raw
  const int shift = precision + b.precision - a.precision;
  i128 num = a.raw;
  i128 den = b.raw;
  if (shift >= 0) {
    if (!scale_i128(num, shift, num)) return overflow("quotient");
  } else {
    den *= pow10_i128(-shift);  // |b.raw| * 10^18 < 2^124
  }
  i128 q = 0;
  if (!round_div_i128(num, den, rounding, q)) return inexact("quotient");
  return make(q, precision, "quotient");
}

Result<ScaledDecimal> decimal_round_to_step(ScaledDecimal a, ScaledDecimal step,
                                            Rounding rounding) {
  if (step.raw <= 0) return Error(ErrorCode::kInvalidArgument, "step must be positive");
  const int p = a.precision > step.precision ? a.precision : step.precision;
  const i128 av = static_cast<i128>(a.raw) * pow10_i128(p - a.precision);
  const i128 sv = static_cast<i128>(step.raw) * pow10_i128(p - step.precision);
  i128 n = 0;
  if (!round_div_i128(av, sv, rounding, n)) return inexact("value on step");
  // n * step.raw is the result at step's precision.
  return make(n * step.raw, step.precision, "value rounded to step");
}

int decimal_compare(ScaledDecimal a, ScaledDecimal b) {
  const int p = a.precision > b.precision ? a.precision : b.precision;
  const i128 av = static_cast<i128>(a.raw) * pow10_i128(p - a.precision);
  const i128 bv = static_cast<i128>(b.raw) * pow10_i128(p - b.precision);
  return av < bv ? -1 : (av > bv ? 1 : 0);
}

}  // namespace omega
