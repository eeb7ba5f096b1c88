#include "chat/education_handlers.hpp"

#include <charconv>
#include <string>

namespace omega::chat {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void add_question(MessageData& d, const QuizQuestion& q, const std::string& lead) {
  d.set("text", lead + q.question + " (answer with /quiz NUMBER)");
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    d.add_row("choices", {{"n", std::to_string(i + 1)}, {"text", q.choices[i]}});
  }
}

Result<HandlerReply> learn(const EducationLibrary& lib, const ChatRequest& r) {
  HandlerReply out;
  out.type = MessageType::kLesson;
  if (r.args.empty()) {
    std::string list;
    for (const Lesson& l : lib.lessons()) list += "\n" + l.id + " — " + l.title;
    out.data.set("title", "Lessons (/learn TOPIC, or /learn with any keywords):").set("body", list);
    return out;
  }
  OMEGA_ASSIGN_OR_RETURN(const Lesson* l, lib.lesson(join(r.args)));
  out.data.set("title", l->title).set("body", l->body).set("id", l->id);
  for (const std::string& rel : l->related) out.data.add_row("related", {{"id", rel}});
  return out;
}

Result<HandlerReply> quiz(const EducationLibrary& lib, QuizTracker& tracker, const ChatRequest& r) {
  HandlerReply out;
  out.type = MessageType::kQuiz;
  if (r.args.empty()) {
    if (lib.quizzes().empty()) return Error(ErrorCode::kNotFound, "no quiz is installed");
    const Quiz& first = lib.quizzes().front();
    OMEGA_ASSIGN_OR_RETURN(const QuizQuestion* q, tracker.start(r.user_id, first.id));
    add_question(out.data, *q, first.title + " — question 1: ");
    return out;
  }
  std::size_t choice = 0;
  const std::string& a = r.args[0];
  const auto [ptr, ec] = std::from_chars(a.data(), a.data() + a.size(), choice);
  if (ec != std::errc() || ptr != a.data() + a.size()) {
    return Error(ErrorCode::kInvalidArgument, "answer with the number of a choice, e.g. /quiz 2");
  }
  OMEGA_ASSIGN_OR_RETURN(const QuizAnswer ans, tracker.answer(r.user_id, choice));
  std::string lead =
      ans.correct ? "Right! " : "Not quite: the answer is " + ans.right_choice + ". ";
  lead += ans.explain;
  if (!ans.lesson.empty()) lead += " (/learn " + ans.lesson + ")";
  lead += " Score: " + std::to_string(ans.score.correct) + "/" +
          std::to_string(ans.score.answered) + ".";
  if (ans.next != nullptr) {
    add_question(out.data, *ans.next, lead + "\nNext: ");
  } else {
    out.data.set("text", lead + " Quiz finished — /quiz starts it again.");
  }
  return out;
}

}  // namespace

void register_education_handlers(ChatPipeline& pipeline, const EducationLibrary& library,
                                 QuizTracker& quizzes) {
  pipeline.register_handler("learn",
                            [&library](const ChatRequest& r) { return learn(library, r); });
  pipeline.register_handler(
      "quiz", [&library, &quizzes](const ChatRequest& r) { return quiz(library, quizzes, r); });
}

}  // namespace omega::chat
