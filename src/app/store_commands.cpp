#include "app/store_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli_context.hpp"
#include "core/config.hpp"
#include "core/time.hpp"
#include "store/ledger_export.hpp"
#include "store/redis_store.hpp"
#include "store/retention.hpp"
#include "store/sqlite_store.hpp"
#include "store/store_options.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;

// Where the store is, as typed on the command line.
struct StoreFlags {
  std::string url;
  std::string password_env;  // names an environment variable holding the Redis password
};

void add_store_flags(CLI::App* cmd, StoreFlags& flags) {
  cmd->add_option("--store", flags.url, "sqlite:PATH or redis://[user@]host[:port][/db]")
      ->required();
  cmd->add_option("--password-env", flags.password_env,
                  "Environment variable holding the Redis password (kept out of the URL)");
}

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

void fail_usage(CliContext& ctx, const std::string& message) {
  fmt::print(stderr, "omega: usage error: {}\n", message);
  ctx.exit_code = kExitUsage;
}

// Parses the flags; a bad URL or a missing variable is a usage error (exit 2).
std::optional<store::StoreOptions> parse_flags(const StoreFlags& flags, CliContext& ctx) {
  auto options = store::parse_store_url(flags.url);
  if (!options.ok()) {
    fail_usage(ctx, options.error().message());
    return std::nullopt;
  }
  if (!flags.password_env.empty()) {
    const char* pw = std::getenv(flags.password_env.c_str());
    if (pw == nullptr) {
      fail_usage(ctx, fmt::format("--password-env: {} is not set", flags.password_env));
      return std::nullopt;
    }
    options->redis.password = pw;
  }
  return std::move(options).value();
}

// Opens the store; `migrate` false leaves an old schema alone (check, export).
Result<std::unique_ptr<store::Store>> open(const store::StoreOptions& options, bool migrate) {
  if (options.backend == store::StoreOptions::Backend::kSqlite) {
    OMEGA_ASSIGN_OR_RETURN(
        auto s, store::SqliteStore::open(options.sqlite, store::SqliteStore::OpenOptions{migrate}));
    return std::unique_ptr<store::Store>(std::move(s));
  }
  OMEGA_ASSIGN_OR_RETURN(auto r, store::RedisStore::open(options.redis));
  if (migrate) OMEGA_TRY(r->migrate());
  return std::unique_ptr<store::Store>(std::move(r));
}

void print_counts(CliContext& ctx, std::string_view verb, const store::StoreCounts& c) {
  if (ctx.style() == OutputStyle::kJson) {
    fmt::print(
        "{{\"{}\": {{\"orders\": {}, \"fills\": {}, \"positions\": {}, \"candles\": {}, "
        "\"signals\": {}, \"states\": {}, \"metrics\": {}, \"settings\": {}, "
        "\"audit\": {}, \"stream_entries\": {}, \"stream_groups\": {}, "
        "\"stream_pending\": {}}}}}\n",
        verb, c.orders, c.fills, c.positions, c.candles, c.signals, c.states, c.metrics, c.settings,
        c.audit, c.stream_entries, c.stream_groups, c.stream_pending);
  } else {
    fmt::print(
        "{} {} orders, {} fills, {} positions, {} candles, {} signals, {} states, {} metric "
        "points, {} settings, {} audit entries, {} stream entries in {} consumer groups with {} "
        "pending\n",
        verb, c.orders, c.fills, c.positions, c.candles, c.signals, c.states, c.metrics, c.settings,
        c.audit, c.stream_entries, c.stream_groups, c.stream_pending);
  }
}

void add_migrate(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<StoreFlags>();
  CLI::App* cmd = parent.add_subcommand("migrate", "Bring the schema to this build's version");
  add_store_flags(cmd, *flags);
  cmd->callback([flags, &ctx] {
    auto options = parse_flags(*flags, ctx);
    if (!options) return;
    auto s = open(*options, true);
    if (!s.ok()) return fail(ctx, s.error());
    auto version = (*s)->schema_version();
    if (!version.ok()) return fail(ctx, version.error());
    fmt::print("{}: schema version {}\n", store::describe(*options), *version);
  });
}

void add_check(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<StoreFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "check", "Verify integrity and schema version (SQLite integrity_check, Redis key types)");
  add_store_flags(cmd, *flags);
  cmd->callback([flags, &ctx] {
    auto options = parse_flags(*flags, ctx);
    if (!options) return;
    auto s = open(*options, false);
    if (!s.ok()) return fail(ctx, s.error());
    if (Status st = (*s)->check(); !st.ok()) return fail(ctx, st.error());
    fmt::print("ok: {}\n", store::describe(*options));
  });
}

struct ExportFlags {
  StoreFlags store;
  std::string output;
};

void add_export(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "export", "Write every store (ledger, candles, signals, state, metrics, settings, audit)");
  add_store_flags(cmd, flags->store);
  cmd->add_option("-o,--output", flags->output, "Output file ('-' for stdout)")->required();
  cmd->callback([flags, &ctx] {
    auto options = parse_flags(flags->store, ctx);
    if (!options) return;
    auto s = open(*options, false);
    if (!s.ok()) return fail(ctx, s.error());
    if (flags->output == "-") {
      auto counts = store::export_store(**s, std::cout);
      if (!counts.ok()) return fail(ctx, counts.error());
      return;
    }
    // Written beside the target and renamed at the end: FILE is never half-written.
    const fs::path tmp = flags->output + ".partial";
    store::StoreCounts counts;
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        return fail(ctx, Error(ErrorCode::kIo, fmt::format("cannot write {}", tmp.string())));
      auto r = store::export_store(**s, out);
      if (!r.ok()) return fail(ctx, r.error());
      counts = *r;
    }
    std::error_code ec;
    fs::rename(tmp, flags->output, ec);
    if (ec) {
      return fail(ctx, Error(ErrorCode::kIo, fmt::format("rename {} to {}: {}", tmp.string(),
                                                         flags->output, ec.message())));
    }
    print_counts(ctx, "exported", counts);
  });
}

struct ImportFlags {
  StoreFlags store;
  std::string input;
  bool no_streams = false;
};

void add_import(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "import", "Read a store export; a half-written or corrupt file imports nothing");
  add_store_flags(cmd, flags->store);
  cmd->add_option("FILE", flags->input, "A file written by `omega store export`")->required();
  cmd->add_flag("--no-streams", flags->no_streams,
                "Leave the target's event streams alone (merge records into a store whose streams "
                "hold entries of their own)");
  cmd->callback([flags, &ctx] {
    auto options = parse_flags(flags->store, ctx);
    if (!options) return;
    std::ifstream in(flags->input, std::ios::binary);
    if (!in) {
      return fail(ctx, Error(ErrorCode::kNotFound, fmt::format("cannot read {}", flags->input)));
    }
    auto s = open(*options, true);
    if (!s.ok()) return fail(ctx, s.error());
    auto counts = store::import_store(**s, in, store::ImportOptions{.streams = !flags->no_streams});
    if (!counts.ok()) {
      return fail(ctx,
                  Error(counts.error()).with_context(fmt::format("importing {}", flags->input)));
    }
    print_counts(ctx, "imported", *counts);
  });
}

struct TrimFlags {
  StoreFlags store;
  std::string before;
  std::string keep;
  std::string config;
  std::int64_t max_len = -1;
  std::vector<std::string> only;
};

// Builds the policy the flags ask for, or reports a usage error and returns nullopt.
std::optional<store::RetentionPolicy> trim_policy(const TrimFlags& f, Timestamp now,
                                                  CliContext& ctx) {
  const int given = int(!f.before.empty()) + int(!f.keep.empty()) + int(!f.config.empty());
  if (given != 1) {
    fail_usage(ctx, "give exactly one of --before TIME, --keep DURATION or --config FILE");
    return std::nullopt;
  }
  if (!f.config.empty()) {
    auto config = Config::load_file(f.config);
    if (!config.ok()) {
      fail_usage(ctx, config.error().to_string());
      return std::nullopt;
    }
    auto section = config->section("store.retention");
    if (!section.ok()) {
      fail_usage(ctx, fmt::format("{}: no store.retention section", f.config));
      return std::nullopt;
    }
    auto policy = store::retention_from_config(*section);
    if (!policy.ok()) {
      fail_usage(ctx, policy.error().to_string());
      return std::nullopt;
    }
    return *policy;
  }
  Duration age{};
  if (!f.keep.empty()) {
    auto d = parse_duration(f.keep);
    if (!d.ok() || d->count() <= 0) {
      fail_usage(ctx, fmt::format("--keep: '{}' is not a positive duration such as 90d", f.keep));
      return std::nullopt;
    }
    age = *d;
  } else {
    auto t = parse_iso8601(f.before);
    if (!t.ok()) {
      fail_usage(ctx, fmt::format("--before: {}", t.error().message()));
      return std::nullopt;
    }
    age = now - *t;
  }
  std::vector<std::string> kinds = f.only;
  if (kinds.empty()) kinds = {"series", "streams", "signals", "audit"};
  store::RetentionPolicy p;
  std::optional<std::size_t> max_len;
  if (f.max_len >= 0) max_len = static_cast<std::size_t>(f.max_len);
  for (const std::string& k : kinds) {
    if (k == "series") {
      p.series = age;
    } else if (k == "streams") {
      p.streams = age;
      p.streams_max_len = max_len;
    } else if (k == "signals") {
      p.signals = age;
      p.signals_max_len = max_len;
    } else if (k == "audit") {
      p.audit = age;
      p.audit_max_len = max_len;
    } else {
      fail_usage(ctx,
                 fmt::format("--only: unknown kind '{}' (series, streams, signals, audit)", k));
      return std::nullopt;
    }
  }
  return p;
}

void add_trim(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<TrimFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "trim",
      "Retention: delete candles, metric points, stream entries, signals and audit entries older "
      "than a cutoff (never the ledger, bot state or settings)");
  add_store_flags(cmd, flags->store);
  cmd->add_option("--before", flags->before, "Cutoff time, ISO-8601 UTC (2026-01-01T00:00:00Z)");
  cmd->add_option("--keep", flags->keep, "Keep this much history: 90d, 12h, 1w");
  cmd->add_option("--config", flags->config, "Apply the store.retention policy of this file");
  cmd->add_option("--max-len", flags->max_len,
                  "Also keep at most this many newest entries per stream, signals, audit log");
  cmd->add_option("--only", flags->only, "Trim only these: series, streams, signals, audit")
      ->delimiter(',');
  cmd->callback([flags, &ctx] {
    auto options = parse_flags(flags->store, ctx);
    if (!options) return;
    const Timestamp now(std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
    auto policy = trim_policy(*flags, now, ctx);
    if (!policy) return;
    auto s = open(*options, false);
    if (!s.ok()) return fail(ctx, s.error());
    auto report = store::apply_retention(**s, *policy, now);
    if (!report.ok()) return fail(ctx, report.error());
    if (ctx.style() == OutputStyle::kJson) {
      fmt::print(
          "{{\"trimmed\": {{\"series\": {}, \"stream_entries\": {}, \"signals\": {}, "
          "\"audit\": {}}}}}\n",
          report->series, report->logs.stream_entries, report->logs.signals, report->logs.audit);
    } else {
      fmt::print(
          "trimmed {} candles and metric points, {} stream entries, {} signals, {} audit "
          "entries\n",
          report->series, report->logs.stream_entries, report->logs.signals, report->logs.audit);
    }
  });
}

}  // namespace

void add_store_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("store", "Persistence: migrate, check, export, import, trim");
  cmd->require_subcommand(1);
  add_migrate(*cmd, ctx);
  add_check(*cmd, ctx);
  add_export(*cmd, ctx);
  add_import(*cmd, ctx);
  add_trim(*cmd, ctx);
}

}  // namespace omega::app
