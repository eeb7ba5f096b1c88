#include "analytics/cosmic/cosmic_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "analytics/cosmic/factor_statistics.hpp"
#include "analytics/cosmic/multiple_testing.hpp"

namespace omega::cosmic {

namespace {

double mean_of(std::span<const double> x) {
  double s = 0.0;
  for (double v : x) {
    s += v;
  }
  return s / static_cast<double>(x.size());
}

double std_dev_of(std::span<const double> x) {
  const double m = mean_of(x);
  double s = 0.0;
  for (double v : x) {
    s += (v - m) * (v - m);
  }
  return std::sqrt(s / static_cast<double>(x.size() - 1));
}

// Each test draws from its own stream, so adding a factor does not change the others' numbers.
std::mt19937_64 stream_for(std::uint64_t seed, std::size_t test_index) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(test_index)};
  return std::mt19937_64(seq);
}

FactorResult test_one(std::span<const double> x, const FactorMask& mask, Metric metric,
                      const AnalysisOptions& options, std::size_t block_length,
                      std::size_t test_index) {
  FactorResult r;
  r.factor = mask.name;
  r.metric = metric;
  double sum_in = 0.0;
  double sum_out = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (mask.in[i] != 0) {
      sum_in += x[i];
      ++r.n_in;
    } else {
      sum_out += x[i];
      ++r.n_out;
    }
  }
  r.mean_in = sum_in / static_cast<double>(r.n_in);
  r.mean_out = sum_out / static_cast<double>(r.n_out);
  r.difference = r.mean_in - r.mean_out;
  std::mt19937_64 rng = stream_for(options.seed, test_index);
  const RotationTest rotation = rotation_test(x, mask.in, options.permutations, rng);
  r.p_value = rotation.p_value;
  r.p_floor = rotation.p_floor;
  const BootstrapInterval ci = block_bootstrap_difference(x, mask.in, options.bootstrap_resamples,
                                                          block_length, options.confidence, rng);
  r.ci_low = ci.low;
  r.ci_high = ci.high;
  const double sd = std_dev_of(x);
  r.effect_size = r.difference / sd;
  r.effect_ci_low = ci.low / sd;
  r.effect_ci_high = ci.high / sd;
  // Two-sided test at the per-test level fdr_q: (z_{1-a/2} + z_{power}) standard errors, with
  // the standard error from the block bootstrap so serial dependence widens it honestly.
  const double z = normal_quantile(1.0 - options.fdr_q / 2.0) + normal_quantile(options.power);
  r.mde = z * ci.std_error;
  r.mde_effect_size = r.mde / sd;
  return r;
}

std::string summarize(const AnalysisReport& report) {
  const std::size_t m = report.results.size();
  if (m == 0) {
    return "No factor could be tested: every factor had fewer than " +
           std::to_string(report.options.min_group_bars) + " bars on one side.";
  }
  std::vector<double> mde;
  double min_p = 1.0;
  double min_q = 1.0;
  for (const FactorResult& r : report.results) {
    mde.push_back(r.mde_effect_size);
    min_p = std::min(min_p, r.p_value);
    min_q = std::min(min_q, r.q_value);
  }
  std::sort(mde.begin(), mde.end());
  const double median_mde = mde[mde.size() / 2];
  std::size_t floored = 0;
  for (const FactorResult& r : report.results) {
    floored += r.p_floor > report.options.fdr_q ? 1 : 0;
  }
  const std::string floor_note =
      floored == 0 ? std::string()
                   : fmt::format(
                         " {} of the {} tests could not have been significant on this data at "
                         "all: their factor is nearly periodic, so shifting it by a whole period "
                         "reproduces it and the rotation test's smallest attainable p (p_floor) "
                         "exceeds q.",
                         floored, m);
  const std::string power = fmt::format("{:.0f}%", report.options.power * 100.0);
  if (report.significant_count == 0) {
    return fmt::format(
        "Nothing is significant. None of the {} tests survives the Benjamini-Hochberg correction "
        "at q = {} (smallest raw p = {:.4f}, smallest adjusted q = {:.4f}). With {} returns these "
        "tests would detect, with {} power, effects of about {:.3f} standard deviations (median "
        "over tests); smaller effects cannot be ruled out, and none is shown.{}",
        m, report.options.fdr_q, min_p, min_q, report.n_returns, power, median_mde, floor_note);
  }
  std::string names;
  for (const FactorResult& r : report.results) {
    if (r.significant) {
      names += fmt::format("{}{} ({}, effect {:+.3f} sd, q = {:.4f})", names.empty() ? "" : "; ",
                           r.factor, to_string(r.metric), r.effect_size, r.q_value);
    }
  }
  return fmt::format(
      "{} of {} tests survive the Benjamini-Hochberg correction at q = {}: {}. About {:.0f}% of "
      "such findings may be false discoveries by construction; an association in past data is "
      "not a cause and must hold out of sample before anyone trades on it.{}",
      report.significant_count, m, report.options.fdr_q, names, report.options.fdr_q * 100.0,
      floor_note);
}

}  // namespace

std::string_view to_string(Metric metric) {
  return metric == Metric::kMeanReturn ? "mean_return" : "volatility";
}

Result<AnalysisReport> analyze_factors(std::span<const double> returns,
                                       const std::vector<FactorMask>& masks,
                                       const AnalysisOptions& options) {
  const std::size_t n = returns.size();
  if (n < 2 * options.min_group_bars) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("{} returns are too few; need at least {}", n, 2 * options.min_group_bars));
  }
  if (options.permutations < 1 || options.bootstrap_resamples < 2 || options.fdr_q <= 0.0 ||
      options.fdr_q >= 1.0 || options.confidence <= 0.0 || options.confidence >= 1.0 ||
      options.power <= 0.0 || options.power >= 1.0 || options.block_length > n) {
    return Error(ErrorCode::kInvalidArgument, "analysis options out of range");
  }
  for (double r : returns) {
    if (!std::isfinite(r)) {
      return Error(ErrorCode::kValidation, "returns contain a non-finite value");
    }
  }
  AnalysisReport report;
  report.n_returns = n;
  report.options = options;
  report.block_length =
      options.block_length != 0
          ? options.block_length
          : static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  const double mean = mean_of(returns);
  std::vector<double> abs_dev(n);
  for (std::size_t i = 0; i < n; ++i) {
    abs_dev[i] = std::abs(returns[i] - mean);
  }
  std::size_t test_index = 0;
  for (const FactorMask& mask : masks) {
    if (mask.in.size() != n) {
      return Error(ErrorCode::kInvalidArgument, "mask '" + mask.name + "' length differs");
    }
    const auto n_in = static_cast<std::size_t>(
        std::count_if(mask.in.begin(), mask.in.end(), [](std::uint8_t v) { return v != 0; }));
    if (n_in < options.min_group_bars || n - n_in < options.min_group_bars) {
      report.skipped.push_back(mask.name);
      continue;
    }
    report.results.push_back(
        test_one(returns, mask, Metric::kMeanReturn, options, report.block_length, test_index++));
    report.results.push_back(
        test_one(abs_dev, mask, Metric::kVolatility, options, report.block_length, test_index++));
  }
  std::vector<double> p;
  for (const FactorResult& r : report.results) {
    p.push_back(r.p_value);
  }
  const std::vector<double> q = benjamini_hochberg(p);
  for (std::size_t i = 0; i < report.results.size(); ++i) {
    report.results[i].q_value = q[i];
    report.results[i].significant = q[i] <= options.fdr_q;
    report.significant_count += report.results[i].significant ? 1 : 0;
  }
  report.summary = summarize(report);
  return report;
}

Result<AnalysisReport> analyze_cosmic(std::span<const std::int64_t> bar_open_ns,
                                      std::span<const double> closes,
                                      const AnalysisOptions& options) {
  if (bar_open_ns.size() != closes.size()) {
    return Error(ErrorCode::kInvalidArgument, "timestamps and closes differ in length");
  }
  if (closes.size() < 3) {
    return Error(ErrorCode::kInvalidArgument, "need at least three bars");
  }
  for (std::size_t i = 0; i < closes.size(); ++i) {
    if (!(closes[i] > 0.0) || !std::isfinite(closes[i])) {
      return Error(ErrorCode::kValidation, fmt::format("close at bar {} is not positive", i));
    }
    if (i > 0 && bar_open_ns[i] <= bar_open_ns[i - 1]) {
      return Error(ErrorCode::kValidation, fmt::format("bar {} does not follow bar {}", i, i - 1));
    }
  }
  // Return i runs from close i-1 to close i and is labelled by bar i's open time.
  std::vector<double> returns(closes.size() - 1);
  for (std::size_t i = 1; i < closes.size(); ++i) {
    returns[i - 1] = std::log(closes[i] / closes[i - 1]);
  }
  const std::vector<FactorMask> masks = cosmic_factor_masks(bar_open_ns.subspan(1));
  return analyze_factors(returns, masks, options);
}

std::string format_report(const AnalysisReport& report) {
  std::string out = fmt::format(
      "cosmic analysis: {} returns, {} tests, {} rotation permutations and {} block-bootstrap "
      "resamples (block {} bars) per test, seed {}\n\n",
      report.n_returns, report.results.size(), report.options.permutations,
      report.options.bootstrap_resamples, report.block_length, report.options.seed);
  out += fmt::format("{:<28} {:<12} {:>6} {:>6} {:>11} {:>23} {:>8} {:>8} {:>8} {:>8} {:>9}\n",
                     "factor", "metric", "n_in", "n_out", "difference",
                     fmt::format("{:.0f}% interval", report.options.confidence * 100.0), "effect",
                     "p", "p_floor", "q", "mde (sd)");
  for (const FactorResult& r : report.results) {
    out += fmt::format(
        "{:<28} {:<12} {:>6} {:>6} {:>+11.6f} [{:>+10.6f},{:>+10.6f}] {:>+8.3f} {:>8.4f} "
        "{:>8.4f} {:>8.4f} {:>9.3f}{}\n",
        r.factor, to_string(r.metric), r.n_in, r.n_out, r.difference, r.ci_low, r.ci_high,
        r.effect_size, r.p_value, r.p_floor, r.q_value, r.mde_effect_size,
        r.significant ? " *" : "");
  }
  for (const std::string& s : report.skipped) {
    out += fmt::format("{:<28} not tested: fewer than {} bars on one side\n", s,
                       report.options.min_group_bars);
  }
  out += "\n" + report.summary + "\n";
  return out;
}

}  // namespace omega::cosmic
