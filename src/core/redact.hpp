// Provides the secret redactor: a process-wide registry of secret values and redact(), which
// masks registered secrets and common credential patterns in text before it is logged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace omega {

// The text that replaces every masked secret.
inline constexpr std::string_view kRedactedMarker = "***";

// Registers a secret value so that redact() masks it wherever it appears. Thread-safe. Empty
// values are ignored. Also registers the value's percent-encoded and JSON-escaped forms when they
// differ, because secrets often reach logs inside URLs and JSON bodies.
void register_secret(std::string_view secret);

// Forgets every registered secret. Meant for tests; production code never needs it.
void clear_registered_secrets();

// Returns how many distinct strings (secrets and their encoded forms) are registered.
std::size_t registered_secret_count();

// True when a key name such as "api_key", "ACCESS-SIGN" or "discordBotToken" names a credential:
// its lower-cased form, with '-' read as '_', ends with a sensitive word (see docs/logging.md).
bool is_sensitive_key(std::string_view key);

// Writes `text` with secrets masked into `out` and returns true, or returns false (leaving `out`
// untouched) when there is nothing to mask, so the common case costs no allocation.
bool redact_into(std::string_view text, std::string& out);

// Returns `text` with every registered secret and every recognised credential pattern replaced
// by kRedactedMarker.
std::string redact(std::string_view text);

}  // namespace omega
