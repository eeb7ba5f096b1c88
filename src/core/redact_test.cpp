#include "core/redact.hpp"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace omega {
namespace {

class RedactTest : public ::testing::Test {
 protected:
  void SetUp() override { clear_registered_secrets(); }
  void TearDown() override { clear_registered_secrets(); }
};

TEST_F(RedactTest, LeavesOrdinaryTextAloneWithoutCopying) {
  const std::vector<std::string> lines = {
      "order filled at 2026-01-02T12:30:00Z price=64123.5 qty=0.25 side=buy",
      "exchange.bitget.symbols: [BTC/USDT:USDT, ETH/USDT:USDT]",
      "GET https://api.bitget.com/api/v2/mix/market/candles?symbol=BTCUSDT&limit=100",
      "bot started: fibonacci trader v1.2.3 on host-01.example.org",
      "",
  };
  for (const std::string& line : lines) {
    std::string out = "untouched";
    EXPECT_FALSE(redact_into(line, out)) << line;
    EXPECT_EQ(out, "untouched");
    EXPECT_EQ(redact(line), line);
  }
}

TEST_F(RedactTest, MasksRegisteredSecretsOfEveryLength) {
  std::mt19937 rng(20260101);  // seeded: the same secrets every run
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (const std::size_t length : {1u, 2u, 7u, 16u, 32u, 64u, 200u}) {
    clear_registered_secrets();
    std::string secret;
    for (std::size_t i = 0; i < length; ++i) {
      secret += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    register_secret(secret);
    const std::string line = "connecting with " + secret + " to venue";
    const std::string out = redact(line);
    EXPECT_EQ(out.find(secret), std::string::npos) << "length " << length;
    EXPECT_NE(out.find("***"), std::string::npos);
  }
}

TEST_F(RedactTest, MasksEveryOccurrence) {
  register_secret("s3cr3t-value");
  EXPECT_EQ(redact("a=s3cr3t-value b=s3cr3t-value, s3cr3t-values3cr3t-value"), "a=*** b=***, ***");
}

TEST_F(RedactTest, MasksLongerSecretWholeWhenItContainsAShorterOne) {
  register_secret("abcdef");
  register_secret("abcdefghijkl");
  EXPECT_EQ(redact("x abcdefghijkl y abcdef z"), "x *** y *** z");
}

TEST_F(RedactTest, MasksPercentEncodedAndJsonEscapedForms) {
  register_secret("a+b/c=d\"e");
  EXPECT_EQ(redact("q=1&note=a%2Bb%2Fc%3Dd%22e&x=2").find("a%2B"), std::string::npos);
  EXPECT_EQ(redact(R"({"note":"a+b/c=d\"e"})"), R"({"note":"***"})");
  EXPECT_EQ(redact("raw a+b/c=d\"e end"), "raw *** end");
}

TEST_F(RedactTest, IgnoresEmptySecret) {
  register_secret("");
  EXPECT_EQ(registered_secret_count(), 0u);
  EXPECT_EQ(redact("nothing here"), "nothing here");
}

TEST_F(RedactTest, MasksKeyValuePatternsWithoutRegistration) {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::vector<Case> cases = {
      {"api_key=abc123XYZ", "api_key=***"},
      {"url?apiKey=abc123&symbol=BTCUSDT", "url?apiKey=***&symbol=BTCUSDT"},
      {R"({"secret":"hunter2 with space","x":1})", R"({"secret":"***","x":1})"},
      {R"({"apiSecret": "zzz"})", R"({"apiSecret": "***"})"},
      {R"(body {\"passphrase\":\"p@ss\"})", R"(body {\"passphrase\":\"***\"})"},
      {"passphrase: my-pass phrase", "passphrase: *** phrase"},
      {"password='pw;1'", "password='***'"},
      {"exchange.bitget.api_key: k-123", "exchange.bitget.api_key: ***"},
      {"discord.bot_token = tok.en.value", "discord.bot_token = ***"},
      {"ACCESS-KEY: bg_0123abcd", "ACCESS-KEY: ***"},
      {"ACCESS-SIGN: q1w2e3+/r4t5==, ACCESS-TIMESTAMP: 1700000000000",
       "ACCESS-SIGN: ***, ACCESS-TIMESTAMP: 1700000000000"},
      {"ACCESS-PASSPHRASE:pp", "ACCESS-PASSPHRASE:***"},
      {"X-MBX-APIKEY: vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
       "X-MBX-APIKEY: ***"},
      {"/api/v3/"
       "order?symbol=BTCUSDT&timestamp=1&signature="
       "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
       "/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=***"},
      {"sign=abcdef", "sign=***"},
      {"design=flat", "design=flat"},
  };
  for (const Case& c : cases) EXPECT_EQ(redact(c.in), c.out) << c.in;
}

TEST_F(RedactTest, MasksAuthorizationHeadersButKeepsTheScheme) {
  EXPECT_EQ(redact("Authorization: Bot abc.def.ghi"), "Authorization: Bot ***");
  EXPECT_EQ(redact("authorization: Bearer eyJabc"), "authorization: Bearer ***");
  EXPECT_EQ(redact(R"({"Authorization":"Bot xyz"})"), R"({"Authorization":"Bot ***"})");
  EXPECT_EQ(redact("Authorization: rawtoken"), "Authorization: ***");
  EXPECT_EQ(redact("sent with bearer abc123 today"), "sent with bearer *** today");
}

TEST_F(RedactTest, MasksTokenShapesWithoutAKey) {
  // Shape of a Discord bot token (not a real one) and of a JWT.
  const std::string discord =
      "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
  EXPECT_EQ(redact("token is " + discord + " ok"), "token is *** ok");
  EXPECT_EQ(redact("starting with " + discord), "starting with ***");
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_"
      "XgL0n3I9PlFUP0THsR8U";
  EXPECT_EQ(redact("jwt " + jwt), "jwt ***");
  EXPECT_EQ(redact("file core.redact.test and a.b.c"), "file core.redact.test and a.b.c");
}

TEST_F(RedactTest, RecognisesSensitiveKeys) {
  for (const char* key : {"api_key", "API-KEY", "apiKey", "secret", "client_secret", "passphrase",
                          "bot_token", "ACCESS-SIGN", "x-mbx-apikey", "signature", "password",
                          "private_key", "authorization", "sign"}) {
    EXPECT_TRUE(is_sensitive_key(key)) << key;
  }
  for (const char* key : {"symbol", "design", "key", "leverage", "timeframe", "api_url"}) {
    EXPECT_FALSE(is_sensitive_key(key)) << key;
  }
}

TEST_F(RedactTest, SeededRandomLinesNeverLeakRegisteredSecrets) {
  std::mt19937_64 rng(42);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 =:,\"{}-_./+";
  auto random_string = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      s += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    return s;
  };
  std::vector<std::string> secrets;
  for (int i = 0; i < 8; ++i) {
    // Appended piecewise: GCC 12 -O2 gives a false -Wstringop-overflow on "S" + to_string(i).
    std::string secret = fmt::format("S{}_", i);
    secret += random_string(static_cast<std::size_t>(6 + 5 * i));
    secrets.push_back(std::move(secret));
    register_secret(secrets.back());
  }
  for (int round = 0; round < 500; ++round) {
    std::string line = random_string(20);
    const auto& secret = secrets[static_cast<std::size_t>(round) % secrets.size()];
    line += secret + random_string(10) + secret + random_string(5);
    const std::string out = redact(line);
    for (const auto& s : secrets) ASSERT_EQ(out.find(s), std::string::npos) << line;
  }
}

TEST_F(RedactTest, IsThreadSafeWhileSecretsAreRegistered) {
  constexpr int kThreads = 4;
  constexpr int kSecrets = 50;
  std::vector<std::thread> threads;
  threads.emplace_back([] {
    for (int i = 0; i < kSecrets; ++i) register_secret("concurrent-secret-" + std::to_string(i));
  });
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([] {
      // A secret registered before this redact must be masked; later ones may or may not be yet.
      for (int i = 0; i < 2000; ++i) {
        const std::string out = redact("line with concurrent-secret-0 api_key=x");
        ASSERT_EQ(out.find("api_key=x"), std::string::npos);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(redact("concurrent-secret-49"), "***");
  EXPECT_EQ(redact("concurrent-secret-0 and concurrent-secret-17"), "*** and ***");
}

}  // namespace
}  // namespace omega
