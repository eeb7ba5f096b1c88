# omega_discord_payloads: what the Discord front end sends and receives, as pure functions over
# the chat pipeline's values. simdjson (parsing) stays in the .cpp files.
set(OMEGA_DISCORD_PAYLOADS_DIR ${CMAKE_CURRENT_LIST_DIR})

omega_library(omega_discord_payloads
  SOURCES ${OMEGA_DISCORD_PAYLOADS_DIR}/payload_json.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/application_commands.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/components.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/embeds.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/autocomplete.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/payload_responses.cpp
  DEPS omega_chat omega_core
  PRIVATE_DEPS fmt::fmt simdjson::simdjson)

omega_test(discord_payloads_tests
  SOURCES ${OMEGA_DISCORD_PAYLOADS_DIR}/payload_json_test.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/application_commands_test.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/components_test.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/embeds_test.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/autocomplete_test.cpp
          ${OMEGA_DISCORD_PAYLOADS_DIR}/payload_responses_test.cpp
  DEPS omega_discord_payloads simdjson::simdjson fmt::fmt)
