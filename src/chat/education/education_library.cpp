#include "chat/education/education_library.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/config.hpp"

namespace omega::chat {
namespace {

Result<Config> parse_yaml(const std::pair<std::string, std::string>& file) {
  ConfigOptions options;
  options.apply_env = false;  // content, not deployment configuration
  options.register_secrets = false;
  return Config::parse(file.second, file.first, options);
}

Result<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Splits lower-cased text into words of letters, digits, '.', '-' (so "0.618" and "look-ahead"
// stay whole).
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : lower(text)) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '.' || c == '-' || u >= 0x80) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  for (std::string& w : out) {
    while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.pop_back();
  }
  std::erase_if(out, [](const std::string& w) { return w.size() < 2; });
  return out;
}

int count_in(const std::vector<std::string>& hay, const std::string& word) {
  return static_cast<int>(std::count(hay.begin(), hay.end(), word));
}

Status parse_lessons(const Config& c, std::vector<Lesson>& out) {
  OMEGA_TRY(c.check_keys({"lessons"}));
  OMEGA_ASSIGN_OR_RETURN(const Config lessons, c.section("lessons"));
  for (const std::string& id : lessons.keys()) {
    const std::string p = "lessons." + id;
    OMEGA_ASSIGN_OR_RETURN(const Config one, c.section(p));
    OMEGA_TRY(one.check_keys({"title", "keywords", "related", "body"}));
    Lesson l;
    l.id = id;
    OMEGA_ASSIGN_OR_RETURN(l.title, c.get<std::string>(p + ".title"));
    OMEGA_ASSIGN_OR_RETURN(l.body, c.get<std::string>(p + ".body"));
    OMEGA_ASSIGN_OR_RETURN(l.keywords, c.get<std::vector<std::string>>(p + ".keywords"));
    OMEGA_ASSIGN_OR_RETURN(l.related, c.get_or<std::vector<std::string>>(p + ".related", {}));
    if (l.title.empty()) return c.invalid(p + ".title", "must not be empty");
    if (l.body.empty()) return c.invalid(p + ".body", "must not be empty");
    for (std::string& k : l.keywords) k = lower(k);
    out.push_back(std::move(l));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t r = 0; r < out[i].related.size(); ++r) {
      const std::string& rel = out[i].related[r];
      const bool known =
          std::any_of(out.begin(), out.end(), [&](const Lesson& l) { return l.id == rel; });
      if (!known) {
        return c.invalid("lessons." + out[i].id + ".related." + std::to_string(r),
                         "no lesson called '" + rel + "'");
      }
    }
  }
  if (out.empty()) return c.invalid("lessons", "must hold at least one lesson");
  return ok_status();
}

Status parse_glossary(const Config& c, std::vector<GlossaryTerm>& out) {
  OMEGA_TRY(c.check_keys({"terms"}));
  OMEGA_ASSIGN_OR_RETURN(const Config terms, c.section("terms"));
  for (const std::string& term : terms.keys()) {
    GlossaryTerm t;
    t.term = term;
    OMEGA_ASSIGN_OR_RETURN(t.definition, c.get<std::string>("terms." + term));
    if (t.definition.empty()) return c.invalid("terms." + term, "must not be empty");
    out.push_back(std::move(t));
  }
  return ok_status();
}

Status parse_quizzes(const Config& c, const std::vector<Lesson>& lessons, std::vector<Quiz>& out) {
  OMEGA_TRY(c.check_keys({"quizzes"}));
  OMEGA_ASSIGN_OR_RETURN(const Config quizzes, c.section("quizzes"));
  for (const std::string& id : quizzes.keys()) {
    const std::string p = "quizzes." + id;
    OMEGA_ASSIGN_OR_RETURN(const Config one, c.section(p));
    OMEGA_TRY(one.check_keys({"title", "questions"}));
    Quiz q;
    q.id = id;
    OMEGA_ASSIGN_OR_RETURN(q.title, c.get<std::string>(p + ".title"));
    for (std::size_t i = 0; c.has(p + ".questions." + std::to_string(i)); ++i) {
      const std::string qp = p + ".questions." + std::to_string(i);
      OMEGA_ASSIGN_OR_RETURN(const Config qc, c.section(qp));
      OMEGA_TRY(qc.check_keys({"question", "choices", "answer", "explain", "lesson"}));
      QuizQuestion qq;
      OMEGA_ASSIGN_OR_RETURN(qq.question, c.get<std::string>(qp + ".question"));
      OMEGA_ASSIGN_OR_RETURN(qq.choices, c.get<std::vector<std::string>>(qp + ".choices"));
      OMEGA_ASSIGN_OR_RETURN(const std::int64_t answer, c.get<std::int64_t>(qp + ".answer"));
      OMEGA_ASSIGN_OR_RETURN(qq.explain, c.get_or<std::string>(qp + ".explain", ""));
      OMEGA_ASSIGN_OR_RETURN(qq.lesson, c.get_or<std::string>(qp + ".lesson", ""));
      if (qq.choices.size() < 2) return c.invalid(qp + ".choices", "needs at least two choices");
      if (answer < 1 || answer > static_cast<std::int64_t>(qq.choices.size())) {
        return c.invalid(qp + ".answer", "must be between 1 and " +
                                             std::to_string(qq.choices.size()) +
                                             " (the number of a choice)");
      }
      qq.answer = static_cast<std::size_t>(answer - 1);
      if (!qq.lesson.empty() && std::none_of(lessons.begin(), lessons.end(),
                                             [&](const Lesson& l) { return l.id == qq.lesson; })) {
        return c.invalid(qp + ".lesson", "no lesson called '" + qq.lesson + "'");
      }
      q.questions.push_back(std::move(qq));
    }
    if (q.questions.empty()) return c.invalid(p + ".questions", "must hold at least one question");
    out.push_back(std::move(q));
  }
  return ok_status();
}

}  // namespace

Result<EducationLibrary> EducationLibrary::parse(
    const std::pair<std::string, std::string>& lessons,
    const std::pair<std::string, std::string>& glossary,
    const std::pair<std::string, std::string>& quizzes) {
  EducationLibrary lib;
  OMEGA_ASSIGN_OR_RETURN(const Config lc, parse_yaml(lessons));
  OMEGA_TRY(parse_lessons(lc, lib.lessons_));
  OMEGA_ASSIGN_OR_RETURN(const Config gc, parse_yaml(glossary));
  OMEGA_TRY(parse_glossary(gc, lib.glossary_));
  OMEGA_ASSIGN_OR_RETURN(const Config qc, parse_yaml(quizzes));
  OMEGA_TRY(parse_quizzes(qc, lib.lessons_, lib.quizzes_));
  return lib;
}

Result<EducationLibrary> EducationLibrary::load_dir(const std::filesystem::path& dir) {
  std::pair<std::string, std::string> files[3];
  const char* names[3] = {"lessons.yaml", "glossary.yaml", "quizzes.yaml"};
  for (int i = 0; i < 3; ++i) {
    const std::filesystem::path p = dir / names[i];
    OMEGA_ASSIGN_OR_RETURN(std::string text, read_text(p));
    files[i] = {p.string(), std::move(text)};
  }
  return parse(files[0], files[1], files[2]);
}

Result<const Lesson*> EducationLibrary::lesson(std::string_view id_or_words) const {
  const std::string wanted = lower(id_or_words);
  for (const Lesson& l : lessons_) {
    if (l.id == wanted) return &l;
  }
  for (const SearchHit& hit : search(id_or_words, 5)) {
    if (hit.kind != SearchHit::Kind::kLesson) continue;
    for (const Lesson& l : lessons_) {
      if (l.id == hit.id) return &l;
    }
  }
  std::string list;
  for (const Lesson& l : lessons_) list += (list.empty() ? "" : ", ") + l.id;
  return Error(ErrorCode::kNotFound,
               "no lesson matches '" + std::string(id_or_words) + "' (lessons: " + list + ")");
}

std::vector<SearchHit> EducationLibrary::search(std::string_view query, std::size_t limit) const {
  const std::vector<std::string> q = words(query);
  std::vector<SearchHit> hits;
  if (q.empty()) return hits;
  for (const Lesson& l : lessons_) {
    const auto title = words(l.title);
    const auto body = words(l.body);
    const auto id = words(l.id);
    int score = 0;
    for (const std::string& w : q) {
      score += 5 * count_in(l.keywords, w) + 3 * count_in(title, w) + 3 * count_in(id, w) +
               std::min(3, count_in(body, w));
    }
    if (score > 0) hits.push_back({SearchHit::Kind::kLesson, l.id, l.title, score});
  }
  for (const GlossaryTerm& t : glossary_) {
    const auto term = words(t.term);
    const auto def = words(t.definition);
    int score = 0;
    for (const std::string& w : q) score += 4 * count_in(term, w) + count_in(def, w);
    if (score > 0) hits.push_back({SearchHit::Kind::kTerm, t.term, t.definition, score});
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

Result<const Quiz*> EducationLibrary::quiz(std::string_view id) const {
  for (const Quiz& q : quizzes_) {
    if (q.id == id) return &q;
  }
  return Error(ErrorCode::kNotFound, "no quiz called '" + std::string(id) + "'");
}

}  // namespace omega::chat
