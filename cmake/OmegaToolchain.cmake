# Compiler, linker and cache settings shared by every target.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

# ccache when present: rebuilds on two cores are precious. Paths are made relative to the
# source tree (base_dir, no cwd hash) so clones and worktrees of the repo share one cache.
find_program(OMEGA_CCACHE ccache)
if(OMEGA_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR} CCACHE_NOHASHDIR=true
      ${OMEGA_CCACHE})
endif()

# lld links several times faster than bfd.
include(CheckLinkerFlag)
check_linker_flag(CXX "-fuse-ld=lld" OMEGA_HAS_LLD)
if(OMEGA_HAS_LLD)
  add_link_options(-fuse-ld=lld)
endif()

# One link job at a time: links are memory-heavy and there are two cores.
set_property(GLOBAL APPEND PROPERTY JOB_POOLS omega_link=1)
set(CMAKE_JOB_POOL_LINK omega_link)

add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                    -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion)
# GCC 12's flow analysis reports std::string/std::vector internals as out-of-bounds or
# overlapping copies at -O2 and under ASan (GCC bugs 105329, 105651); the findings are not in our
# code and drown real warnings, so these are off for GCC < 13 only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-array-bounds -Wno-restrict -Wno-stringop-overflow -Wno-stringop-overread)
endif()
if(OMEGA_WERROR)
  add_compile_options(-Werror)
endif()

set(OMEGA_SANITIZE "" CACHE STRING "Sanitizers: address,undefined | thread | empty")
if(OMEGA_SANITIZE)
  add_compile_options(-fsanitize=${OMEGA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${OMEGA_SANITIZE})
endif()
