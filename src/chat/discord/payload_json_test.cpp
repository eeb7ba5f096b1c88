#include "chat/discord/payload_json.hpp"

#include <random>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace omega::chat::discord {
namespace {

TEST(JsonWriter, WritesNestedDocumentsWithCommas) {
  JsonWriter w;
  w.begin_object();
  w.key("a").value(1).key("b").begin_array().value("x").value(true).null().end_array();
  w.key("c").begin_object().end_object();
  w.key("n").raw("0.010");
  w.end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",true,null],"c":{},"n":0.010})");
}

TEST(JsonQuote, EscapesControlCharactersQuotesAndBackslashes) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
}

TEST(JsonQuote, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json_quote("€ 🚀"), "\"€ 🚀\"");
  EXPECT_EQ(json_quote("a\xff"
                       "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  // A truncated sequence, an overlong '/', and a UTF-16 surrogate encoded in UTF-8.
  EXPECT_EQ(json_quote("\xE2\x82"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(json_quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonQuote, SeededRandomBytesAlwaysGiveJsonThatParsesBack) {
  std::mt19937 rng(20261122);
  simdjson::dom::parser parser;
  for (int round = 0; round < 500; ++round) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    const std::string doc = json_quote(bytes);
    std::string_view back;
    ASSERT_EQ(parser.parse(doc).get_string().get(back), simdjson::SUCCESS) << round;
    if (utf16_length(bytes) == bytes.size()) continue;
    EXPECT_GE(back.size(), 1u);
  }
}

TEST(Utf16Length, CountsAstralCharactersTwice) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("€"), 1u);  // 3 bytes, one unit
  EXPECT_EQ(utf16_length("🚀"), 2u);  // 4 bytes, a surrogate pair
  EXPECT_EQ(utf16_length("\xff"), 1u);
}

TEST(Utf8PrefixForUnits, NeverCutsInsideASequence) {
  const std::string s = "a€🚀b";  // units: 1, 1, 2, 1
  EXPECT_EQ(utf8_prefix_for_units(s, 0), 0u);
  EXPECT_EQ(utf8_prefix_for_units(s, 1), 1u);
  EXPECT_EQ(utf8_prefix_for_units(s, 2), 4u);
  EXPECT_EQ(utf8_prefix_for_units(s, 3), 4u);  // the rocket needs two units
  EXPECT_EQ(utf8_prefix_for_units(s, 4), 8u);
  EXPECT_EQ(utf8_prefix_for_units(s, 99), s.size());
}

}  // namespace
}  // namespace omega::chat::discord
