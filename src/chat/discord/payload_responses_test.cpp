#include "chat/discord/payload_responses.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

namespace omega::chat::discord {
namespace {

namespace dom = simdjson::dom;

MessageBody text_body(std::string text, std::uint32_t flags = 0) {
  MessageBody b;
  b.content = std::move(text);
  b.flags = flags;
  return b;
}

TEST(InteractionResponses, MessageDeferredUpdateAndAutocompleteBodies) {
  EXPECT_EQ(message_response(text_body("hi", kEphemeralFlag)),
            R"({"type":4,"data":{"content":"hi","embeds":[],"components":[],"flags":64,)"
            R"("allowed_mentions":{"parse":[]}}})");
  EXPECT_EQ(deferred_response(false), R"({"type":5})");
  EXPECT_EQ(deferred_response(true), R"({"type":5,"data":{"flags":64}})");
  EXPECT_EQ(deferred_update_response(), R"({"type":6})");
  MessageBody confirmed = text_body("Confirmed");
  confirmed.components.push_back(
      disabled_row(*confirmation_row("p1", "7"), ConfirmDecision::kConfirm));
  const std::string update = update_message_response(confirmed);
  EXPECT_EQ(update.rfind(R"({"type":7,"data":{"content":"Confirmed")", 0), 0u);
  EXPECT_NE(update.find(R"("label":"Confirmed","custom_id":"omega:confirm:p1:7","disabled":true)"),
            std::string::npos);
}

TEST(InteractionResponses, AutocompleteResultKeepsDiscordsLimits) {
  std::vector<AutocompleteChoice> choices;
  for (int i = 0; i < 30; ++i) choices.push_back({"S" + std::to_string(i), "v"});
  choices[0] = {std::string(150, 'n'), std::string(99, 'x') + "€€"};
  choices[1] = {"", "dropped"};
  const std::string json = autocomplete_response(choices);
  dom::parser parser;
  dom::element doc = parser.parse(json).value();
  EXPECT_EQ(doc["type"].get_int64().value(), 8);
  dom::array list = doc["data"]["choices"].get_array().value();
  EXPECT_EQ(list.size(), 25u);
  EXPECT_EQ(std::string_view(list.at(0)["name"].get_string().value()).size(), 100u);
  EXPECT_EQ(std::string_view(list.at(0)["value"].get_string().value()), std::string(99, 'x') + "€");
  EXPECT_EQ(std::string_view(list.at(1)["name"].get_string().value()), "S2");
  EXPECT_EQ(autocomplete_response({}), R"({"type":8,"data":{"choices":[]}})");
}

// Splits a multipart body the way a server does (RFC 7578), returning name -> (headers, data).
std::map<std::string, std::pair<std::string, std::string>> parts_of(const MultipartBody& m) {
  const std::string key = "boundary=";
  const std::string boundary = "--" + m.content_type.substr(m.content_type.find(key) + key.size());
  std::map<std::string, std::pair<std::string, std::string>> out;
  std::size_t pos = m.body.find(boundary);
  EXPECT_EQ(pos, 0u);
  while (true) {
    pos += boundary.size();
    if (m.body.compare(pos, 2, "--") == 0) break;
    pos += 2;  // CRLF
    const std::size_t head_end = m.body.find("\r\n\r\n", pos);
    const std::string headers = m.body.substr(pos, head_end - pos);
    const std::size_t next = m.body.find("\r\n" + boundary, head_end + 4);
    const std::string data = m.body.substr(head_end + 4, next - head_end - 4);
    const std::size_t n = headers.find("name=\"") + 6;
    out[headers.substr(n, headers.find('"', n) - n)] = {headers, data};
    pos = next + 2;
  }
  EXPECT_EQ(m.body.substr(m.body.size() - boundary.size() - 4), boundary + "--\r\n");
  return out;
}

TEST(Multipart, CarriesPayloadJsonAndTheFileAsTheReferenceShows) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\x01\x02--omega-boundary-fake\r\n", 27);
  const FileUpload chart{"chart.png", "image/png", png, "BTC/USDT 1h"};
  MessageBody body = with_image(text_body(""), chart);
  body.embeds.front().title = "BTC/USDT 1h";
  EXPECT_TRUE(message_violations(body).empty()) << message_violations(body).front();
  const MultipartBody m = multipart_message(body, std::span(&chart, 1));
  EXPECT_EQ(m.content_type.rfind("multipart/form-data; boundary=", 0), 0u);
  const auto parts = parts_of(m);
  ASSERT_EQ(parts.size(), 2u);
  const auto& [json_headers, json] = parts.at("payload_json");
  EXPECT_NE(json_headers.find("Content-Type: application/json"), std::string::npos);
  dom::parser parser;
  dom::element doc = parser.parse(json).value();
  EXPECT_EQ(std::string_view(doc["embeds"].at(0)["image"]["url"].get_string().value()),
            "attachment://chart.png");
  EXPECT_EQ(doc["attachments"].at(0)["id"].get_int64().value(), 0);
  EXPECT_EQ(std::string_view(doc["attachments"].at(0)["filename"].get_string().value()),
            "chart.png");
  EXPECT_EQ(std::string_view(doc["attachments"].at(0)["description"].get_string().value()),
            "BTC/USDT 1h");
  const auto& [file_headers, bytes] = parts.at("files[0]");
  EXPECT_NE(
      file_headers.find(R"(Content-Disposition: form-data; name="files[0]"; filename="chart.png")"),
      std::string::npos);
  EXPECT_NE(file_headers.find("Content-Type: image/png"), std::string::npos);
  EXPECT_EQ(bytes, png);  // binary, NULs and CRLFs intact
}

TEST(Multipart, TheBoundaryNeverOccursInAPart) {
  // A file that contains the boundary the first choice would use.
  const std::string payload = R"({"content":"x"})";
  const MultipartBody first = multipart_body(payload, {});
  const std::string used = first.content_type.substr(first.content_type.find('=') + 1);
  const FileUpload tricky{"a b/../c.png", "", "xx" + used + "yy", ""};
  const MultipartBody m = multipart_body(payload, std::span(&tricky, 1));
  const std::string boundary = m.content_type.substr(m.content_type.find('=') + 1);
  EXPECT_NE(boundary, used);
  EXPECT_LE(boundary.size(), 70u);
  const auto parts = parts_of(m);
  EXPECT_EQ(parts.at("files[0]").second, tricky.bytes);
  EXPECT_NE(parts.at("files[0]").first.find(R"(filename="a_b_.._c.png")"), std::string::npos);
  EXPECT_NE(parts.at("files[0]").first.find("application/octet-stream"), std::string::npos);
}

}  // namespace
}  // namespace omega::chat::discord
