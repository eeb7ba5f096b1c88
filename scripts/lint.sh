#!/usr/bin/env bash
# Lint: clang-format check, clang-tidy on src/ (using the build's compile_commands.json), and the
# layer check. Usage: scripts/lint.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
status=0

echo "lint: clang-format" >&2
if ! git ls-files '*.hpp' '*.cpp' | xargs clang-format --dry-run --Werror; then
  status=1
fi

echo "lint: layers" >&2
scripts/check-layers.sh || status=1

echo "lint: clang-tidy (src/, library sources; test helpers are compiled with the test PCH)" >&2
if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "lint: $build_dir/compile_commands.json missing; run make build first" >&2
  exit 1
fi
mapfile -t sources < <(git ls-files 'src/*.cpp' | grep -vE '_(test|bench)\.cpp$|/testing/|/test_[a-z_]+\.cpp$')
if [[ ${#sources[@]} -gt 0 ]]; then
  if ! printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet; then
    status=1
  fi
fi
exit $status
