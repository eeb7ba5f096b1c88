// Tests the education service: the bundled content loads and is searchable, quizzes score per
// user (in memory, and in the store's user settings on SQLite and the harness Redis), and broken
// content files or stored progress fail with a clear message.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chat/education/education_library.hpp"
#include "chat/education/quiz_tracker.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::chat {
namespace {

EducationLibrary bundled() {
  auto lib = EducationLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/education");
  EXPECT_TRUE(lib.ok()) << (lib.ok() ? "" : lib.error().to_string());
  return std::move(lib).value();
}

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST(EducationLibrary, ShipsTheLessonsTheIssueAsksFor) {
  const EducationLibrary lib = bundled();
  for (const char* id :
       {"fibonacci-basics", "golden-pocket", "risk-and-position-sizing", "leverage-and-liquidation",
        "reading-candles", "traps", "indicators", "backtesting-pitfalls", "cosmic-statistics"}) {
    auto l = lib.lesson(id);
    ASSERT_TRUE(l.ok()) << id;
    EXPECT_FALSE((*l)->body.empty());
  }
  EXPECT_GE(lib.glossary().size(), 15u);
  ASSERT_TRUE(lib.quiz("basics").ok());
}

TEST(EducationLibrary, FindsLessonsByKeyword) {
  const EducationLibrary lib = bundled();
  auto hits = lib.search("what is look-ahead bias?");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front().id, "backtesting-pitfalls");
  hits = lib.search("liquidation");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front().id, "leverage-and-liquidation");
  hits = lib.search("RSI");
  ASSERT_FALSE(hits.empty());
  EXPECT_TRUE(hits.front().id == "indicators" || hits.front().id == "RSI");
  EXPECT_TRUE(lib.search("zzzz qqqq").empty());
  EXPECT_TRUE(lib.search("").empty());
  // /learn accepts words as well as ids.
  auto l = lib.lesson("moon");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ((*l)->id, "cosmic-statistics");
  auto none = lib.lesson("zzzz");
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(has(none.error().message(), "fibonacci-basics"));
}

TEST(EducationLibrary, TheCosmicLessonSaysNothingWasSignificant) {
  const EducationLibrary lib = bundled();
  auto l = lib.lesson("cosmic-statistics");
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(has((*l)->body, "nothing is significant"));
  EXPECT_TRUE(has((*l)->body, "docs/cosmic.md"));
}

TEST(QuizTracker, ScoresEachUserSeparately) {
  const EducationLibrary lib = bundled();
  QuizTracker quiz(lib);
  EXPECT_FALSE(quiz.answer("ana", 1).ok());  // no quiz running
  ASSERT_TRUE(quiz.start("ana", "basics").ok());
  ASSERT_TRUE(quiz.start("bob", "basics").ok());
  auto a = quiz.answer("ana", 3);  // right: 0.618–0.65
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->correct);
  ASSERT_NE(a->next, nullptr);
  auto b = quiz.answer("bob", 1);  // wrong
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->correct);
  EXPECT_EQ(b->lesson, "golden-pocket");
  EXPECT_EQ(b->right_choice, "0.618–0.65");
  EXPECT_FALSE(quiz.answer("ana", 9).ok());  // out of range: not counted
  EXPECT_EQ(quiz.score("ana")->answered, 1u);
  EXPECT_EQ(quiz.score("ana")->correct, 1u);
  EXPECT_EQ(quiz.score("bob")->correct, 0u);
  const std::size_t total = lib.quiz("basics").value()->questions.size();
  for (std::size_t i = 1; i < total; ++i) ASSERT_TRUE(quiz.answer("ana", 2).ok());
  EXPECT_FALSE(quiz.current("ana").ok());  // finished
  EXPECT_EQ(quiz.score("ana")->answered, total);
  EXPECT_EQ(quiz.score("nobody")->answered, 0u);
  EXPECT_FALSE(quiz.start("ana", "nope").ok());
}

class QuizStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = store::testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (*s == nullptr) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    for (const auto& r : redis_) EXPECT_TRUE(store::testing::delete_prefix(r).ok());
  }
  std::string stored(const std::string& user) {
    auto v = store_->get_setting(store::UserId(user), QuizTracker::kSettingKey);
    EXPECT_TRUE(v.ok());
    return v.ok() && *v ? **v : std::string("<none>");
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  const EducationLibrary lib_ = bundled();
};

TEST_P(QuizStoreTest, ASecondTrackerContinuesTheQuizAndTheScore) {
  {
    QuizTracker first(lib_, store_.get());
    ASSERT_TRUE(first.start("ana", "basics").ok());
    auto a = first.answer("ana", 3);  // right
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(a->correct);
  }
  EXPECT_EQ(stored("ana"), R"({"v":1,"quiz":"basics","question":1,"answered":1,"correct":1})");
  QuizTracker second(lib_, store_.get());  // as a new process would
  auto q = second.current("ana");
  ASSERT_TRUE(q.ok()) << q.error().to_string();
  EXPECT_EQ(*q, &lib_.quiz("basics").value()->questions[1]);
  auto b = second.answer("ana", 1);  // question 2: the right one is 2
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->correct);
  EXPECT_EQ(b->score.answered, 2u);
  EXPECT_EQ(b->score.correct, 1u);
  EXPECT_EQ(second.score("bob")->answered, 0u);  // per user
  QuizTracker third(lib_, store_.get());
  EXPECT_EQ(third.score("ana")->answered, 2u);
  EXPECT_EQ(third.score("ana")->correct, 1u);
  const std::size_t total = lib_.quiz("basics").value()->questions.size();
  for (std::size_t i = 2; i < total; ++i) ASSERT_TRUE(third.answer("ana", 2).ok());
  EXPECT_FALSE(second.current("ana").ok());  // finished, seen by the other tracker too
  EXPECT_EQ(second.score("ana")->answered, total);
  // Restarting keeps the score and begins at question 1.
  ASSERT_TRUE(second.start("ana", "basics").ok());
  EXPECT_EQ(third.score("ana")->answered, total);
  EXPECT_EQ(*third.current("ana"), &lib_.quiz("basics").value()->questions[0]);
}

TEST_P(QuizStoreTest, UnusableStoredProgressIsResetWithAClearMessage) {
  const std::string kBad[] = {
      "{not json",
      R"({"v":2,"quiz":"basics","question":0,"answered":0,"correct":0})",
      R"({"v":1,"quiz":"basics"})",
      R"({"v":1,"quiz":"gone","question":0,"answered":3,"correct":1})",
      R"({"v":1,"quiz":"basics","question":99,"answered":3,"correct":1})",
      R"({"v":1,"quiz":"basics","question":0,"answered":1,"correct":5})",
  };
  const std::string kReset = R"({"v":1,"quiz":"","question":0,"answered":0,"correct":0})";
  QuizTracker quiz(lib_, store_.get());
  for (const std::string& bad : kBad) {
    ASSERT_TRUE(store_->put_setting(store::UserId("ana"), QuizTracker::kSettingKey, bad).ok());
    auto a = quiz.answer("ana", 1);
    ASSERT_FALSE(a.ok()) << bad;
    EXPECT_TRUE(has(a.error().message(), "saved quiz progress could not be used")) << bad;
    EXPECT_TRUE(has(a.error().message(), "reset")) << bad;
    EXPECT_EQ(stored("ana"), kReset) << bad;
    EXPECT_EQ(quiz.current("ana").error().message(), "no quiz running; start one with /quiz");
  }
  auto gone = store_->put_setting(store::UserId("ana"), QuizTracker::kSettingKey, kBad[3]);
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(has(quiz.current("ana").error().message(), "quiz 'gone'"));
  // Starting over a damaged value works and begins with a zero score.
  ASSERT_TRUE(store_->put_setting(store::UserId("ana"), QuizTracker::kSettingKey, "[1]").ok());
  ASSERT_TRUE(quiz.start("ana", "basics").ok());
  EXPECT_EQ(quiz.score("ana")->answered, 0u);
  EXPECT_TRUE(quiz.answer("ana", 3).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, QuizStoreTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& p) { return p.param; });

constexpr const char* kLessons =
    "lessons:\n  a:\n    title: A\n    keywords: [x]\n    body: text\n";
constexpr const char* kGlossary = "terms:\n  x: y\n";
constexpr const char* kQuizzes =
    "quizzes:\n  q:\n    title: Q\n    questions:\n      - question: why\n        choices: [a, b]\n"
    "        answer: 1\n";

std::string error_of(const std::string& lessons, const std::string& glossary,
                     const std::string& quizzes) {
  auto lib = EducationLibrary::parse({"lessons.yaml", lessons}, {"glossary.yaml", glossary},
                                     {"quizzes.yaml", quizzes});
  return lib.ok() ? std::string() : lib.error().to_string();
}

TEST(EducationLibrary, ErrorsNameTheFileLineAndKey) {
  EXPECT_EQ(error_of(kLessons, kGlossary, kQuizzes), "");
  std::string e = error_of(
      "lessons:\n  a:\n    title: A\n    keywords: [x]\n    body: t\n"
      "    related: [b]\n",
      kGlossary, kQuizzes);
  EXPECT_TRUE(has(e, "lessons.yaml:6")) << e;
  EXPECT_TRUE(has(e, "no lesson called 'b'")) << e;
  e = error_of("lessons:\n  a:\n    title: A\n    keywords: [x]\n    bdy: t\n", kGlossary,
               kQuizzes);
  EXPECT_TRUE(has(e, "bdy")) << e;
  EXPECT_TRUE(has(e, "lessons.yaml:5")) << e;
  e = error_of(kLessons, kGlossary,
               "quizzes:\n  q:\n    title: Q\n    questions:\n      - question: why\n"
               "        choices: [a, b]\n        answer: 3\n");
  EXPECT_TRUE(has(e, "quizzes.yaml:7")) << e;
  EXPECT_TRUE(has(e, "between 1 and 2")) << e;
  e = error_of(kLessons, "terms: [oops", kQuizzes);
  EXPECT_TRUE(has(e, "glossary.yaml")) << e;
  e = error_of(kLessons, kGlossary,
               "quizzes:\n  q:\n    title: Q\n    questions:\n      - question: why\n"
               "        choices: [a, b]\n        answer: 1\n        lesson: nope\n");
  EXPECT_TRUE(has(e, "quizzes.yaml:8")) << e;
  auto missing = EducationLibrary::load_dir("/nonexistent/education");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(has(missing.error().to_string(), "lessons.yaml"));
}

}  // namespace
}  // namespace omega::chat
