// Provides Config: a YAML configuration tree read through typed getters by dotted key path, with
// OMEGA_* environment overrides, secrets read from the environment or mounted files, and errors
// that name the key path, the file and the line:column. yaml-cpp stays inside config.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace omega {

namespace config_detail {
struct Node;
struct Document;
}  // namespace config_detail

// A type that one YAML scalar converts to.
template <typename T>
concept ConfigScalar = std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> || std::is_same_v<T, Duration> ||
    std::is_same_v<T, Timestamp> || std::is_same_v<T, Timeframe>;

namespace config_detail {
template <typename T>
struct IsScalarList : std::false_type {};
template <ConfigScalar T>
struct IsScalarList<std::vector<T>> : std::true_type {};
}  // namespace config_detail

// A type Config::get can return: a ConfigScalar or a std::vector of one (a YAML sequence).
template <typename T>
concept ConfigValue = ConfigScalar<T> || config_detail::IsScalarList<T>::value;

// Controls how a configuration is loaded.
struct ConfigOptions {
  // Applies PREFIX<SECTION>__<KEY>=value environment overrides (see docs/configuration.md).
  bool apply_env = true;
  // The environment variable prefix for overrides, matched case-insensitively.
  std::string env_prefix = "OMEGA_";
  // Registers every secret value with the log redactor (core/redact.hpp).
  bool register_secrets = true;
};

// An immutable, loaded configuration, or a view of one of its sections. Cheap to copy; safe to
// read from many threads. Secret values never appear in dump() or in error messages.
class Config {
 public:
  // Holds an empty configuration: every key is missing.
  Config();

  // Reads and validates a YAML file, applies environment overrides and resolves secrets.
  static Result<Config> load_file(const std::filesystem::path& path,
                                  const ConfigOptions& options = {});
  // Same as load_file for YAML text; `source_name` stands in for the file name in errors.
  static Result<Config> parse(std::string_view yaml, std::string_view source_name,
                              const ConfigOptions& options = {});

  // Returns the value at a dotted path ("exchange.bitget.api_key", "symbols.0"); fails when it
  // is missing, null, or does not convert, naming the path and where the value came from.
  // (get and get_or are defined and instantiated for every ConfigValue in config.cpp.)
  template <ConfigValue T>
  Result<T> get(std::string_view path) const;

  // Returns the value at a path, or `fallback` when it is missing or null. A present value of
  // the wrong type is still an error: a typo in a value must not silently become the default.
  template <ConfigValue T>
  Result<T> get_or(std::string_view path, T fallback) const;

  // True when the path exists and is not null.
  bool has(std::string_view path) const;

  // Returns a view of the mapping at `path`; paths and errors stay relative to the root.
  Result<Config> section(std::string_view path) const;

  // Returns the keys of this section's mapping, in file order.
  std::vector<std::string> keys() const;

  // Fails naming every key of this section that is not in `allowed`, with its line and a
  // suggestion when one allowed key is close (typo protection).
  Status check_keys(std::span<const std::string_view> allowed) const;
  Status check_keys(std::initializer_list<std::string_view> allowed) const {
    return check_keys(std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }

  // Describes where the value at `path` came from: "omega.yaml:12:5", "environment variable
  // OMEGA_X", or the file name alone when the key is missing.
  std::string location(std::string_view path) const;

  // Builds a validation error for a rule the caller checks itself, in the same shape as the
  // getters' errors: "omega.yaml:9:17: risk.max_leverage: must be between 1 and 125".
  Error invalid(std::string_view path, std::string_view problem) const;

  // Returns the dotted path of this section ("" for the root).
  const std::string& path() const { return prefix_; }
  // Returns the file name (or source name) the configuration was loaded from.
  const std::string& source() const;

  // Renders this section as YAML with every secret shown as "***" and environment overrides
  // marked with a comment; safe to log.
  std::string dump() const;
  std::string to_string() const { return dump(); }

 private:
  Config(std::shared_ptr<const config_detail::Document> doc, const config_detail::Node* node,
         std::string prefix);

  // Finds the node at a relative path, or null.
  const config_detail::Node* find(std::string_view path) const;
  std::string full_path(std::string_view path) const;

  std::shared_ptr<const config_detail::Document> doc_;
  const config_detail::Node* node_;
  std::string prefix_;
};

}  // namespace omega
