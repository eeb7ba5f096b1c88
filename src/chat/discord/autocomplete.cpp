#include "chat/discord/autocomplete.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// Upper case without separators: "btc/usdt:usdt" -> "BTCUSDTUSDT".
std::string compact(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '/' || c == ':' || c == '-' || c == '_' || c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Returns the rank of `symbol` for the typed text (0 best), or -1 when it does not match.
int rank_of(const std::string& typed, const std::string& typed_compact, const std::string& sym) {
  const std::string s = upper(sym);
  const std::string c = compact(sym);
  if (s == typed || (!typed_compact.empty() && c == typed_compact)) return 0;
  if (s.rfind(typed, 0) == 0) return 1;
  if (!typed_compact.empty() && c.rfind(typed_compact, 0) == 0) return 2;
  if (s.find(typed) != std::string::npos) return 3;
  if (!typed_compact.empty() && c.find(typed_compact) != std::string::npos) return 4;
  return -1;
}

}  // namespace

std::vector<AutocompleteChoice> rank_symbols(std::string_view partial,
                                             std::span<const std::string> symbols,
                                             std::size_t limit) {
  limit = std::min(limit, kAutocompleteMax);
  std::string typed = upper(partial);
  typed.erase(0, typed.find_first_not_of(' '));
  typed.erase(typed.find_last_not_of(' ') + 1);
  const std::string typed_compact = compact(typed);
  struct Hit {
    int rank;
    const std::string* symbol;
    std::size_t order;
  };
  std::vector<Hit> hits;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::string& s = symbols[i];
    if (s.empty() || utf16_length(s) > 100 || !seen.insert(s).second) continue;
    const int r = typed.empty() ? 0 : rank_of(typed, typed_compact, s);
    if (r >= 0) hits.push_back({r, &s, i});
  }
  const bool keep_order = typed.empty();
  std::stable_sort(hits.begin(), hits.end(), [keep_order](const Hit& a, const Hit& b) {
    if (keep_order) return a.order < b.order;
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.symbol->size() != b.symbol->size()) return a.symbol->size() < b.symbol->size();
    return *a.symbol < *b.symbol;
  });
  std::vector<AutocompleteChoice> out;
  for (std::size_t i = 0; i < hits.size() && out.size() < limit; ++i) {
    out.push_back({*hits[i].symbol, *hits[i].symbol});
  }
  return out;
}

std::vector<AutocompleteChoice> autocomplete_choices(const Interaction& interaction,
                                                     std::span<const std::string> symbols) {
  const InteractionOption* focused = interaction.focused_option();
  if (focused == nullptr || focused->name != "symbol") return {};
  return rank_symbols(focused->value, symbols);
}

}  // namespace omega::chat::discord
