#include "chat/console/console_chat.hpp"

#include <istream>
#include <ostream>
#include <string>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "chat/audit_sink.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/education/education_library.hpp"
#include "chat/education/quiz_tracker.hpp"
#include "chat/education_handlers.hpp"
#include "chat/market_data_port.hpp"
#include "chat/market_handlers.hpp"
#include "chat/persona/persona_library.hpp"
#include "core/config.hpp"
#include "data/atomic_file.hpp"

namespace omega::chat {

// Everything the pipeline points into; members are declared in dependency order.
struct ConsoleChat::Parts {
  Parts(PersonaLibrary p, EducationLibrary e, ChatSettings s, const std::filesystem::path& data,
        ChatClock c)
      : personas(std::move(p)),
        education(std::move(e)),
        quizzes(education),
        market(data),
        clock(std::move(c)),
        pipeline(std::move(s), personas, clock, audit) {
    register_education_handlers(pipeline, education, quizzes);
    register_market_handlers(pipeline, market, cosmic, clock);
  }
  PersonaLibrary personas;
  EducationLibrary education;
  QuizTracker quizzes;
  BundledMarketData market;
  cosmic::CosmicFactorService cosmic;
  MemoryAuditSink audit;
  ChatClock clock;
  ChatPipeline pipeline;
  std::filesystem::path attachment_dir;  // empty: attachments are not saved
};

ConsoleChat::ConsoleChat(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
ConsoleChat::~ConsoleChat() = default;
ConsoleChat::ConsoleChat(ConsoleChat&&) noexcept = default;
ConsoleChat& ConsoleChat::operator=(ConsoleChat&&) noexcept = default;

Result<ConsoleChat> ConsoleChat::open(const std::filesystem::path& data_dir,
                                      const std::filesystem::path& config_path, ChatClock clock) {
  OMEGA_ASSIGN_OR_RETURN(PersonaLibrary personas, PersonaLibrary::load_dir(data_dir / "personas"));
  OMEGA_ASSIGN_OR_RETURN(EducationLibrary education,
                         EducationLibrary::load_dir(data_dir / "education"));
  OMEGA_ASSIGN_OR_RETURN(const Config config, Config::load_file(config_path));
  OMEGA_ASSIGN_OR_RETURN(ChatSettings settings, ChatSettings::from_config(config));
  if (auto p = personas.find(settings.default_persona); !p.ok()) {
    return config.invalid("chat.default_persona", p.error().message());
  }
  return ConsoleChat(std::make_unique<Parts>(std::move(personas), std::move(education),
                                             std::move(settings), data_dir, std::move(clock)));
}

Result<ChatReply> ConsoleChat::ask(std::string_view user, std::string_view line,
                                   std::string_view persona) {
  if (!persona.empty()) OMEGA_TRY(parts_->pipeline.set_persona(user, persona));
  std::string text(line);
  const std::size_t start = text.find_first_not_of(" \t");
  if (start != std::string::npos && text[start] != '/' && text[start] != '!') {
    text.insert(start, "/");
  }
  ChatReply reply = parts_->pipeline.handle({"console", std::string(user), "", std::move(text)});
  if (!parts_->attachment_dir.empty()) {
    for (const Attachment& a : reply.attachments) {
      const std::filesystem::path path = parts_->attachment_dir / a.file_name;
      const std::string_view bytes(reinterpret_cast<const char*>(a.bytes.data()), a.bytes.size());
      std::error_code ec;
      std::filesystem::create_directories(parts_->attachment_dir, ec);
      const Status written = data::write_file_atomic(path, bytes);
      const bool image = a.content_type.starts_with("image/");
      reply.text += written.ok()
                        ? "\n" + std::string(image ? "chart: " : "file: ") + path.string()
                        : "\n(" + a.file_name + " not saved: " + written.error().to_string() + ")";
    }
  }
  return reply;
}

void ConsoleChat::save_attachments_to(std::filesystem::path dir) {
  parts_->attachment_dir = std::move(dir);
}

std::size_t ConsoleChat::run(std::string_view user, std::istream& in, std::ostream& out) {
  std::size_t answered = 0;
  std::string line;
  out << "omega chat — /help lists the commands, quit leaves.\n" << user << "> " << std::flush;
  while (std::getline(in, line)) {
    if (line == "quit" || line == "exit" || line == "/quit" || line == "/exit") break;
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      auto reply = ask(user, line);
      out << (reply.ok() ? reply->text : "error: " + reply.error().message()) << "\n";
      ++answered;
    }
    out << user << "> " << std::flush;
  }
  out << "\n";
  return answered;
}

ChatPipeline& ConsoleChat::pipeline() { return parts_->pipeline; }

std::vector<std::string> ConsoleChat::symbols() const { return parts_->market.symbols(); }

int exit_code_for(ReplyOutcome outcome) {
  switch (outcome) {
    case ReplyOutcome::kAnswered:
      return 0;
    case ReplyOutcome::kRejected:
      return 2;
    default:
      return 1;
  }
}

}  // namespace omega::chat
