// Provides checked, exact arithmetic on ScaledDecimal (raw / 10^precision): the compiled core
// under FixedPoint's add, multiply, divide, rescale and step rounding.
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "model/decimal.hpp"
#include "model/rounding.hpp"

namespace omega {

// A signed 128-bit integer for exact intermediates (`__extension__` keeps -Wpedantic quiet
// about the GCC/Clang builtin type; `using` cannot take it).
// NOLINTNEXTLINE(modernize-use-using)
__extension__ typedef __int128 Int128;

// Divides num by den (den != 0) rounding the exact quotient; false when kExact would drop digits.
bool round_div_i128(Int128 num, Int128 den, Rounding rounding, Int128& out);

// Returns a + b at the larger precision; kOverflow when it does not fit in int64.
Result<ScaledDecimal> decimal_add(ScaledDecimal a, ScaledDecimal b);

// Returns a - b at the larger precision; kOverflow when it does not fit in int64.
Result<ScaledDecimal> decimal_sub(ScaledDecimal a, ScaledDecimal b);

// Returns -a; kOverflow for INT64_MIN raw.
Result<ScaledDecimal> decimal_negate(ScaledDecimal a);

// Returns |a|; kOverflow for INT64_MIN raw.
Result<ScaledDecimal> decimal_abs(ScaledDecimal a);

// Returns a * factor at a's precision; kOverflow when it does not fit.
Result<ScaledDecimal> decimal_mul_int(ScaledDecimal a, std::int64_t factor);

// Returns a / divisor at a's precision, rounded; kInvalidArgument on a zero divisor.
Result<ScaledDecimal> decimal_div_int(ScaledDecimal a, std::int64_t divisor, Rounding rounding);

// Returns a expressed with `precision` fraction digits, rounded when digits are dropped.
Result<ScaledDecimal> decimal_rescale(ScaledDecimal a, int precision, Rounding rounding);

// Returns a * b with an exact 128-bit intermediate, rounded to `precision`.
Result<ScaledDecimal> decimal_mul(ScaledDecimal a, ScaledDecimal b, int precision,
                                  Rounding rounding);

// Returns a * b exactly at precision a.precision + b.precision, dropping only trailing zero
// digits when that sum exceeds 18 or the raw value does not fit; kOverflow otherwise.
Result<ScaledDecimal> decimal_mul_exact(ScaledDecimal a, ScaledDecimal b);

// Returns a / b rounded to `precision`; kInvalidArgument when b is zero.
Result<ScaledDecimal> decimal_div(ScaledDecimal a, ScaledDecimal b, int precision,
                                  Rounding rounding);

// Returns the multiple of `step` (> 0) that `a` rounds to in the given mode, at step's
// precision (every multiple of step is exact there). kInvalidArgument when step <= 0.
Result<ScaledDecimal> decimal_round_to_step(ScaledDecimal a, ScaledDecimal step, Rounding rounding);

// Compares two scaled decimals by value.
int decimal_compare(ScaledDecimal a, ScaledDecimal b);

}  // namespace omega
