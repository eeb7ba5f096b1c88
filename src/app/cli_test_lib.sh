# Shared helpers for the CLI integration scripts (sourced, not run). The caller runs
# `cli_test_init "$@"` (arguments: OMEGA_BINARY DATA_DIR SCRATCH_DIR), then its checks, and
# ends with `cli_test_finish NAME`.

# cli_test_init OMEGA DATA TMP: sets `omega`, `data`, `tmp` (emptied), `out` and `err` (files
# for the last command's stdout and stderr) and `failures=0`.
cli_test_init() {
  omega=$1
  data=$2
  tmp=$3
  rm -rf "$tmp" && mkdir -p "$tmp"
  failures=0
  out="$tmp/stdout"
  err="$tmp/stderr"
}

# run EXPECTED_RC ARGS...: runs omega, records stdout/stderr, checks the exit code.
run() {
  local want=$1
  shift
  "$omega" "$@" >"$out" 2>"$err"
  local rc=$?
  if [[ $rc -ne $want ]]; then
    echo "FAIL: omega $* -> exit $rc, want $want"
    sed 's/^/  stderr: /' "$err" | head -5
    failures=$((failures + 1))
  fi
}

# expect FILE PATTERN: the file must contain the (extended regex) pattern.
expect() {
  if ! grep -Eq -- "$2" "$1"; then
    echo "FAIL: '$2' not found in $(basename "$1") of the last command"
    head -5 "$1" | sed 's/^/  got: /'
    failures=$((failures + 1))
  fi
}

# cli_test_finish NAME: exits 1 with the failure count, or 0 saying every check passed.
cli_test_finish() {
  if [[ $failures -ne 0 ]]; then
    echo "$1: $failures check(s) failed"
    exit 1
  fi
  echo "$1: all checks passed"
  exit 0
}
