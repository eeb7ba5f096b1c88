// Provides QuizTracker: each user's current quiz question and running score, kept in the store's
// user settings (key "quiz", a small versioned JSON value) when one is given, else in memory.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "chat/education/education_library.hpp"
#include "core/result.hpp"

namespace omega::store {
class SettingsStore;
}

namespace omega::chat {

// A user's score over every quiz answered so far.
struct QuizScore {
  std::size_t answered = 0;
  std::size_t correct = 0;
};

// What answering a question produced.
struct QuizAnswer {
  bool correct = false;
  std::string right_choice;  // the text of the right choice
  std::string explain;
  std::string lesson;                  // lesson to read, when the answer was wrong
  const QuizQuestion* next = nullptr;  // the next question, or null when the quiz ended
  QuizScore score;
};

// Tracks quiz progress per user; safe to call from several threads. With a settings store,
// every call reads and writes the user's "quiz" setting, so progress and score outlive the
// process and another process continues them; a stored value that is unreadable or names a
// quiz or question the library no longer has resets that user's progress with a clear message.
class QuizTracker {
 public:
  explicit QuizTracker(const EducationLibrary& library, store::SettingsStore* settings = nullptr)
      : library_(&library), settings_(settings) {}

  // Starts (or restarts) quiz `quiz_id` for `user` and returns its first question.
  Result<const QuizQuestion*> start(std::string_view user, std::string_view quiz_id);

  // Returns the question `user` has to answer now, or kState when no quiz is running.
  Result<const QuizQuestion*> current(std::string_view user);

  // Scores `choice` (1-based) for `user`'s current question and moves to the next one.
  Result<QuizAnswer> answer(std::string_view user, std::size_t choice);

  // Returns `user`'s score (zero for a user who never answered).
  Result<QuizScore> score(std::string_view user);

  // The settings key the progress is stored under.
  static constexpr std::string_view kSettingKey = "quiz";

 private:
  struct Progress {
    const Quiz* quiz = nullptr;
    std::size_t question = 0;
    QuizScore score;
  };

  // Reads `user`'s progress (memory or store); an unusable stored value is reset and reported.
  Result<Progress> load(std::string_view user);
  Status save(std::string_view user, const Progress& p);

  const EducationLibrary* library_;
  store::SettingsStore* settings_;
  std::mutex mutex_;
  std::map<std::string, Progress, std::less<>> users_;  // used without a store
};

}  // namespace omega::chat
