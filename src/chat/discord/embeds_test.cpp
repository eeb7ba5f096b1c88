#include "chat/discord/embeds.hpp"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

std::size_t count_fences(std::string_view s) {
  std::size_t n = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.rfind("```", 0) == 0) ++n;
    start = end + 1;
  }
  return n;
}

std::string without_space(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
  }
  return out;
}

// Removes markers and code fences, which split_text adds, so only the text itself remains.
std::string strip(std::string s) {
  for (const std::string_view junk : {"*(continued)*", "```text", "```py", "```"}) {
    for (std::size_t p = s.find(junk); p != std::string::npos; p = s.find(junk)) {
      s.erase(p, junk.size());
    }
  }
  return without_space(s);
}

TEST(SplitText, ShortTextIsOnePieceAsItIs) {
  EXPECT_EQ(split_text("hello", 100), (std::vector<std::string>{"hello"}));
}

TEST(SplitText, CutsAtABlankLineThenALineThenAWord) {
  const std::string text = std::string(60, 'a') + "\n\n" + std::string(30, 'b');
  auto pieces = split_text(text, 80, "(c)");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], std::string(60, 'a'));
  EXPECT_EQ(pieces[1], "(c)\n" + std::string(30, 'b'));

  const std::string words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
  pieces = split_text(words, 40, "(c)");
  for (const auto& p : pieces) {
    EXPECT_LE(utf16_length(p), 40u);
    EXPECT_NE(p.back(), ' ');
  }
  EXPECT_EQ(pieces[0], "alpha beta gamma delta epsilon zeta");  // room kept for a fence
}

TEST(SplitText, KeepsCodeBlocksClosedAndReopensThem) {
  std::string text = "Levels:\n```text\n";
  for (int i = 0; i < 30; ++i) text += "0.618 | 61234.50\n";
  text += "```\nend";
  const auto pieces = split_text(text, 200, "*(continued)*");
  ASSERT_GT(pieces.size(), 2u);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_LE(utf16_length(pieces[i]), 200u);
    EXPECT_EQ(count_fences(pieces[i]) % 2, 0u) << pieces[i];
  }
  EXPECT_EQ(pieces[1].rfind("*(continued)*\n```text\n", 0), 0u);
  std::string all;
  for (const auto& p : pieces) all += p;
  EXPECT_EQ(strip(all), strip(text));
}

TEST(SplitText, NeverCutsInsideACharacter) {
  // One long word of euro signs and rockets: only hard cuts are possible.
  std::string text;
  for (int i = 0; i < 300; ++i) text += (i % 3 == 0) ? "🚀" : "€";
  const auto pieces = split_text(text, 50, "(c)");
  std::string joined;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_LE(utf16_length(pieces[i]), 50u);
    EXPECT_EQ(json_quote(pieces[i]).find("\xEF\xBF\xBD"), std::string::npos) << i;
    joined += i == 0 ? pieces[i] : pieces[i].substr(4);
  }
  EXPECT_EQ(joined, text);
}

// Property: seeded random texts of words, multibyte characters, lines, blank lines, long words
// and code blocks always split into pieces within the limit, with balanced fences, valid UTF-8,
// and nothing lost.
TEST(SplitText, SeededRandomTextsKeepEveryRule) {
  const std::vector<std::string> vocabulary = {
      "BTC/USDT",           "golden", "pocket", "0.618", "€", "🚀", "Fibonacci", "|", "→", "a",
      std::string(70, 'x'), "ção",    "日本語"};
  std::mt19937 rng(9);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    bool in_code = false;
    const int tokens = static_cast<int>(rng() % 600);
    for (int t = 0; t < tokens; ++t) {
      const unsigned r = rng() % 100;
      if (r < 6) {
        text += "\n";
      } else if (r < 8) {
        text += "\n\n";
      } else if (r < 10) {
        text += in_code ? "\n```\n" : "\n```py\n";
        in_code = !in_code;
      } else {
        text += vocabulary[rng() % vocabulary.size()] + " ";
      }
    }
    if (in_code) text += "\n```";
    const std::size_t max = 45 + rng() % 400;
    const auto pieces = split_text(text, max, "*(continued)*");
    SCOPED_TRACE(::testing::Message() << "round " << round << " max " << max);
    ASSERT_FALSE(pieces.empty());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      EXPECT_LE(utf16_length(pieces[i]), max) << pieces[i];
      EXPECT_EQ(count_fences(pieces[i]) % 2, 0u) << pieces[i];
      EXPECT_EQ(json_quote(pieces[i]).find("\xEF\xBF\xBD"), std::string::npos);
      if (i > 0) EXPECT_EQ(pieces[i].rfind("*(continued)*\n", 0), 0u);
    }
    std::string all;
    for (const auto& p : pieces) all += p;
    EXPECT_EQ(strip(all), strip(text));
  }
}

TEST(TruncateText, CutsAtAWordAndMarksIt) {
  EXPECT_EQ(truncate_text("short", 10), "short");
  EXPECT_EQ(truncate_text("the quick brown fox jumps", 20), "the quick brown fox…");
  EXPECT_LE(utf16_length(truncate_text(std::string(300, 'a'), 256)), 256u);
  const std::string rockets = "🚀🚀🚀🚀";
  EXPECT_EQ(truncate_text(rockets, 5), "🚀🚀…");
}

TEST(TablesToCodeBlocks, AlignsColumnsInACodeBlock) {
  const std::string text =
      "Xyko. BTC/USDT 1h\n| ratio | price |\n|-------|-------|\n| 0.236 | 61234.5 |\n"
      "| 0.5 | 60000 |\nbye";
  EXPECT_EQ(tables_to_code_blocks(text),
            "Xyko. BTC/USDT 1h\n```\nratio | price\n------+--------\n0.236 | 61234.5\n"
            "0.5   | 60000\n```\nbye");
  // Tables already inside a code block stay as they are.
  const std::string fenced = "```\n| a | b |\n```";
  EXPECT_EQ(tables_to_code_blocks(fenced), fenced);
}

MessageBody with_embed(Embed e) {
  MessageBody b;
  b.embeds.push_back(std::move(e));
  return b;
}

bool mentions(const std::vector<std::string>& problems, std::string_view what) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

TEST(MessageViolations, CatchesEveryLimit) {
  MessageBody content;
  content.content = std::string(2001, 'c');
  EXPECT_TRUE(mentions(message_violations(content), "content: has 2001 characters"));
  content.content = "  " + std::string(2000, 'c') + "\n ";  // measured after trimming
  EXPECT_TRUE(message_violations(content).empty());

  Embed e;
  e.title = std::string(257, 't');
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "embeds[0].title: has 257"));
  e = Embed();
  e.description = std::string(4097, 'd');
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "embeds[0].description: has 4097"));
  e = Embed();
  e.footer_text = std::string(2049, 'f');
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "footer.text: has 2049"));
  e = Embed();
  e.author_name = std::string(257, 'a');
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "author.name: has 257"));
  e = Embed();
  for (int i = 0; i < 26; ++i) e.fields.push_back({"n", "v"});
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "26 fields; the limit is 25"));
  e = Embed();
  e.fields.push_back({std::string(257, 'n'), std::string(1025, 'v')});
  e.fields.push_back({"", " "});
  const auto f = message_violations(with_embed(e));
  EXPECT_TRUE(mentions(f, "fields[0].name: has 257"));
  EXPECT_TRUE(mentions(f, "fields[0].value: has 1025"));
  EXPECT_TRUE(mentions(f, "fields[1].name: is empty"));
  EXPECT_TRUE(mentions(f, "fields[1].value: is empty"));

  MessageBody many;
  for (int i = 0; i < 11; ++i) many.embeds.push_back(Embed{"t"});
  EXPECT_TRUE(mentions(message_violations(many), "11 embeds; the limit is 10"));
  MessageBody total;
  for (int i = 0; i < 2; ++i) {
    Embed big;
    big.description = std::string(3001, 'x');
    total.embeds.push_back(big);
  }
  EXPECT_TRUE(mentions(message_violations(total), "6002 characters across embeds"));
  EXPECT_TRUE(mentions(message_violations(MessageBody()), "empty"));
  e = Embed();
  e.image_url = "attachment://chart.png";
  EXPECT_TRUE(mentions(message_violations(with_embed(e)), "'chart.png' is not attached"));
  MessageBody attached = with_embed(e);
  attached.attachments.push_back({0, "chart.png", "BTC"});
  EXPECT_TRUE(message_violations(attached).empty());
  MessageBody bad_flags;
  bad_flags.content = "x";
  bad_flags.flags = 128;
  EXPECT_TRUE(mentions(message_violations(bad_flags), "flags"));
}

TEST(MessageJson, WritesTheShapeDiscordExpects) {
  MessageBody b;
  b.content = "hi \"you\"";
  Embed e;
  e.title = "t";
  e.description = "d";
  e.color = 0x5865F2;
  e.author_name = "Xyko";
  e.footer_text = "omega";
  e.image_url = "attachment://chart.png";
  e.fields.push_back({"n", "v", true});
  b.embeds.push_back(e);
  b.attachments.push_back({0, "chart.png", "BTC 1h"});
  b.flags = kEphemeralFlag;
  EXPECT_EQ(
      message_json(b),
      R"({"content":"hi \"you\"","embeds":[{"type":"rich","title":"t","description":"d","color":5793266,)"
      R"("author":{"name":"Xyko"},"footer":{"text":"omega"},"image":{"url":"attachment://chart.png"},)"
      R"("fields":[{"name":"n","value":"v","inline":true}]}],"components":[],)"
      R"("attachments":[{"id":0,"filename":"chart.png","description":"BTC 1h"}],"flags":64,)"
      R"("allowed_mentions":{"parse":[]}})");
}

ChatReply reply_of(std::string text, bool ephemeral = false) {
  ChatReply r;
  r.outcome = ReplyOutcome::kAnswered;
  r.command = "fib";
  r.text = std::move(text);
  r.ephemeral = ephemeral;
  return r;
}

TEST(RenderReply, AShortReplyIsOneEmbedWithAuthorTitleColourAndFooter) {
  ReplyStyle style;
  style.author = "Xyko";
  style.title = "/fib BTC/USDT 1h";
  const auto out = render_reply(reply_of("| a | b |\n|---|---|\n| 1 | 2 |"), style);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].embeds.size(), 1u);
  const Embed& e = out[0].embeds[0];
  EXPECT_EQ(e.author_name, "Xyko");
  EXPECT_EQ(e.title, "/fib BTC/USDT 1h");
  EXPECT_EQ(e.description, "```\na | b\n--+--\n1 | 2\n```");
  EXPECT_EQ(e.color, 0x5865F2u);
  EXPECT_EQ(e.footer_text, "omega · /fib");
  EXPECT_EQ(out[0].flags, 0u);
}

TEST(RenderReply, PrivateRepliesAreEphemeralEverywhere) {
  ReplyStyle style;
  for (bool embeds : {true, false}) {
    style.use_embeds = embeds;
    for (const MessageBody& b : render_reply(reply_of(std::string(9000, 'x'), true), style)) {
      EXPECT_EQ(b.flags, kEphemeralFlag);
    }
  }
}

TEST(RenderReply, LongAnswersSplitAcrossEmbedsAndMessagesAndTruncateBeyondTheCap) {
  std::string text;
  for (int i = 0; i < 400; ++i)
    text += "Line " + std::to_string(i) + ": the golden pocket holds.\n";
  ReplyStyle style;
  style.author = "F";
  style.max_messages = 10;
  const auto out = render_reply(reply_of(text), style);
  ASSERT_GT(out.size(), 1u);
  std::size_t embeds = 0;
  for (const MessageBody& b : out) {
    EXPECT_TRUE(message_violations(b).empty());
    embeds += b.embeds.size();
  }
  EXPECT_GE(embeds, 4u);
  EXPECT_EQ(out.front().embeds.front().author_name, "F");
  EXPECT_EQ(out.back().embeds.back().footer_text, "omega · /fib");

  style.max_messages = 1;
  const auto capped = render_reply(reply_of(text), style);
  ASSERT_EQ(capped.size(), 1u);
  EXPECT_TRUE(message_violations(capped[0]).empty());
  EXPECT_NE(capped[0].embeds.back().footer_text.find("answer truncated:"), std::string::npos);
}

TEST(RenderReply, ContentModeKeepsTo2000Characters) {
  ReplyStyle style;
  style.use_embeds = false;
  style.max_messages = 2;
  const auto out =
      render_reply(reply_of(std::string(3000, 'w') + " " + std::string(3000, 'z')), style);
  ASSERT_EQ(out.size(), 2u);
  for (const MessageBody& b : out) {
    EXPECT_TRUE(b.embeds.empty());
    EXPECT_TRUE(message_violations(b).empty()) << message_violations(b).front();
  }
  EXPECT_NE(out[1].content.find("*(answer truncated:"), std::string::npos);
  EXPECT_EQ(out[1].content.rfind("*(continued)*\n", 0), 0u);
}

// Property: seeded replies of every size and shape render to bodies Discord accepts, as JSON
// that parses.
TEST(RenderReply, SeededRepliesAlwaysRenderWithinEveryLimit) {
  std::mt19937 rng(2026);
  simdjson::dom::parser parser;
  const std::vector<std::string> pieces = {"word ",
                                           "€uro ",
                                           "🚀 ",
                                           "\n",
                                           "\n\n",
                                           "| a | b |\n",
                                           "```\ncode line\n",
                                           "```\n",
                                           std::string(120, 'y')};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 3000);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    ReplyStyle style;
    style.use_embeds = (rng() % 2) == 0;
    style.max_messages = 1 + rng() % 6;
    style.author = std::string(rng() % 300, 'A');
    style.title = std::string(rng() % 300, 'T');
    ChatReply r = reply_of(text, rng() % 2 == 0);
    r.outcome = static_cast<ReplyOutcome>(rng() % 6);
    const auto out = render_reply(r, style);
    SCOPED_TRACE(::testing::Message() << "round " << round);
    ASSERT_FALSE(out.empty());
    EXPECT_LE(out.size(), style.max_messages);
    for (const MessageBody& b : out) {
      const auto problems = message_violations(b);
      EXPECT_TRUE(problems.empty()) << problems.front();
      for (const Embed& e : b.embeds) EXPECT_EQ(count_fences(e.description) % 2, 0u);
      EXPECT_EQ(count_fences(b.content) % 2, 0u);
      simdjson::dom::element doc;
      EXPECT_EQ(parser.parse(message_json(b)).get(doc), simdjson::SUCCESS);
    }
  }
}

}  // namespace
}  // namespace omega::chat::discord
