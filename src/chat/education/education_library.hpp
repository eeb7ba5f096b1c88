// Provides EducationLibrary: lessons, glossary and quizzes loaded from data/education, validated
// with errors naming the file, line and key, and searchable by keyword.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace omega::chat {

// One lesson, shown by /learn ID.
struct Lesson {
  std::string id;
  std::string title;
  std::string body;
  std::vector<std::string> keywords;
  std::vector<std::string> related;  // lesson ids, checked to exist
};

// One glossary entry.
struct GlossaryTerm {
  std::string term;
  std::string definition;
};

// One multiple-choice question.
struct QuizQuestion {
  std::string question;
  std::vector<std::string> choices;
  std::size_t answer = 0;  // 0-based index of the right choice
  std::string explain;
  std::string lesson;  // lesson id to read after a wrong answer (may be empty)
};

// A named list of questions.
struct Quiz {
  std::string id;
  std::string title;
  std::vector<QuizQuestion> questions;
};

// One search result: a lesson or a glossary term, best score first.
struct SearchHit {
  enum class Kind { kLesson, kTerm } kind = Kind::kLesson;
  std::string id;     // lesson id or term
  std::string title;  // lesson title or the definition
  int score = 0;
};

// The immutable content library.
class EducationLibrary {
 public:
  // Loads lessons.yaml, glossary.yaml and quizzes.yaml from `dir`.
  static Result<EducationLibrary> load_dir(const std::filesystem::path& dir);

  // Builds a library from texts; each pair is (source name for errors, YAML text).
  static Result<EducationLibrary> parse(const std::pair<std::string, std::string>& lessons,
                                        const std::pair<std::string, std::string>& glossary,
                                        const std::pair<std::string, std::string>& quizzes);

  // Returns the lesson `id`; failing that, the best search hit's lesson; else kNotFound.
  Result<const Lesson*> lesson(std::string_view id_or_words) const;

  // Ranks lessons and terms by how well they match the words of `query` (keywords weigh most,
  // then titles and terms, then body text); at most `limit` hits with a positive score.
  std::vector<SearchHit> search(std::string_view query, std::size_t limit = 5) const;

  // Returns the quiz `id`, or kNotFound.
  Result<const Quiz*> quiz(std::string_view id) const;

  const std::vector<Lesson>& lessons() const { return lessons_; }
  const std::vector<GlossaryTerm>& glossary() const { return glossary_; }
  const std::vector<Quiz>& quizzes() const { return quizzes_; }

 private:
  std::vector<Lesson> lessons_;
  std::vector<GlossaryTerm> glossary_;
  std::vector<Quiz> quizzes_;
};

}  // namespace omega::chat
