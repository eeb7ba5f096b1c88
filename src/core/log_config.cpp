#include "core/log_config.hpp"

namespace omega {

Result<LogOptions> log_options_from_config(const Config& section) {
  OMEGA_TRY(section.check_keys({"level", "format", "stderr", "file"}));
  LogOptions options;
  OMEGA_ASSIGN_OR_RETURN(const std::string level, section.get_or<std::string>("level", "info"));
  auto parsed_level = parse_log_level(level);
  if (!parsed_level.ok()) return section.invalid("level", parsed_level.error().message());
  options.level = parsed_level.value();
  // Kept as a Result rather than unpacked with OMEGA_ASSIGN_OR_RETURN: GCC 12 reports a false
  // -Wmaybe-uninitialized on the unpacked string.
  const Result<std::string> format = section.get_or<std::string>("format", "text");
  if (!format.ok()) return format.error();
  if (*format == "json") {
    options.format = LogFormat::kJson;
  } else if (*format != "text") {
    return section.invalid("format", "expected text or json, got '" + *format + "'");
  }
  OMEGA_ASSIGN_OR_RETURN(options.to_stderr, section.get_or<bool>("stderr", true));
  OMEGA_ASSIGN_OR_RETURN(options.file, section.get_or<std::string>("file", ""));
  return options;
}

}  // namespace omega
