# Helpers that give every folder the same shape: one library, one test executable, one bench.

# omega_library(NAME SOURCES ... DEPS ...): a static library rooted at src/ for includes.
function(omega_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  add_library(omega::${name} ALIAS ${name})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# omega_test(NAME SOURCES ... DEPS ...): one gtest executable per folder, discovered by ctest.
function(omega_test name)
  if(NOT OMEGA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE OMEGA_DATA_DIR="${OMEGA_DATA_DIR}"
                                             OMEGA_TEST_TMP="${CMAKE_BINARY_DIR}/test-tmp")
  target_precompile_headers(${name} PRIVATE <gtest/gtest.h> <string> <vector> <string_view>)
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "${labels}")
endfunction()

# omega_bench(NAME SOURCES ... DEPS ...): a Google Benchmark executable.
function(omega_bench name)
  if(NOT OMEGA_BUILD_BENCH)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
  target_compile_definitions(${name} PRIVATE OMEGA_DATA_DIR="${OMEGA_DATA_DIR}")
endfunction()
