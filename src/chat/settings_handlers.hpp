// Provides register_settings_handlers: /notify (levels per event type) and /alerts (rules),
// both persisted in the user settings of the store, and load_notify_levels, which gives the
// router every stored level at start.
#pragma once

#include "chat/alerts.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/notification_router.hpp"
#include "store/store.hpp"

namespace omega::chat {

// Registers /notify and /alerts; every argument must outlive `pipeline`.
void register_settings_handlers(ChatPipeline& pipeline, store::SettingsStore& settings,
                                NotificationRouter& router, AlertBook& alerts);

// Subscribes the router to every level stored as a "notify.EVENT" user setting.
Status load_notify_levels(store::StoreCatalog& catalog, NotificationRouter& router);

}  // namespace omega::chat
