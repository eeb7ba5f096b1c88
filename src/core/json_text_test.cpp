// JSON string escaping: the escapes, UTF-8 passed through or replaced, and a seeded round trip
// through a strict decoder for arbitrary bytes.
#include "core/json_text.hpp"

#include <cstdint>
#include <optional>
#include <random>

#include <gtest/gtest.h>

namespace omega {
namespace {

// Returns true when `s` is well-formed UTF-8 (RFC 3629: shortest form, no surrogates, at most
// U+10FFFF), checked by ranges of the leading and continuation bytes (RFC 3629, section 4).
bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    if (k >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[k]);
    return b >= lo && b <= hi;
  };
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      i += 1;
    } else if (b >= 0xC2 && b <= 0xDF && in(i + 1, 0x80, 0xBF)) {
      i += 2;
    } else if (b == 0xE0 && in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) && in(i + 1, 0x80, 0xBF) &&
               in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (b == 0xED && in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (b == 0xF0 && in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) &&
               in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else if (b >= 0xF1 && b <= 0xF3 && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) &&
               in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else if (b == 0xF4 && in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) &&
               in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

// A strict decoder of a JSON string literal's inside (what the escaper may produce, and only
// that): returns nullopt on a raw control character, a bad escape or invalid UTF-8.
std::optional<std::string> decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"') return std::nullopt;
    if (c != '\\') {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (++i == s.size()) return std::nullopt;
    switch (s[i]) {
      case '"':
      case '\\':
      case '/':
        out.push_back(s[i]);
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        if (i + 4 >= s.size()) return std::nullopt;
        const std::string hex(s.substr(i + 1, 4));
        const auto cp = std::stoul(hex, nullptr, 16);
        if (cp >= 0x20) return std::nullopt;  // the escaper only \u-escapes control characters
        out.push_back(static_cast<char>(cp));
        i += 4;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

TEST(JsonTextTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_escape("a\"b\\c"), R"(a\"b\\c)");
  EXPECT_EQ(json_escape("\n\r\t\b\f"), R"(\n\r\t\b\f)");
  EXPECT_EQ(json_escape(std::string_view("\x00\x01\x1f", 3)), R"(\u0000\u0001\u001f)");
  EXPECT_EQ(json_escape("/ and \x7f stay"), "/ and \x7f stay");
  std::string out = "x=";
  append_json_string(out, "q\"");
  EXPECT_EQ(out, R"(x="q\"")");
}

TEST(JsonTextTest, ValidUtf8PassesAndInvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(json_escape("€ 🚀 ü"), "€ 🚀 ü");
  EXPECT_EQ(json_escape("a\xff"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(json_escape("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(json_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  EXPECT_EQ(json_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(json_escape("\xF4\x90\x80\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // beyond U+10FFFF
}

TEST(JsonTextTest, SeededRandomTextRoundTripsThroughAStrictDecoder) {
  std::mt19937_64 rng(20261207);
  // Pieces that exercise every branch: ASCII, escapes, controls, valid multi-byte sequences.
  const std::vector<std::string> pieces = {"a",    "Z", " ", "\"", "\\", "\n", "\t", "\x01",
                                           "\x1f", "é", "€", "🚀",  "{",  "}",  "/"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    const std::string escaped = json_escape(text);
    auto back = decode(escaped);
    ASSERT_TRUE(back.has_value()) << escaped;
    EXPECT_EQ(*back, text);
  }
  // Arbitrary bytes: the output is always valid UTF-8 JSON, and unchanged text when the input
  // was valid UTF-8.
  for (int round = 0; round < 5000; ++round) {
    std::string bytes;
    const int n = static_cast<int>(rng() % 24);
    for (int k = 0; k < n; ++k) bytes.push_back(static_cast<char>(rng() & 0xFF));
    const std::string escaped = json_escape(bytes);
    ASSERT_TRUE(is_utf8(escaped));
    auto back = decode(escaped);
    ASSERT_TRUE(back.has_value());
    if (is_utf8(bytes)) {
      EXPECT_EQ(*back, bytes);
    }
  }
}

}  // namespace
}  // namespace omega
