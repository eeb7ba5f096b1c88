#include "chat/education/quiz_tracker.hpp"

#include <simdjson.h>

#include "core/json_text.hpp"
#include "store/store.hpp"

namespace omega::chat {
namespace {

constexpr std::int64_t kVersion = 1;

Error no_quiz() {
  return Error(ErrorCode::kState, "no quiz running; start one with /quiz");
}

// The stored form: {"v":1,"quiz":"ID","question":N,"answered":N,"correct":N}; quiz "" when none
// is running.
struct Stored {
  std::string quiz;
  std::int64_t question = 0;
  std::int64_t answered = 0;
  std::int64_t correct = 0;
};

Result<Stored> decode(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  const simdjson::padded_string padded(json);
  if (parser.parse(padded).get(e) != simdjson::SUCCESS || !e.is_object()) {
    return Error(ErrorCode::kParse, "it is not a JSON object");
  }
  std::int64_t version = 0;
  if (e["v"].get_int64().get(version) != simdjson::SUCCESS || version != kVersion) {
    return Error(ErrorCode::kParse, "it is not version " + std::to_string(kVersion));
  }
  Stored s;
  std::string_view quiz;
  if (e["quiz"].get_string().get(quiz) != simdjson::SUCCESS ||
      e["question"].get_int64().get(s.question) != simdjson::SUCCESS ||
      e["answered"].get_int64().get(s.answered) != simdjson::SUCCESS ||
      e["correct"].get_int64().get(s.correct) != simdjson::SUCCESS) {
    return Error(ErrorCode::kParse, "it lacks quiz, question, answered or correct");
  }
  if (s.question < 0 || s.answered < 0 || s.correct < 0 || s.correct > s.answered) {
    return Error(ErrorCode::kParse, "its numbers are out of range");
  }
  s.quiz = std::string(quiz);
  return s;
}

}  // namespace

Result<QuizTracker::Progress> QuizTracker::load(std::string_view user) {
  if (settings_ == nullptr) {
    auto it = users_.find(user);
    return it == users_.end() ? Progress{} : it->second;
  }
  OMEGA_ASSIGN_OR_RETURN(auto value, settings_->get_setting(store::UserId(std::string(user)),
                                                            kSettingKey));
  if (!value || value->empty()) return Progress{};
  std::string problem;
  Progress p;
  if (auto s = decode(*value); !s.ok()) {
    problem = s.error().message();
  } else {
    p.score.answered = static_cast<std::size_t>(s->answered);
    p.score.correct = static_cast<std::size_t>(s->correct);
    if (!s->quiz.empty()) {
      if (auto q = library_->quiz(s->quiz); !q.ok()) {
        problem = "it names quiz '" + s->quiz + "', which is no longer installed";
      } else if (static_cast<std::size_t>(s->question) >= (*q)->questions.size()) {
        problem = "it names question " + std::to_string(s->question + 1) + " of quiz '" +
                  s->quiz + "', which has " + std::to_string((*q)->questions.size());
      } else {
        p.quiz = *q;
        p.question = static_cast<std::size_t>(s->question);
      }
    }
  }
  if (problem.empty()) return p;
  OMEGA_TRY(save(user, Progress{}));
  return Error(ErrorCode::kState, "your saved quiz progress could not be used (" + problem +
                                      "), so it was reset; start again with /quiz");
}

Status QuizTracker::save(std::string_view user, const Progress& p) {
  if (settings_ == nullptr) {
    users_.insert_or_assign(std::string(user), p);
    return ok_status();
  }
  std::string v = "{\"v\":" + std::to_string(kVersion) + ",\"quiz\":";
  append_json_string(v, p.quiz == nullptr ? std::string_view() : std::string_view(p.quiz->id));
  v += ",\"question\":" + std::to_string(p.question) +
       ",\"answered\":" + std::to_string(p.score.answered) +
       ",\"correct\":" + std::to_string(p.score.correct) + "}";
  return settings_->put_setting(store::UserId(std::string(user)), kSettingKey, v);
}

Result<const QuizQuestion*> QuizTracker::start(std::string_view user, std::string_view quiz_id) {
  OMEGA_ASSIGN_OR_RETURN(const Quiz* quiz, library_->quiz(quiz_id));
  std::lock_guard lock(mutex_);
  Progress p;
  // An unusable stored value was reset by load (and starting again is what it asks for).
  if (auto old = load(user); old.ok()) {
    p = *old;
  } else if (old.error().code() != ErrorCode::kState) {
    return old.error();
  }
  p.quiz = quiz;
  p.question = 0;
  OMEGA_TRY(save(user, p));
  return &quiz->questions.front();
}

Result<const QuizQuestion*> QuizTracker::current(std::string_view user) {
  std::lock_guard lock(mutex_);
  OMEGA_ASSIGN_OR_RETURN(const Progress p, load(user));
  if (p.quiz == nullptr) return no_quiz();
  return &p.quiz->questions[p.question];
}

Result<QuizAnswer> QuizTracker::answer(std::string_view user, std::size_t choice) {
  std::lock_guard lock(mutex_);
  OMEGA_ASSIGN_OR_RETURN(Progress p, load(user));
  if (p.quiz == nullptr) return no_quiz();
  const QuizQuestion& q = p.quiz->questions[p.question];
  if (choice < 1 || choice > q.choices.size()) {
    return Error(ErrorCode::kInvalidArgument,
                 "answer with a number from 1 to " + std::to_string(q.choices.size()));
  }
  QuizAnswer a;
  a.correct = choice - 1 == q.answer;
  a.right_choice = q.choices[q.answer];
  a.explain = q.explain;
  if (!a.correct) a.lesson = q.lesson;
  ++p.score.answered;
  if (a.correct) ++p.score.correct;
  ++p.question;
  if (p.question < p.quiz->questions.size()) {
    a.next = &p.quiz->questions[p.question];
  } else {
    p.quiz = nullptr;
    p.question = 0;
  }
  a.score = p.score;
  OMEGA_TRY(save(user, p));  // saved before the answer is shown: nothing half-recorded
  return a;
}

Result<QuizScore> QuizTracker::score(std::string_view user) {
  std::lock_guard lock(mutex_);
  OMEGA_ASSIGN_OR_RETURN(const Progress p, load(user));
  return p.score;
}

}  // namespace omega::chat
