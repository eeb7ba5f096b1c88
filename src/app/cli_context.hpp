// Provides CliContext: the state every command shares (output style, exit code) and the exit
// code constants of the omega command line.
#pragma once

#include <string>

#include "app/output.hpp"

namespace omega::app {

inline constexpr int kExitOk = 0;       // success
inline constexpr int kExitFailure = 1;  // the command ran and failed (bad data, I/O, errors found)
inline constexpr int kExitUsage = 2;    // the command line itself is wrong

// Shared by the commands of one invocation.
struct CliContext {
  // The --format value, checked by the parser to be table, csv or json.
  std::string format = "table";
  int exit_code = kExitOk;

  // Returns the output style named by `format`.
  OutputStyle style() const {
    if (format == "csv") return OutputStyle::kCsv;
    if (format == "json") return OutputStyle::kJson;
    return OutputStyle::kTable;
  }
};

}  // namespace omega::app
