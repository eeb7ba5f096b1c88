// Provides Benjamini-Hochberg false-discovery-rate adjustment and the normal quantile used for
// minimum detectable effects.
#pragma once

#include <span>
#include <vector>

namespace omega::cosmic {

// Returns Benjamini-Hochberg adjusted p-values (q-values), in the input order: a test is
// significant at FDR level q when its adjusted value is <= q.
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

// Returns the standard normal quantile z with P(Z <= z) = p, for p in (0, 1) (Acklam's
// rational approximation, relative error below 1.2e-9).
double normal_quantile(double p);

}  // namespace omega::cosmic
