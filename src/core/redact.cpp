#include "core/redact.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/json_text.hpp"

namespace omega {
namespace {

// An immutable snapshot of the registered secrets, longest first so that a secret that contains
// another is found whole. Readers load it without locking; writers publish a new copy.
struct SecretSet {
  std::vector<std::string> values;
};

std::atomic<std::shared_ptr<const SecretSet>>& secret_slot() {
  static std::atomic<std::shared_ptr<const SecretSet>> slot;
  return slot;
}

// Serialises writers only; readers never take it.
std::mutex& secret_write_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::string percent_encode(std::string_view s) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// Key names whose value is a credential, matched as suffixes of the normalised key.
constexpr std::array<std::string_view, 18> kSensitiveSuffixes = {
    "api_key",     "apikey",     "secret",    "secret_key",    "secretkey",  "passphrase",
    "password",    "passwd",     "token",     "access_key",    "accesskey",  "_sign",
    "private_key", "privatekey", "signature", "authorization", "credential", "credentials",
};
// Key names that are sensitive only when they are the whole key ("design" is not a signature).
constexpr std::array<std::string_view, 2> kSensitiveExact = {"sign", "auth"};

// Authorization schemes whose following word is the credential.
constexpr std::array<std::string_view, 5> kAuthSchemes = {"bot", "bearer", "basic", "token",
                                                          "digest"};

constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

// Character classes in one table so the per-character loops do one load and one test.
enum CharClass : std::uint8_t {
  kAlnum = 1,      // [A-Za-z0-9]
  kKeyChar = 2,    // key names: alnum _ - .
  kBase64url = 4,  // token segments: alnum _ -
  kValueEnd = 8,   // ends an unquoted credential value
  kTrigger = 16,   // may start a pattern: = : b B
};

constexpr std::array<std::uint8_t, 256> make_char_classes() {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    std::uint8_t bits = 0;
    if (alnum) bits |= kAlnum | kKeyChar | kBase64url;
    if (c == '_' || c == '-') bits |= kKeyChar | kBase64url;
    if (c == '.') bits |= kKeyChar;
    for (const char end : std::string_view(" \t\r\n\"'\\&,;})]<>")) {
      if (c == static_cast<unsigned char>(end)) bits |= kValueEnd;
    }
    if (c == '=' || c == ':' || c == 'b' || c == 'B') bits |= kTrigger;
    table[static_cast<std::size_t>(c)] = bits;
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> kCharClasses = make_char_classes();

constexpr bool has_class(char c, CharClass cls) {
  return (kCharClasses[static_cast<unsigned char>(c)] & cls) != 0;
}
bool is_alnum(char c) {
  return has_class(c, kAlnum);
}
bool is_key_char(char c) {
  return has_class(c, kKeyChar);
}
bool is_base64url(char c) {
  return has_class(c, kBase64url);
}
bool is_value_end(char c) {
  return has_class(c, kValueEnd);
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

struct Span {
  std::size_t begin;
  std::size_t end;
};

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<Span>& spans) : text_(text), spans_(spans) {}

  void scan_registered(const SecretSet& set) {
    for (const std::string& secret : set.values) {
      for (std::size_t pos = text_.find(secret); pos != std::string_view::npos;
           pos = text_.find(secret, pos + 1)) {
        add(pos, pos + secret.size());
      }
    }
  }

  // One pass for key/value credentials and bearer tokens, one for dotted token shapes.
  void scan_patterns() {
    const std::size_t n = text_.size();
    for (std::size_t i = 0; i < n; ++i) {
      const char c = text_[i];
      if (!has_class(c, kTrigger)) continue;
      if (c == '=' || c == ':') {
        scan_key_value(i);
      } else if ((c == 'b' || c == 'B') && (i == 0 || !is_alnum(text_[i - 1]))) {
        scan_bearer(i);
      }
    }
    scan_dotted_tokens();
  }

 private:
  void add(std::size_t begin, std::size_t end) {
    if (begin < end) spans_.push_back({begin, end});
  }

  // Finds the end of an unquoted value starting at `pos`.
  std::size_t unquoted_end(std::size_t pos) const {
    while (pos < text_.size() && !is_value_end(text_[pos])) ++pos;
    return pos;
  }

  void scan_key_value(std::size_t sep) {
    // Walk back over `"key" :` / `\"key\":` / `key =` to the key name.
    std::size_t j = sep;
    while (j > 0 && is_blank(text_[j - 1])) --j;
    while (j > 0 && (text_[j - 1] == '"' || text_[j - 1] == '\'' || text_[j - 1] == '\\')) --j;
    const std::size_t key_end = j;
    while (j > 0 && is_key_char(text_[j - 1])) --j;
    const std::string_view key = text_.substr(j, key_end - j);
    if (key.empty() || !is_sensitive_key(key)) return;
    const bool authorization = is_sensitive_suffix(key, "authorization");

    std::size_t k = sep + 1;
    const std::size_t n = text_.size();
    while (k < n && is_blank(text_[k])) ++k;
    if (k >= n) return;
    bool escaped_quote = false;
    if (text_[k] == '\\' && k + 1 < n && text_[k + 1] == '"') {
      escaped_quote = true;
      k += 2;
    }
    if (escaped_quote || text_[k] == '"' || text_[k] == '\'') {
      const char quote = escaped_quote ? '"' : text_[k];
      if (!escaped_quote) ++k;
      std::size_t end = k;
      while (end < n && text_[end] != quote && !(escaped_quote && text_[end] == '\\')) {
        if (!escaped_quote && text_[end] == '\\' && end + 1 < n) ++end;  // skip \" inside
        ++end;
      }
      end = std::min(end, n);
      if (authorization) k = skip_auth_scheme(k, end);
      add(k, end);
      return;
    }
    if (text_[k] == '{' || text_[k] == '[') return;  // a nested structure: its keys are scanned
    std::size_t end = unquoted_end(k);
    if (authorization) {
      const std::size_t after = skip_auth_scheme(k, n);
      if (after != k) {
        k = after;
        end = unquoted_end(k);
      }
    }
    add(k, end);
  }

  // Returns the position after "Bot " / "Bearer " at `pos`, or `pos` when there is no scheme.
  std::size_t skip_auth_scheme(std::size_t pos, std::size_t limit) const {
    std::size_t word_end = pos;
    while (word_end < limit && is_alnum(text_[word_end])) ++word_end;
    if (word_end >= limit || !is_blank(text_[word_end])) return pos;
    const std::string_view word = text_.substr(pos, word_end - pos);
    if (std::none_of(kAuthSchemes.begin(), kAuthSchemes.end(),
                     [&](std::string_view s) { return iequals(word, s); })) {
      return pos;
    }
    std::size_t after = word_end;
    while (after < limit && is_blank(text_[after])) ++after;
    return after;
  }

  void scan_bearer(std::size_t pos) {
    constexpr std::string_view kBearer = "bearer";
    if (pos + kBearer.size() >= text_.size()) return;
    if (!iequals(text_.substr(pos, kBearer.size()), kBearer)) return;
    std::size_t k = pos + kBearer.size();
    if (!is_blank(text_[k])) return;
    while (k < text_.size() && is_blank(text_[k])) ++k;
    add(k, unquoted_end(k));
  }

  // Masks a.b.c runs shaped like Discord bot tokens and JWTs: base64url segments of at least
  // 20, 6 and 20 characters separated by dots.
  void scan_dotted_tokens() {
    constexpr std::size_t kMinFirst = 20;
    constexpr std::size_t kMinSecond = 6;
    constexpr std::size_t kMinThird = 20;
    const std::size_t n = text_.size();
    std::size_t dot = text_.find('.');
    while (dot != std::string_view::npos) {
      // Quick reject: most dots (prices, versions, file names) follow a short run.
      std::size_t begin = dot;
      while (begin > 0 && is_base64url(text_[begin - 1]) && dot - begin < kMinFirst) --begin;
      if (dot - begin < kMinFirst) {
        dot = text_.find('.', dot + 1);
        continue;
      }
      while (begin > 0 && is_base64url(text_[begin - 1])) --begin;
      std::size_t second_end = dot + 1;
      while (second_end < n && is_base64url(text_[second_end])) ++second_end;
      if (second_end - dot - 1 < kMinSecond || second_end >= n || text_[second_end] != '.') {
        dot = text_.find('.', dot + 1);
        continue;
      }
      std::size_t third_end = second_end + 1;
      while (third_end < n && is_base64url(text_[third_end])) ++third_end;
      if (third_end - second_end - 1 < kMinThird) {
        dot = text_.find('.', dot + 1);
        continue;
      }
      add(begin, third_end);
      dot = third_end < n ? text_.find('.', third_end) : std::string_view::npos;
    }
  }

  static bool is_sensitive_suffix(std::string_view key, std::string_view suffix) {
    return key.size() >= suffix.size() && iequals(key.substr(key.size() - suffix.size()), suffix);
  }

  std::string_view text_;
  std::vector<Span>& spans_;
};

}  // namespace

void register_secret(std::string_view secret) {
  if (secret.empty()) return;
  std::lock_guard lock(secret_write_mutex());
  auto& slot = secret_slot();
  const std::shared_ptr<const SecretSet> current = slot.load();
  auto next = std::make_shared<SecretSet>();
  if (current) next->values = current->values;
  for (std::string form : {std::string(secret), percent_encode(secret), json_escape(secret)}) {
    if (std::find(next->values.begin(), next->values.end(), form) == next->values.end()) {
      next->values.push_back(std::move(form));
    }
  }
  std::stable_sort(next->values.begin(), next->values.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  slot.store(std::move(next));
}

void clear_registered_secrets() {
  std::lock_guard lock(secret_write_mutex());
  secret_slot().store(nullptr);
}

std::size_t registered_secret_count() {
  const std::shared_ptr<const SecretSet> set = secret_slot().load();
  return set ? set->values.size() : 0;
}

bool is_sensitive_key(std::string_view key) {
  // Compares from the end without copying: most keys differ from every suffix in the last
  // character, which keeps the check cheap on lines with many `k=v` pairs.
  const auto normalised = [](char c) { return c == '-' ? '_' : to_lower(c); };
  const auto ends_with = [&](std::string_view suffix) {
    if (key.size() < suffix.size()) return false;
    const std::size_t offset = key.size() - suffix.size();
    for (std::size_t i = suffix.size(); i-- > 0;) {
      if (normalised(key[offset + i]) != suffix[i]) return false;
    }
    return true;
  };
  for (const std::string_view exact : kSensitiveExact) {
    if (key.size() == exact.size() && ends_with(exact)) return true;
  }
  return std::any_of(kSensitiveSuffixes.begin(), kSensitiveSuffixes.end(), ends_with);
}

bool redact_into(std::string_view text, std::string& out) {
  std::vector<Span> spans;  // allocates only when something matches
  Scanner scanner(text, spans);
  if (const std::shared_ptr<const SecretSet> set = secret_slot().load(); set) {
    scanner.scan_registered(*set);
  }
  scanner.scan_patterns();
  if (spans.empty()) return false;

  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  out.clear();
  out.reserve(text.size());
  std::size_t pos = 0;
  std::size_t i = 0;
  while (i < spans.size()) {
    std::size_t begin = spans[i].begin;
    std::size_t end = spans[i].end;
    // Merge overlapping and touching spans so one secret becomes one marker.
    for (++i; i < spans.size() && spans[i].begin <= end; ++i) end = std::max(end, spans[i].end);
    out.append(text.substr(pos, begin - pos));
    out.append(kRedactedMarker);
    pos = end;
  }
  out.append(text.substr(pos));
  return true;
}

std::string redact(std::string_view text) {
  std::string out;
  if (!redact_into(text, out)) out.assign(text);
  return out;
}

}  // namespace omega
