// Provides register_education_handlers: /learn and /quiz on the education library.
#pragma once

#include "chat/chat_pipeline.hpp"
#include "chat/education/education_library.hpp"
#include "chat/education/quiz_tracker.hpp"

namespace omega::chat {

// Registers /learn [TOPIC] and /quiz [ANSWER]; `library` and `quizzes` must outlive `pipeline`.
void register_education_handlers(ChatPipeline& pipeline, const EducationLibrary& library,
                                 QuizTracker& quizzes);

}  // namespace omega::chat
