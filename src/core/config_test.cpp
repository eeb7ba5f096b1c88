#include "core/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/redact.hpp"

namespace omega {
namespace {

// Sets an environment variable for one scope and restores the previous state.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str()); old != nullptr) old_ = old;
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

std::filesystem::path temp_path(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(OMEGA_TEST_TMP) / "config_test";
  std::filesystem::create_directories(dir);
  return dir / name;
}

std::filesystem::path write_file(const std::string& name, const std::string& content) {
  const auto path = temp_path(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

constexpr const char* kYaml = R"(# a bot farm configuration
exchange:
  bitget:
    base_url: https://api.bitget.com
    api_key: plain-key-in-file
    recv_window: 5s
    testnet: false
risk:
  max_leverage: 3
  max_drawdown: 0.125
  cooldown: 1h30m
backtest:
  start: 2024-01-01T00:00:00Z
  timeframe: 4h
symbols: [BTC/USDT:USDT, ETH/USDT:USDT]
timeframes:
  - 1m
  - 1h
weights: [1, 2, 3]
optional_section:
nothing: ~
)";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { clear_registered_secrets(); }
  void TearDown() override { clear_registered_secrets(); }
};

Config load(const std::string& yaml, const ConfigOptions& options = {}) {
  auto config = Config::parse(yaml, "test.yaml", options);
  EXPECT_TRUE(config.ok()) << config.error().to_string();
  return config.ok() ? std::move(config).value() : Config();
}

TEST_F(ConfigTest, TypedGetters) {
  const Config config = load(kYaml);
  EXPECT_EQ(config.get<std::string>("exchange.bitget.base_url").value(), "https://api.bitget.com");
  EXPECT_EQ(config.get<std::int64_t>("risk.max_leverage").value(), 3);
  EXPECT_DOUBLE_EQ(config.get<double>("risk.max_drawdown").value(), 0.125);
  EXPECT_DOUBLE_EQ(config.get<double>("risk.max_leverage").value(), 3.0);
  EXPECT_FALSE(config.get<bool>("exchange.bitget.testnet").value());
  EXPECT_EQ(config.get<Duration>("risk.cooldown").value(), std::chrono::minutes(90));
  EXPECT_EQ(config.get<Duration>("exchange.bitget.recv_window").value(), std::chrono::seconds(5));
  EXPECT_EQ(config.get<Timestamp>("backtest.start").value(), parse_iso8601("2024-01-01").value());
  EXPECT_EQ(config.get<Timeframe>("backtest.timeframe").value(), Timeframe::h4());
  EXPECT_EQ(config.get<std::vector<std::string>>("symbols").value(),
            (std::vector<std::string>{"BTC/USDT:USDT", "ETH/USDT:USDT"}));
  EXPECT_EQ(config.get<std::vector<Timeframe>>("timeframes").value(),
            (std::vector<Timeframe>{Timeframe::m1(), Timeframe::h1()}));
  EXPECT_EQ(config.get<std::vector<std::int64_t>>("weights").value(),
            (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(config.get<std::string>("symbols.1").value(), "ETH/USDT:USDT");
  EXPECT_EQ(config.source(), "test.yaml");
}

TEST_F(ConfigTest, BoolSpellings) {
  const Config config = load("a: true\nb: No\nc: on\nd: OFF\ne: maybe\n");
  EXPECT_TRUE(config.get<bool>("a").value());
  EXPECT_FALSE(config.get<bool>("b").value());
  EXPECT_TRUE(config.get<bool>("c").value());
  EXPECT_FALSE(config.get<bool>("d").value());
  EXPECT_FALSE(config.get<bool>("e").ok());
}

TEST_F(ConfigTest, OptionalValuesFallBackOnlyWhenMissingOrNull) {
  const Config config = load(kYaml);
  EXPECT_EQ(config.get_or<std::int64_t>("risk.max_positions", 5).value(), 5);
  EXPECT_EQ(config.get_or<std::string>("nothing", "dflt").value(), "dflt");
  EXPECT_EQ(config.get_or<Duration>("optional_section", std::chrono::seconds(1)).value(),
            std::chrono::seconds(1));
  EXPECT_EQ(config.get_or<std::int64_t>("risk.max_leverage", 1).value(), 3);
  EXPECT_EQ(config.get_or<std::vector<std::string>>("missing.list", {"x"}).value(),
            (std::vector<std::string>{"x"}));
  // Present but wrong: an error, never the fallback.
  const auto wrong = config.get_or<std::int64_t>("risk.max_drawdown", 1);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("risk.max_drawdown"), std::string::npos);
  EXPECT_TRUE(config.has("risk.cooldown"));
  EXPECT_FALSE(config.has("nothing"));
  EXPECT_FALSE(config.has("risk.nope"));
}

TEST_F(ConfigTest, MissingRequiredKeyNamesThePath) {
  const Config config = load(kYaml);
  const auto missing = config.get<std::string>("exchange.binance.api_key");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message(), "test.yaml: missing required key exchange.binance.api_key");
  const auto null_value = config.get<std::string>("nothing");
  ASSERT_FALSE(null_value.ok());
  EXPECT_EQ(null_value.error().message(), "test.yaml:21:10: required key nothing is null");
}

TEST_F(ConfigTest, WrongTypeNamesPathFileLineAndColumn) {
  const Config config = load(kYaml);
  const auto leverage = config.get<std::int64_t>("risk.max_drawdown");
  ASSERT_FALSE(leverage.ok());
  EXPECT_EQ(leverage.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(leverage.error().message(),
            "test.yaml:10:17: risk.max_drawdown: expected an integer, got '0.125'");
  const auto timeframe = config.get<Timeframe>("risk.cooldown");
  ASSERT_FALSE(timeframe.ok());
  EXPECT_NE(
      timeframe.error().message().find("test.yaml:11:13: risk.cooldown: expected a timeframe"),
      std::string::npos)
      << timeframe.error().message();
  const auto list_item = config.get<std::vector<std::int64_t>>("symbols");
  ASSERT_FALSE(list_item.ok());
  EXPECT_NE(list_item.error().message().find("test.yaml:15:11: symbols.0: expected an integer"),
            std::string::npos)
      << list_item.error().message();
  const auto section_as_string = config.get<std::string>("risk");
  ASSERT_FALSE(section_as_string.ok());
  EXPECT_NE(section_as_string.error().message().find("got a section"), std::string::npos);
}

TEST_F(ConfigTest, NumbersAreStrict) {
  const Config numbers = load("a: +5\nb: +-5\nc: 5x\nd: .inf\ne: -2.5e-3\nf: ''\n");
  EXPECT_EQ(numbers.get<std::int64_t>("a").value(), 5);
  EXPECT_FALSE(numbers.get<std::int64_t>("b").ok());
  EXPECT_FALSE(numbers.get<std::int64_t>("c").ok());
  EXPECT_FALSE(numbers.get<double>("d").ok());
  EXPECT_DOUBLE_EQ(numbers.get<double>("e").value(), -0.0025);
  EXPECT_FALSE(numbers.get<double>("f").ok());
}

TEST_F(ConfigTest, IntegerOverflowIsAnError) {
  const Config config = load("big: 99999999999999999999\n");
  const auto big = config.get<std::int64_t>("big");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message().find("out of range"), std::string::npos);
}

TEST_F(ConfigTest, BadYamlSyntaxGivesFileLineAndColumn) {
  const auto path = write_file("bad.yaml", "risk:\n  max_leverage: 3\n  bad: [1, 2\nother: x\n");
  const auto config = Config::load_file(path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code(), ErrorCode::kParse);
  const std::string message = config.error().message();
  EXPECT_EQ(message.rfind(path.string() + ":", 0), 0u) << message;
  EXPECT_NE(message.find("invalid YAML"), std::string::npos) << message;

  const auto tabs = Config::parse("a:\n\tb: 1\n", "tabs.yaml");
  ASSERT_FALSE(tabs.ok());
  EXPECT_EQ(tabs.error().message().rfind("tabs.yaml:2:", 0), 0u) << tabs.error().message();
}

TEST_F(ConfigTest, MissingFileIsNotFound) {
  const auto config = Config::load_file(temp_path("does-not-exist.yaml"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(config.error().message().find("does-not-exist.yaml"), std::string::npos);
}

TEST_F(ConfigTest, DuplicateKeysAreRejected) {
  const auto config = Config::parse("risk:\n  max_leverage: 3\n  max_leverage: 20\n", "dup.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message(),
            "dup.yaml:3:3: duplicate key risk.max_leverage (first defined at line 2)");
}

TEST_F(ConfigTest, MergeKeysAndSelfReferencingAliasesAreRejected) {
  const auto merge = Config::parse("base: &b {x: 1}\nderived:\n  <<: *b\n", "m.yaml");
  ASSERT_FALSE(merge.ok());
  EXPECT_EQ(merge.error().message().rfind("m.yaml:3:3: YAML merge keys (<<) are not supported", 0),
            0u)
      << merge.error().message();
  const auto cycle = Config::parse("a: &x\n  b: *x\n", "c.yaml");
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.error().message().find("nests deeper than 64 levels"), std::string::npos);
}

TEST_F(ConfigTest, TopLevelMustBeAMapping) {
  EXPECT_FALSE(Config::parse("- a\n- b\n", "list.yaml").ok());
  EXPECT_TRUE(Config::parse("", "empty.yaml").ok());
}

TEST_F(ConfigTest, EnvironmentOverridesWinOverTheFile) {
  const ScopedEnv key("OMEGA_EXCHANGE__BITGET__API_KEY", "key-from-env");
  const ScopedEnv leverage("OMEGA_RISK__MAX_LEVERAGE", "5");
  const ScopedEnv created("omega_Risk__Max_Positions", "7");
  const ScopedEnv list("OMEGA_SYMBOLS", "[SOL/USDT:USDT]");
  const Config config = load(kYaml);
  EXPECT_EQ(config.get<std::string>("exchange.bitget.api_key").value(), "key-from-env");
  EXPECT_EQ(config.get<std::int64_t>("risk.max_leverage").value(), 5);
  EXPECT_EQ(config.get<std::int64_t>("risk.max_positions").value(), 7);
  EXPECT_EQ(config.get<std::vector<std::string>>("symbols").value(),
            (std::vector<std::string>{"SOL/USDT:USDT"}));
  // Untouched values still come from the file.
  EXPECT_EQ(config.get<Duration>("risk.cooldown").value(), std::chrono::minutes(90));
  const std::string dump = config.dump();
  EXPECT_NE(dump.find("max_leverage: 5  # from OMEGA_RISK__MAX_LEVERAGE"), std::string::npos)
      << dump;

  ConfigOptions no_env;
  no_env.apply_env = false;
  EXPECT_EQ(load(kYaml, no_env).get<std::int64_t>("risk.max_leverage").value(), 3);
}

TEST_F(ConfigTest, EnvironmentOverrideMatchesKeysCaseInsensitively) {
  const ScopedEnv env("OMEGA_RISK__MAXLEVERAGE", "9");
  const Config config = load("risk:\n  maxLeverage: 2\n");
  EXPECT_EQ(config.get<std::int64_t>("risk.maxLeverage").value(), 9);
  EXPECT_EQ(config.section("risk").value().keys(), (std::vector<std::string>{"maxLeverage"}));
}

TEST_F(ConfigTest, EnvironmentOverrideErrorsNameTheVariable) {
  {
    const ScopedEnv env("OMEGA_RISK__MAX_LEVERAGE", "ten");
    const auto value = load(kYaml).get<std::int64_t>("risk.max_leverage");
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().message(),
              "environment variable OMEGA_RISK__MAX_LEVERAGE: risk.max_leverage: expected an "
              "integer, got 'ten'");
  }
  {
    const ScopedEnv env("OMEGA_RISK__MAX_LEVERAGE__X", "1");
    const auto config = Config::parse(kYaml, "test.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message().find("environment variable OMEGA_RISK__MAX_LEVERAGE__X"),
              std::string::npos)
        << config.error().message();
    EXPECT_NE(config.error().message().find("test.yaml:9:17"), std::string::npos);
  }
  {
    const ScopedEnv env("OMEGA_RISK", "high");
    const auto config = Config::parse(kYaml, "test.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message().find("environment variable OMEGA_RISK: risk is a section"),
              std::string::npos)
        << config.error().message();
  }
  {
    const ScopedEnv env("OMEGA_RISK____X", "1");
    const auto config = Config::parse(kYaml, "test.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message().find("OMEGA_RISK____X: empty key segment"),
              std::string::npos);
  }
}

TEST_F(ConfigTest, SecretsFromEnvironmentAndFile) {
  const ScopedEnv secret_env("OMEGA_TEST_BITGET_SECRET", "env-secret-value-1234");
  const auto secret_file = write_file("passphrase", "file-passphrase-5678\n");
  const std::string yaml =
      "exchange:\n  bitget:\n    api_secret: {secret_env: OMEGA_TEST_BITGET_SECRET}\n"
      "    passphrase:\n      secret_file: " +
      secret_file.string() + "\n";
  // OMEGA_TEST_BITGET_SECRET has the override prefix but, being named by secret_env, is not an
  // override of a key "test_bitget_secret".
  const Config config = load(yaml);
  EXPECT_FALSE(config.has("test_bitget_secret"));
  EXPECT_EQ(config.get<std::string>("exchange.bitget.api_secret").value(), "env-secret-value-1234");
  EXPECT_EQ(config.get<std::string>("exchange.bitget.passphrase").value(), "file-passphrase-5678");

  // Registered with the redactor.
  EXPECT_EQ(redact("sig env-secret-value-1234 and file-passphrase-5678"), "sig *** and ***");

  // Never printed.
  const std::string dump = config.dump();
  EXPECT_EQ(dump.find("env-secret-value-1234"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("file-passphrase-5678"), std::string::npos) << dump;
  EXPECT_NE(dump.find("api_secret: \"***\""), std::string::npos) << dump;
  EXPECT_EQ(config.to_string(), dump);

  // Nor in conversion errors.
  const auto wrong = config.get<std::int64_t>("exchange.bitget.api_secret");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message().find("env-secret-value-1234"), std::string::npos);
  EXPECT_NE(wrong.error().message().find("got ***"), std::string::npos);
}

TEST_F(ConfigTest, OverrideOfASecretReferenceStaysSecret) {
  const ScopedEnv override_env("OMEGA_EXCHANGE__BITGET__PASSPHRASE", "override-pass-42");
  const Config config =
      load("exchange:\n  bitget:\n    passphrase: {secret_env: OMEGA_TEST_UNSET_VARIABLE}\n");
  EXPECT_EQ(config.get<std::string>("exchange.bitget.passphrase").value(), "override-pass-42");
  EXPECT_EQ(config.dump().find("override-pass-42"), std::string::npos);
  EXPECT_EQ(redact("x override-pass-42 y"), "x *** y");
}

TEST_F(ConfigTest, PlainValuesUnderCredentialKeysAreMasked) {
  const Config config = load(kYaml);
  const std::string dump = config.dump();
  EXPECT_EQ(dump.find("plain-key-in-file"), std::string::npos) << dump;
  EXPECT_NE(dump.find("base_url: \"https://api.bitget.com\""), std::string::npos) << dump;
  EXPECT_EQ(redact("plain-key-in-file"), "***");
}

TEST_F(ConfigTest, MissingSecretsAreClearErrors) {
  {
    const auto config = Config::parse(
        "discord:\n  bot_token: {secret_env: OMEGA_TEST_DEFINITELY_UNSET}\n", "s.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(config.error().message(),
              "s.yaml:2:14: discord.bot_token: secret environment variable "
              "OMEGA_TEST_DEFINITELY_UNSET is not set");
  }
  {
    const auto missing = temp_path("no-such-secret");
    const auto config =
        Config::parse("discord:\n  bot_token: {secret_file: " + missing.string() + "}\n", "s.yaml");
    ASSERT_FALSE(config.ok());
    const std::string text = config.error().to_string();
    EXPECT_NE(text.find("discord.bot_token"), std::string::npos) << text;
    EXPECT_NE(text.find(missing.string()), std::string::npos) << text;
  }
  {
    const ScopedEnv empty("OMEGA_TEST_EMPTY_SECRET", "");
    const auto config =
        Config::parse("a:\n  token: {secret_env: OMEGA_TEST_EMPTY_SECRET}\n", "s.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message().find("is empty"), std::string::npos);
  }
  {
    const auto config = Config::parse("a:\n  token: {secret_env: X, other: 1}\n", "s.yaml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.error().message().find("a.token: a secret reference is exactly one of"),
              std::string::npos)
        << config.error().message();
  }
}

TEST_F(ConfigTest, UnknownKeysAreReportedWithLineAndSuggestion) {
  const Config config = load(
      "exchange:\n  bitget:\n    api_key: k\n    api_secert: s\n    passphrase: p\n    "
      "leverage_max: 3\n");
  const Config bitget = config.section("exchange.bitget").value();
  EXPECT_EQ(bitget.path(), "exchange.bitget");
  const Status status = bitget.check_keys({"api_key", "api_secret", "passphrase"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(),
            "test.yaml:4:5: unknown key exchange.bitget.api_secert (did you mean api_secret?); "
            "test.yaml:6:5: unknown key exchange.bitget.leverage_max; allowed keys of "
            "exchange.bitget: api_key, api_secret, passphrase");
  EXPECT_TRUE(config.section("exchange").value().check_keys({"bitget"}).ok());
  EXPECT_EQ(bitget.get<std::string>("api_key").value(), "k");
  const auto wrong = bitget.get<std::int64_t>("passphrase");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("exchange.bitget.passphrase"), std::string::npos);
}

TEST_F(ConfigTest, UnknownKeyFromEnvironmentNamesTheVariable) {
  const ScopedEnv env("OMEGA_RISK__MAX_LEVRAGE", "4");
  const Config config = load(kYaml);
  const Status status =
      config.section("risk").value().check_keys({"max_leverage", "max_drawdown", "cooldown"});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("environment variable OMEGA_RISK__MAX_LEVRAGE: unknown "
                                          "key risk.max_levrage (did you mean max_leverage?)"),
            std::string::npos)
      << status.error().message();
}

TEST_F(ConfigTest, CallerRulesReportLocations) {
  const ScopedEnv env("OMEGA_RISK__MAX_DRAWDOWN", "0.9");
  const Config config = load(kYaml);
  EXPECT_EQ(config.location("risk.max_leverage"), "test.yaml:9:17");
  EXPECT_EQ(config.location("risk.max_drawdown"), "environment variable OMEGA_RISK__MAX_DRAWDOWN");
  EXPECT_EQ(config.location("risk.nope"), "test.yaml");
  const Config risk = config.section("risk").value();
  const Error error = risk.invalid("max_leverage", "must be between 1 and 2");
  EXPECT_EQ(error.code(), ErrorCode::kValidation);
  EXPECT_EQ(error.message(), "test.yaml:9:17: risk.max_leverage: must be between 1 and 2");
}

TEST_F(ConfigTest, SectionErrors) {
  const Config config = load(kYaml);
  EXPECT_EQ(config.section("nope").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(config.section("symbols").error().code(), ErrorCode::kValidation);
  const Config empty;
  EXPECT_FALSE(empty.has("a"));
  EXPECT_EQ(empty.get_or<bool>("a", true).value(), true);
}

}  // namespace
}  // namespace omega

namespace omega {
namespace {

TEST(ConfigReservedEnv, ProcessSettingsAreNotOverrides) {
  ::setenv("OMEGA_TEST_HARNESS_URL", "redis://127.0.0.1:1", 1);
  ::setenv("OMEGA_DATA_DIR", "/tmp/omega-data", 1);
  ::setenv("OMEGA_SLOW_TESTS", "1", 1);
  const auto config = Config::parse("period: 3\n", "params.yaml");
  ::unsetenv("OMEGA_TEST_HARNESS_URL");
  ::unsetenv("OMEGA_DATA_DIR");
  ::unsetenv("OMEGA_SLOW_TESTS");
  ASSERT_TRUE(config.ok()) << config.error().to_string();
  EXPECT_TRUE(config->check_keys({"period"}).ok());
  EXPECT_FALSE(config->get<std::string>("data_dir").ok());
  EXPECT_FALSE(config->get<std::string>("test_harness_url").ok());
}

}  // namespace
}  // namespace omega
