#include "core/config.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <unistd.h>  // environ (declared under _GNU_SOURCE, which g++ and clang++ define)
#include <yaml-cpp/yaml.h>

#include "core/redact.hpp"

namespace omega {
namespace config_detail {

struct Entry;

// Our own copy of the YAML tree: immutable after load, so reads need no lock (yaml-cpp nodes are
// not safe to read from several threads), and it records where each value came from.
struct Node {
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  std::string scalar;
  std::vector<Node> items;     // kSequence
  std::vector<Entry> entries;  // kMap, in file order
  int line = 0;                // 1-based; 0 when the value came from the environment
  int column = 0;
  std::string env_var;           // the overriding environment variable, if any
  bool secret = false;           // never printed
  bool secret_from_ref = false;  // came from secret_env / secret_file (always registered)
};

struct Entry {
  std::string key;
  int line = 0;  // of the key
  int column = 0;
  Node value;
};

struct Document {
  std::string source;
  Node root;
};

}  // namespace config_detail

namespace {

using config_detail::Document;
using config_detail::Entry;
using config_detail::Node;

constexpr std::string_view kSecretEnvKey = "secret_env";
constexpr std::string_view kSecretFileKey = "secret_file";
constexpr std::size_t kMaxSecretFileBytes = std::size_t{64} * 1024;
// Values under credential-like key names shorter than this are masked in dumps but not given to
// the redactor: "auth: on" must not turn every "on" in the logs into ***.
constexpr std::size_t kMinInferredSecretLength = 4;

char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

std::string join_path(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  if (key.empty()) return std::string(prefix);
  return fmt::format("{}.{}", prefix, key);
}

// Describes where a value came from: "config.yaml:12:5" or "environment variable OMEGA_X".
std::string where(const Document& doc, const Node& node) {
  if (!node.env_var.empty()) return fmt::format("environment variable {}", node.env_var);
  if (node.line > 0) return fmt::format("{}:{}:{}", doc.source, node.line, node.column);
  return doc.source;
}

// Shows a value in an error message without ever showing a secret.
std::string shown(const Node& node) {
  if (node.secret) return std::string(kRedactedMarker);
  switch (node.kind) {
    case Node::Kind::kNull:
      return "null";
    case Node::Kind::kScalar:
      return fmt::format("'{}'", node.scalar);
    case Node::Kind::kSequence:
      return "a list";
    case Node::Kind::kMap:
      return "a section";
  }
  return "?";
}

// ---- YAML -> Node (the only place yaml-cpp is touched; its exceptions stop here) -------------

// Deeper nesting than this is a mistake (or an alias cycle), not a configuration.
constexpr int kMaxDepth = 64;

Result<Node> convert_yaml_at(const YAML::Node& yaml, const std::string& source,
                             const std::string& path, int depth) {
  Node node;
  if (depth > kMaxDepth) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{}:{}:{}: {}... nests deeper than {} levels (an alias inside "
                             "its own anchor?)",
                             source, yaml.Mark().line + 1, yaml.Mark().column + 1,
                             path.substr(0, 40), kMaxDepth));
  }
  node.line = yaml.Mark().line + 1;
  node.column = yaml.Mark().column + 1;
  switch (yaml.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      node.kind = Node::Kind::kNull;
      return node;
    case YAML::NodeType::Scalar:
      node.kind = Node::Kind::kScalar;
      node.scalar = yaml.Scalar();
      return node;
    case YAML::NodeType::Sequence:
      node.kind = Node::Kind::kSequence;
      for (std::size_t i = 0; i < yaml.size(); ++i) {
        OMEGA_ASSIGN_OR_RETURN(
            Node item, convert_yaml_at(yaml[i], source, fmt::format("{}.{}", path, i), depth + 1));
        node.items.push_back(std::move(item));
      }
      return node;
    case YAML::NodeType::Map:
      node.kind = Node::Kind::kMap;
      for (auto it = yaml.begin(); it != yaml.end(); ++it) {
        // Copies: it-> yields a temporary proxy, so references into it would dangle.
        const YAML::Node key = it->first;
        const YAML::Node value_yaml = it->second;
        const int key_line = key.Mark().line + 1;
        const int key_column = key.Mark().column + 1;
        if (!key.IsScalar()) {
          return Error(ErrorCode::kValidation,
                       fmt::format("{}:{}:{}: keys under '{}' must be plain names", source,
                                   key_line, key_column, path.empty() ? "<root>" : path));
        }
        const std::string& name = key.Scalar();
        if (name == "<<") {
          // yaml-cpp 0.7 would keep "<<" as an ordinary key, silently dropping the merge.
          return Error(ErrorCode::kValidation,
                       fmt::format("{}:{}:{}: YAML merge keys (<<) are not supported; repeat the "
                                   "keys instead",
                                   source, key_line, key_column));
        }
        for (const Entry& seen : node.entries) {
          if (seen.key == name) {
            return Error(
                ErrorCode::kValidation,
                fmt::format("{}:{}:{}: duplicate key {} (first defined at line {})", source,
                            key_line, key_column, join_path(path, name), seen.line));
          }
        }
        OMEGA_ASSIGN_OR_RETURN(
            Node value, convert_yaml_at(value_yaml, source, join_path(path, name), depth + 1));
        node.entries.push_back(Entry{name, key_line, key_column, std::move(value)});
      }
      return node;
  }
  return node;
}

Error yaml_error(const YAML::Exception& e, const std::string& what) {
  if (e.mark.is_null()) {
    return Error(ErrorCode::kParse, fmt::format("{}: invalid YAML: {}", what, e.msg));
  }
  return Error(ErrorCode::kParse, fmt::format("{}:{}:{}: invalid YAML: {}", what, e.mark.line + 1,
                                              e.mark.column + 1, e.msg));
}

// Parses YAML text into our tree; every yaml-cpp exception is converted here.
Result<Node> load_yaml(std::string_view text, const std::string& what, const std::string& path) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return convert_yaml_at(root, what, path, 0);
  } catch (const YAML::Exception& e) {
    return yaml_error(e, what);
  }
}

// ---- environment overrides -----------------------------------------------------------------

Node* find_entry(Node& map, std::string_view key, bool case_insensitive) {
  for (Entry& entry : map.entries) {
    if (case_insensitive ? iequals(entry.key, key) : entry.key == key) return &entry.value;
  }
  return nullptr;
}

// Applies NAME=VALUE: PREFIX A__B__C sets a.b.c (creating sections as needed).
Status apply_override(Document& doc, const std::string& name, std::string_view value,
                      std::size_t prefix_size) {
  const std::string_view rest = std::string_view(name).substr(prefix_size);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t sep = rest.find("__", start);
    segments.push_back(
        lower(rest.substr(start, sep == std::string_view::npos ? sep : sep - start)));
    if (sep == std::string_view::npos) break;
    start = sep + 2;
  }
  if (std::any_of(segments.begin(), segments.end(),
                  [](const std::string& s) { return s.empty(); })) {
    return Error(ErrorCode::kValidation,
                 fmt::format("environment variable {}: empty key segment (use '__' between "
                             "levels, e.g. OMEGA_EXCHANGE__BITGET__API_KEY)",
                             name));
  }

  Node* node = &doc.root;
  std::string path;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (node->kind == Node::Kind::kNull) {
      node->kind = Node::Kind::kMap;
    }
    if (node->kind != Node::Kind::kMap || node->secret_from_ref) {
      return Error(ErrorCode::kValidation,
                   fmt::format("environment variable {}: cannot set {}: {} is not a section ({})",
                               name, join_path(path, segments[i]), path.empty() ? "<root>" : path,
                               where(doc, *node)));
    }
    Node* child = find_entry(*node, segments[i], true);
    if (child == nullptr) {
      Node created;
      created.env_var = name;
      node->entries.push_back(Entry{segments[i], 0, 0, std::move(created)});
      child = &node->entries.back().value;
    } else {
      // Keep the file's spelling of the key so that get() finds it as written.
      for (const Entry& entry : node->entries) {
        if (&entry.value == child) segments[i] = entry.key;
      }
    }
    path = join_path(path, segments[i]);
    node = child;
  }

  const bool was_secret_ref = node->secret_from_ref;
  if (node->kind == Node::Kind::kMap && !was_secret_ref) {
    return Error(ErrorCode::kValidation,
                 fmt::format("environment variable {}: {} is a section ({}); overrides replace "
                             "single values only",
                             name, path, where(doc, *node)));
  }
  Node replacement;
  replacement.env_var = name;
  if (!value.empty() && value.front() == '[') {
    // A flow list: OMEGA_SYMBOLS='[BTC/USDT:USDT, ETH/USDT:USDT]'.
    OMEGA_ASSIGN_OR_RETURN(replacement, load_yaml(value, "environment variable " + name, path));
    replacement.env_var = name;
    for (Node& item : replacement.items) item.env_var = name;
  } else {
    replacement.kind = Node::Kind::kScalar;
    replacement.scalar = std::string(value);
  }
  replacement.secret = node->secret || was_secret_ref;
  replacement.secret_from_ref = was_secret_ref;
  *node = std::move(replacement);
  return ok_status();
}

// Process settings that share the OMEGA_ prefix but are not configuration keys: the bundled data
// directory, the test harness's variables (OMEGA_TEST_REDIS_URL, ...) and the demo's output
// directory. Treating them as overrides would inject unknown keys into every configuration.
bool is_reserved_env_name(std::string_view name) {
  constexpr std::string_view kReserved[] = {"OMEGA_DATA_DIR", "OMEGA_SLOW_TESTS", "OMEGA_DEMO_OUT"};
  for (const auto reserved : kReserved) {
    if (iequals(name, reserved)) return true;
  }
  constexpr std::string_view kTestPrefix = "OMEGA_TEST_";
  return name.size() >= kTestPrefix.size() &&
         iequals(name.substr(0, kTestPrefix.size()), kTestPrefix);
}

// `referenced` holds the variables named by secret_env: they carry a secret for one key and are
// not also overrides, even when they start with the prefix.
Status apply_env_overrides(Document& doc, const std::string& prefix,
                           const std::vector<std::string>& referenced) {
  std::map<std::string, std::string> overrides;  // sorted: deterministic order and errors
  for (char** env = environ; env != nullptr && *env != nullptr; ++env) {
    const std::string_view entry(*env);
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq <= prefix.size()) continue;
    if (!iequals(entry.substr(0, prefix.size()), prefix)) continue;
    const std::string_view name = entry.substr(0, eq);
    if (std::find(referenced.begin(), referenced.end(), name) != referenced.end()) continue;
    if (is_reserved_env_name(name)) continue;
    overrides.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  for (const auto& [name, value] : overrides) {
    OMEGA_TRY(apply_override(doc, name, value, prefix.size()));
  }
  return ok_status();
}

// ---- secrets --------------------------------------------------------------------------------

// Marks {secret_env: NAME} / {secret_file: PATH} mappings before overrides run, so an override
// of such a key is treated as a secret too.
Status mark_secret_refs(const Document& doc, Node& node, const std::string& path,
                        std::vector<std::string>& env_names) {
  if (node.kind == Node::Kind::kSequence) {
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      OMEGA_TRY(mark_secret_refs(doc, node.items[i], fmt::format("{}.{}", path, i), env_names));
    }
    return ok_status();
  }
  if (node.kind != Node::Kind::kMap) return ok_status();
  const bool has_ref = std::any_of(node.entries.begin(), node.entries.end(), [](const Entry& e) {
    return e.key == kSecretEnvKey || e.key == kSecretFileKey;
  });
  if (has_ref) {
    if (node.entries.size() != 1 || node.entries[0].value.kind != Node::Kind::kScalar ||
        node.entries[0].value.scalar.empty()) {
      return Error(ErrorCode::kValidation,
                   fmt::format("{}: {}: a secret reference is exactly one of "
                               "{{secret_env: NAME}} or {{secret_file: /path}}",
                               where(doc, node), path));
    }
    node.secret = true;
    node.secret_from_ref = true;
    if (node.entries[0].key == kSecretEnvKey) env_names.push_back(node.entries[0].value.scalar);
    return ok_status();
  }
  for (Entry& entry : node.entries) {
    OMEGA_TRY(mark_secret_refs(doc, entry.value, join_path(path, entry.key), env_names));
  }
  return ok_status();
}

Result<std::string> read_secret_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("cannot read secret file {}: {}", file, std::strerror(errno)));
  }
  std::string content;
  content.resize(kMaxSecretFileBytes + 1);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxSecretFileBytes) {
    return Error(ErrorCode::kValidation,
                 fmt::format("secret file {} is larger than {} bytes", file, kMaxSecretFileBytes));
  }
  // Files written by `echo` or editors end with a newline that is not part of the secret.
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
  return content;
}

// Resolves secret references, marks values under credential-like keys as secret, and collects
// the values to give to the redactor.
Status resolve_secrets(const Document& doc, Node& node, const std::string& path, bool mark_secret,
                       std::vector<std::string>& to_register) {
  if (node.secret_from_ref && node.kind == Node::Kind::kMap) {
    const Entry& ref = node.entries[0];
    std::string value;
    if (ref.key == kSecretEnvKey) {
      const char* env = std::getenv(ref.value.scalar.c_str());
      if (env == nullptr) {
        return Error(ErrorCode::kNotFound,
                     fmt::format("{}: {}: secret environment variable {} is not set",
                                 where(doc, node), path, ref.value.scalar));
      }
      value = env;
      if (value.empty()) {
        return Error(ErrorCode::kValidation,
                     fmt::format("{}: {}: secret environment variable {} is empty",
                                 where(doc, node), path, ref.value.scalar));
      }
    } else {
      auto read = read_secret_file(ref.value.scalar);
      if (!read.ok()) {
        return Error(read.error().code(),
                     fmt::format("{}: {}: {}", where(doc, node), path, read.error().message()));
      }
      value = std::move(read).value();
      if (value.empty()) {
        return Error(ErrorCode::kValidation, fmt::format("{}: {}: secret file {} is empty",
                                                         where(doc, node), path, ref.value.scalar));
      }
    }
    node.kind = Node::Kind::kScalar;
    node.scalar = std::move(value);
    node.entries.clear();
  }
  // A credential-like key hides its scalar or list, not a whole section: `auth: {roles: ...}`
  // stays readable, its own credential-like keys are checked one by one.
  if (mark_secret && node.kind != Node::Kind::kMap) node.secret = true;
  if (node.kind == Node::Kind::kScalar && node.secret) {
    if (node.secret_from_ref || node.scalar.size() >= kMinInferredSecretLength) {
      to_register.push_back(node.scalar);
    }
  }
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    OMEGA_TRY(resolve_secrets(doc, node.items[i], fmt::format("{}.{}", path, i), node.secret,
                              to_register));
  }
  for (Entry& entry : node.entries) {
    OMEGA_TRY(resolve_secrets(doc, entry.value, join_path(path, entry.key),
                              is_sensitive_key(entry.key), to_register));
  }
  return ok_status();
}

// ---- scalar conversion ----------------------------------------------------------------------

struct Ctx {
  const Document& doc;
  const Node& node;
  const std::string& path;

  Error fail(std::string_view expected, std::string_view detail = {}) const {
    std::string message =
        fmt::format("{}: {}: expected {}, got {}", where(doc, node), path, expected, shown(node));
    if (!detail.empty() && !node.secret) message += fmt::format(" ({})", detail);
    return Error(ErrorCode::kValidation, std::move(message));
  }
};

Result<std::string> scalar_text(const Ctx& ctx, std::string_view expected) {
  if (ctx.node.kind != Node::Kind::kScalar) return ctx.fail(expected);
  return ctx.node.scalar;
}

template <typename T>
struct Convert;

template <>
struct Convert<std::string> {
  static Result<std::string> from(const Ctx& ctx) { return scalar_text(ctx, "a string"); }
};

template <>
struct Convert<bool> {
  static Result<bool> from(const Ctx& ctx) {
    OMEGA_ASSIGN_OR_RETURN(const std::string text, scalar_text(ctx, "true or false"));
    const std::string l = lower(text);
    if (l == "true" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "no" || l == "off") return false;
    return ctx.fail("true or false");
  }
};

template <>
struct Convert<std::int64_t> {
  static Result<std::int64_t> from(const Ctx& ctx) {
    OMEGA_ASSIGN_OR_RETURN(const std::string text, scalar_text(ctx, "an integer"));
    std::string_view digits = text;
    if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-') digits.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) return ctx.fail("a 64-bit integer", "out of range");
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      return ctx.fail("an integer");
    }
    return value;
  }
};

template <>
struct Convert<double> {
  static Result<double> from(const Ctx& ctx) {
    OMEGA_ASSIGN_OR_RETURN(const std::string text, scalar_text(ctx, "a number"));
    std::string_view digits = text;
    if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-') digits.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() ||
        !std::isfinite(value)) {
      return ctx.fail("a finite number");
    }
    return value;
  }
};

// Wraps a core parser, keeping its message as the detail.
template <typename T, typename Parse>
Result<T> parse_with(const Ctx& ctx, std::string_view expected, Parse parse) {
  OMEGA_ASSIGN_OR_RETURN(const std::string text, scalar_text(ctx, expected));
  auto parsed = parse(text);
  if (!parsed.ok()) return ctx.fail(expected, parsed.error().message());
  return std::move(parsed).value();
}

template <>
struct Convert<Duration> {
  static Result<Duration> from(const Ctx& ctx) {
    return parse_with<Duration>(ctx, "a duration such as 250ms, 30s, 1h30m",
                                [](std::string_view t) { return parse_duration(t); });
  }
};

template <>
struct Convert<Timestamp> {
  static Result<Timestamp> from(const Ctx& ctx) {
    return parse_with<Timestamp>(ctx, "an ISO-8601 time such as 2024-08-08T12:00:00Z",
                                 [](std::string_view t) { return parse_iso8601(t); });
  }
};

template <>
struct Convert<Timeframe> {
  static Result<Timeframe> from(const Ctx& ctx) {
    return parse_with<Timeframe>(ctx, "a timeframe such as 1m, 4h, 1d",
                                 [](std::string_view t) { return Timeframe::parse(t); });
  }
};

template <ConfigScalar T>
struct Convert<std::vector<T>> {
  static Result<std::vector<T>> from(const Ctx& ctx) {
    if (ctx.node.kind != Node::Kind::kSequence) return ctx.fail("a list");
    std::vector<T> out;
    out.reserve(ctx.node.items.size());
    for (std::size_t i = 0; i < ctx.node.items.size(); ++i) {
      const std::string item_path = fmt::format("{}.{}", ctx.path, i);
      OMEGA_ASSIGN_OR_RETURN(T value, Convert<T>::from(Ctx{ctx.doc, ctx.node.items[i], item_path}));
      out.push_back(std::move(value));
    }
    return out;
  }
};

// ---- typo suggestions -----------------------------------------------------------------------

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (to_lower(a[i - 1]) == to_lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// ---- dump -----------------------------------------------------------------------------------

bool is_plain(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '/' || c == '+';
  });
}

std::string yaml_quoted(std::string_view s) {
  if (is_plain(s)) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string scalar_for_dump(const Node& node) {
  std::string out;
  if (node.secret) {
    out = "\"***\"";
  } else if (node.kind == Node::Kind::kNull) {
    out = "null";
  } else {
    out = yaml_quoted(node.scalar);
  }
  if (!node.env_var.empty()) out += fmt::format("  # from {}", node.env_var);
  return out;
}

void dump_node(const Node& node, int indent, std::string& out);

void dump_children(const Node& node, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (node.kind == Node::Kind::kMap) {
    for (const Entry& entry : node.entries) {
      out += pad + yaml_quoted(entry.key) + ":";
      dump_node(entry.value, indent, out);
    }
  } else {
    for (const Node& item : node.items) {
      if (item.kind == Node::Kind::kMap && !item.entries.empty() && !item.secret) {
        // "- key: value" with the item's other keys aligned under the first.
        std::string block;
        dump_children(item, indent + 2, block);
        out += pad + "- " + block.substr(static_cast<std::size_t>(indent) + 2);
        continue;
      }
      out += pad + "-";
      dump_node(item, indent, out);
    }
  }
}

void dump_node(const Node& node, int indent, std::string& out) {
  const bool nested = (node.kind == Node::Kind::kMap && !node.entries.empty()) ||
                      (node.kind == Node::Kind::kSequence && !node.items.empty());
  if (node.secret || !nested) {
    if (node.kind == Node::Kind::kMap && !node.secret) {
      out += " {}\n";
    } else if (node.kind == Node::Kind::kSequence && !node.secret) {
      out += " []\n";
    } else {
      out += " " + scalar_for_dump(node) + "\n";
    }
    return;
  }
  out += "\n";
  dump_children(node, indent + 2, out);
}

}  // namespace

// ---- Config -----------------------------------------------------------------------------------

namespace {
const Document& empty_document() {
  static const Document* doc = [] {
    auto* d = new Document();  // never destroyed: default Configs may outlive static destruction
    d->source = "<empty>";
    d->root.kind = Node::Kind::kMap;
    return d;
  }();
  return *doc;
}
}  // namespace

Config::Config()
    : doc_(std::shared_ptr<const Document>(&empty_document(), [](const Document*) {})),
      node_(&doc_->root) {}

Config::Config(std::shared_ptr<const Document> doc, const Node* node, std::string prefix)
    : doc_(std::move(doc)), node_(node), prefix_(std::move(prefix)) {}

Result<Config> Config::load_file(const std::filesystem::path& path, const ConfigOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(ErrorCode::kNotFound, fmt::format("cannot read config file {}: {}", path.string(),
                                                   std::strerror(errno)));
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string(), options);
}

Result<Config> Config::parse(std::string_view yaml, std::string_view source_name,
                             const ConfigOptions& options) {
  auto doc = std::make_shared<Document>();
  doc->source = std::string(source_name);
  OMEGA_ASSIGN_OR_RETURN(doc->root, load_yaml(yaml, doc->source, ""));
  if (doc->root.kind == Node::Kind::kNull) {
    doc->root.kind = Node::Kind::kMap;  // an empty file is an empty configuration
  }
  if (doc->root.kind != Node::Kind::kMap) {
    return Error(ErrorCode::kValidation, fmt::format("{}: the top level must be a mapping of keys",
                                                     where(*doc, doc->root)));
  }
  std::vector<std::string> secret_env_names;
  OMEGA_TRY(mark_secret_refs(*doc, doc->root, "", secret_env_names));
  if (options.apply_env) {
    OMEGA_TRY(apply_env_overrides(*doc, options.env_prefix, secret_env_names));
  }
  std::vector<std::string> secrets;
  OMEGA_TRY(resolve_secrets(*doc, doc->root, "", false, secrets));
  if (options.register_secrets) {
    for (const std::string& secret : secrets) register_secret(secret);
  }
  const Node* root_node = &doc->root;
  return Config(std::move(doc), root_node, "");
}

const Node* Config::find(std::string_view path) const {
  const Node* node = node_;
  std::size_t start = 0;
  while (node != nullptr && start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    const std::string_view segment =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (node->kind == Node::Kind::kMap) {
      const Node* next = nullptr;
      for (const Entry& entry : node->entries) {
        if (entry.key == segment) next = &entry.value;
      }
      node = next;
    } else if (node->kind == Node::Kind::kSequence) {
      std::size_t index = 0;
      const auto [end, ec] =
          std::from_chars(segment.data(), segment.data() + segment.size(), index);
      const bool valid = ec == std::errc() && end == segment.data() + segment.size() &&
                         !segment.empty() && index < node->items.size();
      node = valid ? &node->items[index] : nullptr;
    } else {
      node = nullptr;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return node;
}

std::string Config::full_path(std::string_view path) const {
  return join_path(prefix_, path);
}

template <ConfigValue T>
Result<T> Config::get(std::string_view path) const {
  const std::string full = full_path(path);
  const Node* node = find(path);
  if (node == nullptr || node->kind == Node::Kind::kNull) {
    std::string message =
        node == nullptr ? fmt::format("{}: missing required key {}", doc_->source, full)
                        : fmt::format("{}: required key {} is null", where(*doc_, *node), full);
    return Error(ErrorCode::kNotFound, std::move(message));
  }
  return Convert<T>::from(Ctx{*doc_, *node, full});
}

template <ConfigValue T>
Result<T> Config::get_or(std::string_view path, T fallback) const {
  const Node* node = find(path);
  if (node == nullptr || node->kind == Node::Kind::kNull) return fallback;
  const std::string full = full_path(path);
  return Convert<T>::from(Ctx{*doc_, *node, full});
}

bool Config::has(std::string_view path) const {
  const Node* node = find(path);
  return node != nullptr && node->kind != Node::Kind::kNull;
}

Result<Config> Config::section(std::string_view path) const {
  const Node* node = find(path);
  const std::string full = full_path(path);
  if (node == nullptr) {
    return Error(ErrorCode::kNotFound, fmt::format("{}: missing section {}", doc_->source, full));
  }
  if (node->kind != Node::Kind::kMap) {
    return Error(ErrorCode::kValidation, fmt::format("{}: {}: expected a section, got {}",
                                                     where(*doc_, *node), full, shown(*node)));
  }
  return Config(doc_, node, full);
}

std::vector<std::string> Config::keys() const {
  std::vector<std::string> out;
  for (const Entry& entry : node_->entries) out.push_back(entry.key);
  return out;
}

Status Config::check_keys(std::span<const std::string_view> allowed) const {
  std::vector<std::string> problems;
  for (const Entry& entry : node_->entries) {
    if (std::find(allowed.begin(), allowed.end(), entry.key) != allowed.end()) continue;
    std::string location = !entry.value.env_var.empty() && entry.line == 0
                               ? fmt::format("environment variable {}", entry.value.env_var)
                               : fmt::format("{}:{}:{}", doc_->source, entry.line, entry.column);
    std::string problem = fmt::format("{}: unknown key {}", location, full_path(entry.key));
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only close matches
    for (const std::string_view candidate : allowed) {
      const std::size_t d = edit_distance(entry.key, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = candidate;
      }
    }
    if (!best.empty()) problem += fmt::format(" (did you mean {}?)", best);
    problems.push_back(std::move(problem));
  }
  if (problems.empty()) return ok_status();
  std::vector<std::string_view> sorted(allowed.begin(), allowed.end());
  std::sort(sorted.begin(), sorted.end());
  return Error(ErrorCode::kValidation,
               fmt::format("{}; allowed keys{}: {}", fmt::join(problems, "; "),
                           prefix_.empty() ? "" : " of " + prefix_, fmt::join(sorted, ", ")));
}

const std::string& Config::source() const {
  return doc_->source;
}

std::string Config::location(std::string_view path) const {
  const Node* node = find(path);
  return node == nullptr ? doc_->source : where(*doc_, *node);
}

Error Config::invalid(std::string_view path, std::string_view problem) const {
  return Error(ErrorCode::kValidation,
               fmt::format("{}: {}: {}", location(path), full_path(path), problem));
}

std::string Config::dump() const {
  std::string out;
  if (node_->kind == Node::Kind::kMap) {
    dump_children(*node_, 0, out);
  }
  return out;
}

// Every ConfigValue, so that callers link against these and config.hpp stays free of yaml-cpp.
template Result<std::string> Config::get<std::string>(std::string_view) const;
template Result<std::string> Config::get_or<std::string>(std::string_view, std::string) const;
template Result<std::vector<std::string>> Config::get<std::vector<std::string>>(
    std::string_view) const;
template Result<std::vector<std::string>> Config::get_or<std::vector<std::string>>(
    std::string_view, std::vector<std::string>) const;
template Result<bool> Config::get<bool>(std::string_view) const;
template Result<bool> Config::get_or<bool>(std::string_view, bool) const;
template Result<std::vector<bool>> Config::get<std::vector<bool>>(std::string_view) const;
template Result<std::vector<bool>> Config::get_or<std::vector<bool>>(std::string_view,
                                                                     std::vector<bool>) const;
template Result<std::int64_t> Config::get<std::int64_t>(std::string_view) const;
template Result<std::int64_t> Config::get_or<std::int64_t>(std::string_view, std::int64_t) const;
template Result<std::vector<std::int64_t>> Config::get<std::vector<std::int64_t>>(
    std::string_view) const;
template Result<std::vector<std::int64_t>> Config::get_or<std::vector<std::int64_t>>(
    std::string_view, std::vector<std::int64_t>) const;
template Result<double> Config::get<double>(std::string_view) const;
template Result<double> Config::get_or<double>(std::string_view, double) const;
template Result<std::vector<double>> Config::get<std::vector<double>>(std::string_view) const;
template Result<std::vector<double>> Config::get_or<std::vector<double>>(std::string_view,
                                                                         std::vector<double>) const;
template Result<Duration> Config::get<Duration>(std::string_view) const;
template Result<Duration> Config::get_or<Duration>(std::string_view, Duration) const;
template Result<std::vector<Duration>> Config::get<std::vector<Duration>>(std::string_view) const;
template Result<std::vector<Duration>> Config::get_or<std::vector<Duration>>(
    std::string_view, std::vector<Duration>) const;
template Result<Timestamp> Config::get<Timestamp>(std::string_view) const;
template Result<Timestamp> Config::get_or<Timestamp>(std::string_view, Timestamp) const;
template Result<std::vector<Timestamp>> Config::get<std::vector<Timestamp>>(std::string_view) const;
template Result<std::vector<Timestamp>> Config::get_or<std::vector<Timestamp>>(
    std::string_view, std::vector<Timestamp>) const;
template Result<Timeframe> Config::get<Timeframe>(std::string_view) const;
template Result<Timeframe> Config::get_or<Timeframe>(std::string_view, Timeframe) const;
template Result<std::vector<Timeframe>> Config::get<std::vector<Timeframe>>(std::string_view) const;
template Result<std::vector<Timeframe>> Config::get_or<std::vector<Timeframe>>(
    std::string_view, std::vector<Timeframe>) const;

}  // namespace omega
