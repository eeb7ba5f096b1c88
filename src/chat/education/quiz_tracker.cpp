#include "chat/education/quiz_tracker.hpp"

namespace omega::chat {

Result<const QuizQuestion*> QuizTracker::start(std::string_view user, std::string_view quiz_id) {
  OMEGA_ASSIGN_OR_RETURN(const Quiz* quiz, library_->quiz(quiz_id));
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) it = users_.emplace(std::string(user), Progress{}).first;
  it->second.quiz = quiz;
  it->second.question = 0;
  return &quiz->questions.front();
}

Result<const QuizQuestion*> QuizTracker::current(std::string_view user) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end() || it->second.quiz == nullptr) {
    return Error(ErrorCode::kState, "no quiz running; start one with /quiz");
  }
  return &it->second.quiz->questions[it->second.question];
}

Result<QuizAnswer> QuizTracker::answer(std::string_view user, std::size_t choice) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end() || it->second.quiz == nullptr) {
    return Error(ErrorCode::kState, "no quiz running; start one with /quiz");
  }
  Progress& p = it->second;
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
  return a;
}

QuizScore QuizTracker::score(std::string_view user) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  return it == users_.end() ? QuizScore{} : it->second.score;
}

}  // namespace omega::chat
