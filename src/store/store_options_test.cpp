// Store URLs and the store: configuration section, with the password from a secret.
#include "store/store_options.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

namespace omega::store {
namespace {

TEST(StoreOptionsTest, ParsesSqliteAndRedisUrls) {
  auto s = parse_store_url("sqlite:data/omega.db");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->backend, StoreOptions::Backend::kSqlite);
  EXPECT_EQ(s->sqlite.path, "data/omega.db");

  auto r = parse_store_url("redis://bot:pw@10.0.0.5:6380/2?prefix=omega:farm1:");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->backend, StoreOptions::Backend::kRedis);
  EXPECT_EQ(r->redis.host, "10.0.0.5");
  EXPECT_EQ(r->redis.port, 6380);
  EXPECT_EQ(r->redis.db, 2);
  EXPECT_EQ(r->redis.username, "bot");
  EXPECT_EQ(r->redis.password, "pw");
  EXPECT_EQ(r->redis.key_prefix, "omega:farm1:");
  EXPECT_EQ(describe(*r).find("pw"), std::string::npos) << describe(*r);
}

TEST(StoreOptionsTest, RejectsBadUrlsWithoutEchoingThem) {
  for (const char* url :
       {"mysql://x", "redis://", "redis://h:99999", "sqlite:", "redis://h?prefix=other:"}) {
    auto r = parse_store_url(url);
    EXPECT_FALSE(r.ok()) << url;
  }
  auto r = parse_store_url("redis://u:hunter2@h:notaport");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string().find("hunter2"), std::string::npos);
}

TEST(StoreOptionsTest, ReadsConfigWithSecretPassword) {
  ::setenv("OMEGA_STORE_TEST_REDIS_PASSWORD", "s3cr3t-value", 1);
  auto config = Config::parse(R"(
store:
  url: redis://127.0.0.1:6390
  username: omega-bot
  password: {secret_env: OMEGA_STORE_TEST_REDIS_PASSWORD}
  when_down: buffer
  command_timeout: 250ms
)",
                              "test.yaml");
  ASSERT_TRUE(config.ok()) << config.error().to_string();
  auto section = config->section("store");
  ASSERT_TRUE(section.ok());
  auto options = store_options_from_config(*section);
  ASSERT_TRUE(options.ok()) << options.error().to_string();
  EXPECT_EQ(options->redis.password, "s3cr3t-value");
  EXPECT_EQ(options->redis.username, "omega-bot");
  EXPECT_EQ(options->redis.when_down, WhenDown::kBuffer);
  EXPECT_EQ(options->redis.command_timeout.count(), 250);
  EXPECT_EQ(describe(*options).find("s3cr3t"), std::string::npos);

  auto bad = Config::parse("store:\n  url: sqlite:x.db\n  when_down: maybe\n", "bad.yaml");
  ASSERT_TRUE(bad.ok());
  auto err = store_options_from_config(*bad->section("store"));
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.error().to_string().find("when_down"), std::string::npos);
}

}  // namespace
}  // namespace omega::store
