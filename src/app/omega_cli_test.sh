#!/usr/bin/env bash
# Integration test: drives the built omega binary on bundled files and on bad input, checking
# exit codes, stdout (machine output) and stderr (diagnostics).
# Usage: omega_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
omega=$1
data=$2
tmp=$3
rm -rf "$tmp" && mkdir -p "$tmp"
failures=0
out="$tmp/stdout"
err="$tmp/stderr"

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

m1="$data/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"
h1="$data/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"
dirty="$data/market/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz"
mixed="$data/market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz"

# Help everywhere, exit 0.
for cmd in "" "data" "data info" "data validate" "data resample" "data convert" "version"; do
  # shellcheck disable=SC2086
  run 0 $cmd --help
  expect "$out" "Usage:"
done
run 0 --version
expect "$out" "^[0-9]+\.[0-9]+\.[0-9]+"
run 0 version --format json
expect "$out" '"version": "[0-9]+\.[0-9]+\.[0-9]+"'

# Usage errors exit 2.
run 2
run 2 data
run 2 data frobnicate
run 2 data info
run 2 data info "$h1" --no-such-flag
run 2 data info "$h1" --format yaml
run 2 data resample "$m1" --to 7m -o "$tmp/x.csv"
run 2 data validate "$dirty" --fix "$dirty"
expect "$err" "never modified"

# info on a clean file: table and json.
run 0 data info "$h1"
expect "$out" "^rows +58419$"
expect "$out" "^timeframe +1h$"
expect "$out" "^known_outage_gaps +28$"
expect "$out" "^hole_gaps +0$"
expect "$err" "read 58419 rows"
run 0 data info "$mixed" --format json
expect "$out" '"rows": 5152'
expect "$out" '"format": "mapped"'
expect "$out" '"timeframe": "1d"'
run 0 data info "$h1" --format csv
expect "$out" "^rows,58419$"

# validate: clean file passes; the dirty file fails with a precise report and a cleaned copy.
run 0 data validate "$m1"
expect "$out" "^result +ok$"
sum_before=$(cksum <"$dirty")
run 1 data validate "$dirty" --fix "$tmp/clean.csv" --format json --max-issues 3000
expect "$out" '"duplicate_times": 2649'
expect "$out" '"price_disagreements": 1442'
expect "$out" '"gaps": 8'
expect "$out" '"kind": "spike"'
expect "$out" '"kind": "descending-order"'
expect "$out" 'cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz:36063'
expect "$out" '"rows": 33412'
[[ "$(cksum <"$dirty")" == "$sum_before" ]] || { echo "FAIL: validate --fix modified its input"; failures=$((failures + 1)); }
run 0 data validate "$tmp/clean.csv"
expect "$out" "^gaps +8$"
expect "$out" "^hole +warning +1$"

# The daily Bitstamp/Coinbase file has three bad ticks (e.g. low 0.06 on 2017-04-15).
run 1 data validate "$mixed"
expect "$out" "^spike +error +3$"
expect "$out" "mixed-columns.csv.gz:2069"
run 0 data validate "$mixed" --spike-ratio 0

# resample and convert.
run 0 data resample "$m1" --to 5m -o "$tmp/m5.csv.gz"
expect "$out" "^rows_out +26141$"
run 0 data info "$tmp/m5.csv.gz"
expect "$out" "^timeframe +5m$"
run 1 data resample "$dirty" --to 4h -o "$tmp/x.csv"
expect "$err" "strictly ascending"
run 0 data convert "$mixed" -o "$tmp/mixed.json.gz"
run 0 data info "$tmp/mixed.json.gz"
expect "$out" "^format +freqtrade$"
expect "$out" "^rows +5152$"
run 2 data convert "$mixed" -o "$tmp/mixed.parquet"

# Bad input exits 1 and names file, line and column.
printf 'open_time,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,3\n1704067260000,1,2,oops,1.5,3\n' >"$tmp/bad.csv"
run 1 data info "$tmp/bad.csv"
expect "$err" "bad.csv:3:4: bad number 'oops'"
printf 'open_time,open,high,low,close,volume\n' >"$tmp/header.csv"
run 1 data validate "$tmp/header.csv"
expect "$err" "header only"
: >"$tmp/empty.csv"
run 1 data convert "$tmp/empty.csv" -o "$tmp/empty-out.csv"
expect "$err" "empty file"
[[ ! -e "$tmp/empty-out.csv" ]] || { echo "FAIL: convert wrote output for bad input"; failures=$((failures + 1)); }
head -c 20000 "$h1" >"$tmp/cut.csv.gz"
run 1 data info "$tmp/cut.csv.gz"
expect "$err" "truncated gzip"
run 1 data info "$tmp/does-not-exist.csv"
expect "$err" "cannot open"

# Backtests: the four report files, parameter validation, unknown bots, usage errors.
run 0 backtest --help
expect "$out" "Usage:"
run 0 backtest --bot sma_cross --data "$m1" --set fast=10 --set slow=30 --out "$tmp/bt" --format json
expect "$out" '"trades": [0-9]+'
for f in summary.json trades.csv equity.csv orders.csv; do
  [[ -s "$tmp/bt/$f" ]] || { echo "FAIL: backtest did not write $f"; failures=$((failures + 1)); }
done
expect "$tmp/bt/summary.json" '"max_drawdown"'
expect "$tmp/bt/trades.csv" "^n,side,entry_time,entry_price,exit_time,exit_price,size"
run 0 backtest --bot fibonacci_trader --data "$m1" --symbol BTC/USDT:USDT --fees binance_usdm \
  --lot 0.001 --leverage 3 --margin isolated --to 2025-06-01 --out "$tmp/fib"
expect "$tmp/fib/orders.csv" "fib_entry"
run 1 backtest --bot sma_cross --data "$m1" --set fsat=5 --out "$tmp/bt2"
expect "$err" "fsat"
run 1 backtest --bot sma_cross --data "$m1" --set fast=40 --out "$tmp/bt2"
expect "$err" "slow"
run 1 backtest --bot nope --data "$m1" --out "$tmp/bt2"
expect "$err" "unknown bot"
run 2 backtest --bot sma_cross --data "$m1"

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all omega CLI checks passed"
