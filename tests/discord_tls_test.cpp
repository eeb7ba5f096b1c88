// TLS conformance tests: the bot, the REST client and the gateway client talk to the fake
// Discord over TLS (https:// and wss://, the resume URL included) with a CA and a server
// certificate made at test time with the OpenSSL API; the client trusts that CA through
// ca_file and sends SNI. Without the CA, or with a host name the certificate does not name,
// the handshake is refused with an error that says why.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "chat/chat_pipeline.hpp"
#include "chat/console/console_chat.hpp"
#include "chat/discord/bot/discord_bot.hpp"
#include "chat/discord/client/gateway_client.hpp"
#include "chat/discord/client/rest_client.hpp"
#include "chat/discord/fake/fake_discord.hpp"

namespace omega::chat::discord {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
constexpr milliseconds kWait{15'000};

// --- a throwaway PKI -------------------------------------------------------------------------

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

Key new_key() {
  return Key(EVP_EC_gen("P-256"));
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr) << value;
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `cn` with `key`, signed by `issuer`/`issuer_key` (self-signed when null).
Cert make_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool ca,
               const char* san, long serial) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600L);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (ca) {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_ext(cert.get(), signer, NID_subject_alt_name, san);
  }
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

void write_cert(const fs::path& file, X509* cert) {
  FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr) << file;
  PEM_write_X509(f, cert);
  std::fclose(f);
}

void write_key(const fs::path& file, EVP_PKEY* key) {
  FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr) << file;
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
}

// A test CA, a server certificate it signed for DNS:localhost only, and an unrelated CA.
struct Pki {
  fs::path dir = fs::path(OMEGA_TEST_TMP) / "discord_tls";
  fs::path ca = dir / "ca.pem";
  fs::path other_ca = dir / "other-ca.pem";
  fs::path cert = dir / "server.pem";
  fs::path key = dir / "server-key.pem";

  Pki() {
    fs::create_directories(dir);
    Key ca_key = new_key();
    Cert ca_cert = make_cert("Omega Test CA", ca_key.get(), nullptr, nullptr, true, nullptr, 1);
    Key server_key = new_key();
    Cert server = make_cert("localhost", server_key.get(), ca_cert.get(), ca_key.get(), false,
                            "DNS:localhost", 2);
    Key other_key = new_key();
    Cert other = make_cert("Someone Else CA", other_key.get(), nullptr, nullptr, true, nullptr, 3);
    write_cert(ca, ca_cert.get());
    write_cert(other_ca, other.get());
    write_cert(cert, server.get());
    write_key(key, server_key.get());
  }
};

const Pki& pki() {
  static const Pki p;
  return p;
}

fake::FakeDiscordConfig tls_config() {
  fake::FakeDiscordConfig c;
  c.tls_cert_file = pki().cert.string();
  c.tls_key_file = pki().key.string();
  return c;
}

RestOptions rest_options(const fake::FakeDiscord& fake, const fs::path& ca) {
  RestOptions o;
  o.api_base = fake.api_base();
  o.token = "fake-bot-token";
  o.ca_file = ca.string();
  o.max_attempts = 1;
  return o;
}

RestRequest get_me() {
  RestRequest r;
  r.path = "/users/@me";
  return r;
}

// --- tests -----------------------------------------------------------------------------------

TEST(DiscordTls, FakeServesHttpsAndWssUnderTheCertificatesHostName) {
  fake::FakeDiscord fake(tls_config());
  EXPECT_EQ(fake.api_base(), "https://localhost:" + std::to_string(fake.port()) + "/api/v10");
  EXPECT_EQ(fake.gateway_url(), "wss://localhost:" + std::to_string(fake.port()));
}

TEST(DiscordTls, BotRunsOverHttpsAndWssWithTheTestCaAndSendsSni) {
  fake::FakeDiscord fake(tls_config());
  const fs::path dir = fs::path(OMEGA_TEST_TMP) / "discord_tls";
  const fs::path chat_file = dir / "chat.yaml";
  std::ofstream(chat_file) << "chat:\n  default_persona: base\n";
  auto chat = ConsoleChat::open(OMEGA_DATA_DIR, chat_file,
                                [] { return Timestamp::from_ns(1'765'000'000'000'000'000LL); });
  ASSERT_TRUE(chat.ok()) << chat.error().to_string();
  DiscordBotConfig c;
  c.api_base = fake.api_base();
  c.token = "fake-bot-token";
  c.guild_id = fake.config().guild_id;
  c.ca_file = pki().ca.string();
  c.role_ids["1100000000000000100"] = Role::kTrader;
  c.manual_time = true;
  DiscordBot bot(c, chat->pipeline(), chat->symbols());
  auto started = bot.start();
  ASSERT_TRUE(started.ok()) << started.error().to_string();
  ASSERT_TRUE(bot.wait_ready(kWait));

  // A slash command over wss, answered over https.
  fake::SlashSpec s;
  s.command = "help";
  s.role_ids = {"1100000000000000100"};
  const auto h = fake.inject_interaction(s);
  ASSERT_TRUE(fake.wait_for(
      [&] {
        auto rec = fake.interaction(h.id);
        return rec && rec->acked_type == 4;
      },
      kWait));

  // Op 7: the bot resumes on resume_gateway_url, itself wss:// on the second TLS port.
  fake.send_reconnect();
  ASSERT_TRUE(fake.wait_for([&] { return fake.resume_count() == 1; }, kWait));
  const auto conns = fake.connections();
  ASSERT_EQ(conns.size(), 2U);
  EXPECT_FALSE(conns[0].resume_listener);
  EXPECT_TRUE(conns[1].resume_listener);
  EXPECT_TRUE(conns[1].resumed);

  // Every TLS connection succeeded and carried SNI = localhost.
  const auto handshakes = fake.tls_handshakes();
  ASSERT_GE(handshakes.size(), 3U) << "REST, gateway, resumed gateway";
  for (const auto& t : handshakes) {
    EXPECT_TRUE(t.ok) << t.error;
    EXPECT_EQ(t.server_name, "localhost");
  }
  bot.stop();
}

TEST(DiscordTls, UntrustedCertificateIsRefusedWithAClearErrorOnRestAndGateway) {
  fake::FakeDiscord fake(tls_config());
  // REST trusting another CA (and the system store): refused before any request is sent.
  RestClient rest(rest_options(fake, pki().other_ca));
  auto res = rest.send(get_me());
  ASSERT_FALSE(res.ok());
  const std::string message = res.error().message();
  EXPECT_NE(message.find("TLS handshake with localhost:" + std::to_string(fake.port())),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("certificate not trusted"), std::string::npos) << message;
  EXPECT_NE(message.find("ca_file"), std::string::npos) << message;
  EXPECT_TRUE(fake.rest_calls().empty()) << "nothing reached the server";

  // The gateway the same: the WebSocket never opens and the reason is in the snapshot.
  GatewayClientOptions o;
  o.session.token = "fake-bot-token";
  o.time = TimeMode::kManual;
  o.ca_file = pki().other_ca.string();
  GatewayClient gateway(o, nullptr);
  gateway.start(fake.gateway_url());
  ASSERT_TRUE(
      gateway.wait_for([](const GatewaySnapshot& s) { return !s.last_error.empty(); }, kWait));
  const auto snap = gateway.snapshot();
  EXPECT_NE(snap.last_error.find("certificate not trusted"), std::string::npos) << snap.last_error;
  EXPECT_FALSE(snap.connected);
  gateway.stop();
  EXPECT_TRUE(fake.connections().empty());
  for (const auto& t : fake.tls_handshakes()) EXPECT_FALSE(t.ok);
}

TEST(DiscordTls, CertificateForAnotherHostNameIsRefused) {
  fake::FakeDiscord fake(tls_config());
  // The CA is trusted, but the certificate names localhost, not 127.0.0.1.
  RestOptions o = rest_options(fake, pki().ca);
  o.api_base = "https://127.0.0.1:" + std::to_string(fake.port()) + "/api/v10";
  RestClient rest(o);
  auto res = rest.send(get_me());
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().message().find("TLS handshake with 127.0.0.1"), std::string::npos)
      << res.error().message();
  EXPECT_NE(res.error().message().find("does not name 127.0.0.1"), std::string::npos)
      << res.error().message();
  EXPECT_TRUE(fake.rest_calls().empty());
}

TEST(DiscordTls, MissingCaFileIsAConfigurationError) {
  fake::FakeDiscord fake(tls_config());
  RestClient rest(rest_options(fake, pki().dir / "no-such-ca.pem"));
  auto res = rest.send(get_me());
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().message().find("cannot read the CA file"), std::string::npos)
      << res.error().message();
  EXPECT_NE(res.error().message().find("no-such-ca.pem (ca_file)"), std::string::npos)
      << res.error().message();
  EXPECT_TRUE(fake.rest_calls().empty());
  // A file that is there but holds no certificate.
  const fs::path junk = pki().dir / "junk-ca.pem";
  std::ofstream(junk) << "not a certificate\n";
  RestClient junk_rest(rest_options(fake, junk));
  res = junk_rest.send(get_me());
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().message().find("junk-ca.pem (ca_file) is not a PEM certificate"),
            std::string::npos)
      << res.error().message();
}

}  // namespace
}  // namespace omega::chat::discord
