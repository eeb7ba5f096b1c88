// Provides log_options_from_config: reads LogOptions from a `logging:` section of a Config.
#pragma once

#include "core/config.hpp"
#include "core/log.hpp"

namespace omega {

// Reads `level` (default info), `format` (text | json, default text), `stderr` (default true) and
// `file` (default none) from a section; any other key is an error naming its line.
Result<LogOptions> log_options_from_config(const Config& section);

}  // namespace omega
