#include "chat/console/console_chat.hpp"

#include <atomic>
#include <condition_variable>
#include <istream>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "chat/audit_sink.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/education/education_library.hpp"
#include "chat/education/quiz_tracker.hpp"
#include "chat/education_handlers.hpp"
#include "chat/farm_handlers.hpp"
#include "chat/farm_state.hpp"
#include "chat/market_data_port.hpp"
#include "chat/market_handlers.hpp"
#include "chat/notification_feed.hpp"
#include "chat/notification_router.hpp"
#include "chat/persona/persona_library.hpp"
#include "chat/persona/persona_renderer.hpp"
#include "chat/settings_handlers.hpp"
#include "chat/store_audit_sink.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "data/atomic_file.hpp"
#include "store/open_store.hpp"

namespace omega::chat {

// Delivers notifications to the console session: its own user only (there are no DMs to
// others on one terminal; a failed "DM" has no channel to fall back to).
class ConsoleSink final : public NotificationSink {
 public:
  ConsoleSink(std::mutex& mutex, std::ostream*& out, std::string& user)
      : mutex_(&mutex), out_(&out), user_(&user) {}
  Status send_direct(std::string_view user, std::string_view text, bool) override {
    std::lock_guard lock(*mutex_);
    if (*out_ == nullptr || user != *user_) {
      return Error(ErrorCode::kUnavailable, "not in this console session");
    }
    **out_ << "\n" << text << "\n" << std::flush;
    return ok_status();
  }
  Status send_channel(std::string_view, std::string_view, std::string_view, bool) override {
    return Error(ErrorCode::kUnavailable, "the console has no channels");
  }

 private:
  std::mutex* mutex_;
  std::ostream** out_;
  std::string* user_;
};

// Passes notifications on to the sink of the moment: the console session until another front
// end (Discord) takes them over.
class ForwardingSink final : public NotificationSink {
 public:
  explicit ForwardingSink(NotificationSink* target) : target_(target) {}
  void set(NotificationSink* target) { target_.store(target); }
  Status send_direct(std::string_view user, std::string_view text, bool silent) override {
    return target_.load()->send_direct(user, text, silent);
  }
  Status send_channel(std::string_view channel, std::string_view user, std::string_view text,
                      bool silent) override {
    return target_.load()->send_channel(channel, user, text, silent);
  }

 private:
  std::atomic<NotificationSink*> target_;
};

// Everything the pipeline points into; members are declared in dependency order.
struct ConsoleChat::Parts {
  Parts(PersonaLibrary p, EducationLibrary e, ChatSettings s, const std::filesystem::path& data,
        ChatClock c, std::unique_ptr<store::Store> st, const ControlOptions& control_options,
        bool follow_ups,
        const std::function<std::unique_ptr<BacktestPort>(MarketDataPort&)>& make_backtest,
        const std::string& notification_group, const std::string& notification_channel)
      : store(std::move(st)),
        personas(std::move(p)),
        education(std::move(e)),
        quizzes(education, store.get()),
        market(data),
        clock(std::move(c)),
        store_audit(store ? std::make_unique<StoreAuditSink>(*store) : nullptr),
        pipeline(std::move(s), personas, clock,
                 store_audit ? static_cast<AuditSink&>(*store_audit) : memory_audit) {
    register_education_handlers(pipeline, education, quizzes);
    register_market_handlers(pipeline, market, cosmic, clock);
    if (make_backtest) {
      backtest_port = make_backtest(market);
      backtest = std::make_unique<BacktestHandler>(pipeline, *backtest_port);
    }
    if (store) {
      farm = std::make_unique<StoreFarmState>(*store);
      register_farm_handlers(pipeline, *farm, clock,
                             [this](const ChatRequest& r, MessageData& d) {
                               add_cosmic_factors(d, r, personas, cosmic, clock);
                             });
      control = std::make_unique<ControlHandlers>(pipeline, *store, clock, control_options);
      router = std::make_unique<NotificationRouter>(
          clock, forward, notification_channel, std::chrono::minutes(5), std::chrono::seconds(10));
      router->set_renderer([this](std::string_view user, const Notification& n) {
        MessageData d;
        d.set("event", std::string(to_string(n.event))).set("text", n.text);
        d.set("user", std::string(user));
        auto text = render_message(pipeline.persona_of(user), MessageType::kNotification, d);
        return text.ok() ? *text : n.text;
      });
      alert_book = std::make_unique<AlertBook>(*store);
      alert_engine = std::make_unique<AlertEngine>(*alert_book);
      feed = std::make_unique<NotificationFeed>(*store, *router, alert_engine.get(), farm.get(),
                                                notification_group);
      register_settings_handlers(pipeline, *store, *router, *alert_book);
    }
    if (follow_ups) {
      pipeline.set_follow_up_delivery([this](const InboundMessage&, ChatReply reply) {
        std::lock_guard lock(out_mutex);
        if (follow_up_out != nullptr) *follow_up_out << "\n" << reply.text << "\n" << std::flush;
      });
    }
  }
  ~Parts() {
    feed_thread = std::jthread();  // joins the notification poller
    control.reset();                // stops the follow-up thread before the pipeline goes
    backtest.reset();
  }
  // Loads stored levels and alert rules (a damaged setting is an error naming it).
  Status load_settings() {
    if (!store) return ok_status();
    OMEGA_TRY(load_notify_levels(*store, *router));
    OMEGA_TRY(alert_book->load(*store));
    return feed->start();
  }
  // Polls the farm's notifications every second until stopped.
  void start_feed() {
    if (!feed) return;
    feed_thread = std::jthread([this](const std::stop_token& stop) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      while (!stop.stop_requested()) {
        if (auto r = feed->poll(); !r.ok()) log_warn("notifications: {}", r.error().message());
        cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
      }
    });
  }
  std::unique_ptr<store::Store> store;
  PersonaLibrary personas;
  EducationLibrary education;
  QuizTracker quizzes;
  BundledMarketData market;
  cosmic::CosmicFactorService cosmic;
  MemoryAuditSink memory_audit;
  ChatClock clock;
  std::unique_ptr<StoreAuditSink> store_audit;
  ChatPipeline pipeline;
  std::unique_ptr<StoreFarmState> farm;
  std::unique_ptr<ControlHandlers> control;
  std::unique_ptr<BacktestPort> backtest_port;
  std::unique_ptr<BacktestHandler> backtest;
  std::mutex out_mutex;
  std::ostream* follow_up_out = nullptr;
  std::string session_user;
  ConsoleSink sink{out_mutex, follow_up_out, session_user};
  ForwardingSink forward{&sink};
  std::unique_ptr<NotificationRouter> router;
  std::unique_ptr<AlertBook> alert_book;
  std::unique_ptr<AlertEngine> alert_engine;
  std::unique_ptr<NotificationFeed> feed;
  std::jthread feed_thread;
  std::filesystem::path attachment_dir;  // empty: attachments are not saved
};

ConsoleChat::ConsoleChat(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
ConsoleChat::~ConsoleChat() = default;
ConsoleChat::ConsoleChat(ConsoleChat&&) noexcept = default;
ConsoleChat& ConsoleChat::operator=(ConsoleChat&&) noexcept = default;

Result<ConsoleChat> ConsoleChat::open(const std::filesystem::path& data_dir,
                                      const std::filesystem::path& config_path, ChatClock clock,
                                      const ConsoleOptions& options) {
  OMEGA_ASSIGN_OR_RETURN(PersonaLibrary personas, PersonaLibrary::load_dir(data_dir / "personas"));
  OMEGA_ASSIGN_OR_RETURN(EducationLibrary education,
                         EducationLibrary::load_dir(data_dir / "education"));
  OMEGA_ASSIGN_OR_RETURN(const Config config, Config::load_file(config_path));
  OMEGA_ASSIGN_OR_RETURN(ChatSettings settings, ChatSettings::from_config(config));
  if (auto p = personas.find(settings.default_persona); !p.ok()) {
    return config.invalid("chat.default_persona", p.error().message());
  }
  std::unique_ptr<store::Store> store;
  if (!options.store_url.empty()) {
    OMEGA_ASSIGN_OR_RETURN(const store::StoreOptions so, store::parse_store_url(options.store_url));
    OMEGA_ASSIGN_OR_RETURN(store, store::open_store(so));
  }
  auto parts = std::make_unique<Parts>(
      std::move(personas), std::move(education), std::move(settings), data_dir, std::move(clock),
      std::move(store), options.control, options.follow_ups, options.backtest,
      options.notification_group, options.notification_channel);
  OMEGA_TRY(parts->load_settings());
  return ConsoleChat(std::move(parts));
}

Result<ChatReply> ConsoleChat::ask(std::string_view user, std::string_view line,
                                   std::string_view persona) {
  if (!persona.empty()) OMEGA_TRY(parts_->pipeline.set_persona(user, persona));
  std::string text(line);
  const std::size_t start = text.find_first_not_of(" \t");
  if (start != std::string::npos && text[start] != '/' && text[start] != '!') {
    text.insert(start, "/");
  }
  InboundMessage in{"console", std::string(user), "", std::move(text)};
  in.attachments = !parts_->attachment_dir.empty();
  ChatReply reply = parts_->pipeline.handle(in);
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

void ConsoleChat::set_follow_up_output(std::ostream* out) {
  std::lock_guard lock(parts_->out_mutex);
  parts_->follow_up_out = out;
}

std::size_t ConsoleChat::run(std::string_view user, std::istream& in, std::ostream& out) {
  auto reader = make_stream_reader(in, out);
  return run(user, *reader, out);
}

std::size_t ConsoleChat::run(std::string_view user, LineReader& reader, std::ostream& out) {
  std::size_t answered = 0;
  set_follow_up_output(&out);
  {
    std::lock_guard lock(parts_->out_mutex);
    parts_->session_user = std::string(user);
  }
  parts_->start_feed();
  auto write = [&](const std::string& text) {
    std::lock_guard lock(parts_->out_mutex);
    out << text << std::flush;
  };
  write("omega chat — /help lists the commands, quit leaves.\n");
  const std::string prompt = std::string(user) + "> ";
  while (auto line = reader.read_line(prompt)) {
    if (*line == "quit" || *line == "exit" || *line == "/quit" || *line == "/exit") break;
    if (line->find_first_not_of(" \t\r") == std::string::npos) continue;
    reader.remember(*line);
    auto reply = ask(user, *line);
    write((reply.ok() ? reply->text : "error: " + reply.error().message()) + "\n");
    ++answered;
  }
  parts_->feed_thread = std::jthread();
  set_follow_up_output(nullptr);
  out << "\n";
  return answered;
}

void ConsoleChat::deliver_notifications_to(NotificationSink& sink) {
  parts_->forward.set(&sink);
  parts_->start_feed();
}

void ConsoleChat::stop_notifications() {
  parts_->feed_thread = std::jthread();
  parts_->forward.set(&parts_->sink);
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
