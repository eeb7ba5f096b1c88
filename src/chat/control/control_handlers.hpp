// Provides ControlHandlers: /buy, /sell, /close, /cancel (each waits for /confirm within 60 s),
// /confirm, /bot start|stop|pause, /halt and /resume, sent to the running farm through the
// control channel and answered with its result — at once when it comes quickly, else as a
// follow-up (or "pending" when the front end cannot take one).
#pragma once

#include <chrono>
#include <memory>

#include "chat/chat_pipeline.hpp"
#include "chat/control/control_client.hpp"
#include "chat/rate_limiter.hpp"

namespace omega::chat {

struct ControlOptions {
  // How long a trade command waits for /confirm.
  Duration confirm_window = std::chrono::seconds(60);
  // How long a handler waits for the result before answering "sent" (0: does not wait).
  std::chrono::milliseconds answer_within{0};
  // How long a follow-up waits for the result before saying the farm did not answer.
  std::chrono::milliseconds give_up_after{60'000};
  // How often the follow-up thread looks for results.
  std::chrono::milliseconds poll{25};
};

// Registers the control commands on `pipeline`; must outlive it (it owns the follow-up thread).
class ControlHandlers {
 public:
  ControlHandlers(ChatPipeline& pipeline, store::Store& store, ChatClock clock,
                  ControlOptions options = {});
  ~ControlHandlers();
  ControlHandlers(const ControlHandlers&) = delete;
  ControlHandlers& operator=(const ControlHandlers&) = delete;

  ControlClient& client() { return client_; }
  // Returns how many results are still awaited by follow-ups.
  std::size_t awaiting() const { return watcher_->watching(); }

 private:
  Result<HandlerReply> stage(const ChatRequest& r);     // buy, sell, close, cancel
  Result<HandlerReply> confirm(const ChatRequest& r);   // confirm
  Result<HandlerReply> send_now(const ChatRequest& r);  // bot, halt, resume
  Result<HandlerReply> dispatch(const ChatRequest& r, ControlCommand command);

  ChatClock clock_;
  ControlOptions options_;
  ControlClient client_;
  std::unique_ptr<ControlWatcher> watcher_;
};

// Renders a result (or its absence) as a kControl reply.
HandlerReply control_reply(const ControlCommand& command, const std::optional<ControlResult>& r,
                           bool gave_up = false);

// Describes a command in words, e.g. "buy 0.01 BTC/USDT at 64000".
std::string describe(const ControlCommand& command);

}  // namespace omega::chat
