#!/usr/bin/env bash
# Integration test: drives the built omega binary on bundled files and on bad input, checking
# exit codes, stdout (machine output) and stderr (diagnostics).
# Usage: omega_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"
cli_test_init "$@"

m1="$data/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"
h1="$data/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"
dirty="$data/market/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz"
mixed="$data/market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz"

# Help everywhere, exit 0.
for cmd in "" "data" "data info" "data validate" "data resample" "data convert" "version" \
  "fib" "patterns" "ta"; do
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

# fib: swings, levels, confluence and alignment; bad specs are usage errors.
run 0 fib --input "$h1" --swing zigzag:10% --at 30000
expect "$out" "^swing +zigzag:10%$"
expect "$out" "^golden_pocket_low +[0-9.]+$"
expect "$out" "^retracement +0\.618 +[0-9.]+$"
expect "$out" "^extension +1\.618 +[0-9.]+$"
expect "$out" "^price +30000$"
expect "$out" "^nearest_ratio +[0-9.]+$"
run 0 fib --input "$h1" --swing atr:3 --format json
expect "$out" '"swing": "atr:3,14"'
expect "$out" '"confirmed_index": [0-9]+'
expect "$out" '"distance_atr": -?[0-9.]+'
run 0 fib --input "$h1" --swing fractal:5 --ratios 0.5,0.618/1.618 --format csv
expect "$out" "^# confluence$"
expect "$out" "^retracement,0\.618,"
run 0 fib --input "$h1" --swing zigzag:5% --timeframes 4h,1d --format csv
expect "$out" "^low,high,center,sources,levels,score,timeframes$"
expect "$out" ",1h 4h|,4h 1h|,1d|1h 1d"
run 2 fib --input "$h1" --timeframes 7m
run 2 fib --input "$h1" --swing zigzag:0%
expect "$err" "positive"
run 2 fib --input "$h1" --swing wave:3
expect "$err" "unknown swing detector"
run 2 fib --input "$h1" --ratios 0.5,x
run 2 fib --swing zigzag:5%
run 1 fib --input "$tmp/does-not-exist.csv"
expect "$err" "cannot open"
run 1 fib --input "$dirty"
expect "$err" "strictly ascending"

# fib --png: the chart of the printed leg and levels, replaced atomically; nothing is written
# when the chart cannot be drawn.
is_png() {
  if [[ "$(head -c 4 "$1" 2>/dev/null | tail -c 3)" != "PNG" ]]; then
    echo "FAIL: $1 is not a PNG file"
    failures=$((failures + 1))
  fi
}
run 0 fib --input "$h1" --swing zigzag:10% --png "$tmp/fib.png" --symbol BTC/USDT
expect "$out" "^retracement +0\.618 +[0-9.]+$"
expect "$err" "^chart: .*fib\.png \([0-9]+ bytes, [0-9]+ candles\)$"
is_png "$tmp/fib.png"
run 0 fib --input "$h1" --png "$tmp/fib.png" --png-width 640 --png-height 360 --no-volume
is_png "$tmp/fib.png"
run 2 fib --input "$h1" --png "$tmp/small.png" --png-width 10
[[ ! -e "$tmp/small.png" ]] || { echo "FAIL: small.png written"; failures=$((failures + 1)); }
run 1 fib --input "$h1" --png "$tmp/no-such-dir/fib.png"
expect "$err" "no-such-dir"
run 1 fib --input "$h1" --swing zigzag:99% --png "$tmp/none.png"
expect "$err" "no levels to draw, no chart written"
[[ ! -e "$tmp/none.png" ]] || { echo "FAIL: none.png written"; failures=$((failures + 1)); }

# patterns: the engulfing counts equal TA-Lib's reference output (5067 bullish, 5001 bearish).
run 0 patterns --input "$h1" --only engulfing --format csv
expect "$out" "^engulfing,CDLENGULFING,2,5067,5001$"
run 0 patterns --input "$h1" --only cdlhammer,doji morning-star --last 500
expect "$out" "^hammer +CDLHAMMER +11 "
expect "$out" "^morning-star +CDLMORNINGSTAR +12 "
run 0 patterns --input "$m1" --last 100 --format json
expect "$out" '"pattern": "three-black-crows"'
run 2 patterns --input "$h1" --only abandoned-baby
expect "$err" "unknown pattern"

# ta: indicator columns by spec, aligned with the input's timestamps; RSI(14) on the last bar
# agrees with TA-Lib's reference (52.692514217003982) to the digits shown here.
run 0 ta rsi:14 macd:12,26,9 --input "$h1" --format csv --last 2
expect "$out" '^time,rsi:14,"?macd:12,26,9\.macd"?,"?macd:12,26,9\.signal"?,"?macd:12,26,9\.hist"?$'
expect "$out" "^2024-04-21T14:00:00Z,52\.6925142170"
run 0 ta sma:20 --input "$h1" --format json --last 1
expect "$out" '"sma:20": [0-9.]+'
run 0 ta sma:20 --input "$h1" --format csv
expect "$out" "^2017-08-17T04:00:00Z,$"
run 2 ta nosuch:3 --input "$h1"
run 2 ta rsi:0 --input "$h1"
run 2 ta --input "$h1"
run 1 ta rsi:14 --input "$tmp/does-not-exist.csv"

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
for f in summary.json trades.csv equity.csv orders.csv signals.csv report.html; do
  [[ -s "$tmp/bt/$f" ]] || { echo "FAIL: backtest did not write $f"; failures=$((failures + 1)); }
done
expect "$tmp/bt/summary.json" '"max_drawdown"'
expect "$tmp/bt/trades.csv" "^n,side,entry_time,entry_price,exit_time,exit_price,size"
run 0 backtest --bot fibonacci_trader --data "$m1" --symbol BTC/USDT:USDT --fees binance_usdm \
  --lot 0.001 --leverage 3 --margin isolated --to 2025-06-01 --out "$tmp/fib"
expect "$tmp/fib/orders.csv" "fib_entry"
expect "$tmp/fib/signals.csv" "^time,bot,kind,payload$"
expect "$tmp/fib/signals.csv" ',fibonacci_trader,fib_levels,"\{""direction"":""(long|short)"",""origin"":'
# Not a terminal: no progress bar on stderr. On a terminal (script(1) gives it a pty): a bar.
run 0 backtest --bot sma_cross --data "$m1" --to 2025-06-01 --out "$tmp/btq"
[[ ! -s "$err" ]] || { echo "FAIL: backtest wrote to a non-terminal stderr"; head -3 "$err"; failures=$((failures + 1)); }
if command -v script >/dev/null 2>&1; then
  script -qec "$omega backtest --bot sma_cross --data $m1 --to 2025-06-01 --out $tmp/btt >/dev/null" \
    /dev/null >"$tmp/tty.txt" 2>&1 </dev/null
  expect "$tmp/tty.txt" 'backtesting \[#+\.*\] +[0-9]+ %'
fi
# Funding from a series: a perp run pays it; a malformed file fails naming the line.
printf 'funding_time,funding_rate\n2025-05-20T08:00:00Z,0.001\n2025-05-20T16:00:00Z,0.002\n' \
  >"$tmp/funding.csv"
run 0 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT --fees binance_usdm \
  --to 2025-05-21 --funding "$tmp/funding.csv" --out "$tmp/btf"
expect "$tmp/btf/summary.json" '"funding": "-?[0-9.]+"'
printf 'funding_time,funding_rate\n2025-05-20T08:00:00Z,zero\n' >"$tmp/bad-funding.csv"
run 1 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT --funding "$tmp/bad-funding.csv" \
  --out "$tmp/btf2"
expect "$err" "bad-funding.csv:2: bad funding rate"
[[ ! -e "$tmp/btf2" ]] || { echo "FAIL: a bad funding file left $tmp/btf2 behind"; failures=$((failures + 1)); }
# A constant rate every 8 h: a long perp pays it (positive funding in the summary and the trades).
run 0 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT --fees binance_usdm \
  --to 2025-05-23 --funding-rate 0.01 --out "$tmp/btfc"
expect "$tmp/btfc/summary.json" '"funding": "[1-9][0-9.]*"'
# The series pays at its own rows only: the same run with a zero-rate series pays nothing.
printf 'fundingTime,fundingRate\n1747728000000,0\n' >"$tmp/zero-funding.csv"
run 0 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT --fees binance_usdm \
  --to 2025-05-23 --funding "$tmp/zero-funding.csv" --out "$tmp/btfz"
expect "$tmp/btfz/summary.json" '"funding": "0"'
# Both at once, a missing file, a file without a rate column, times going backwards: each a
# clear error, exit 1, no output directory.
run 1 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT --funding-rate 0.001 \
  --funding "$tmp/funding.csv" --out "$tmp/btf3"
expect "$err" "funding"
run 1 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT \
  --funding "$tmp/no-such-funding.csv" --out "$tmp/btf4"
expect "$err" "no-such-funding.csv"
printf 'funding_time,premium\n2025-05-20T08:00:00Z,0.001\n' >"$tmp/norate-funding.csv"
run 1 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT \
  --funding "$tmp/norate-funding.csv" --out "$tmp/btf5"
expect "$err" "norate-funding.csv"
printf 'funding_time,funding_rate\n2025-05-20T16:00:00Z,0.001\n2025-05-20T08:00:00Z,0.001\n' \
  >"$tmp/backwards-funding.csv"
run 1 backtest --bot sma_cross --data "$m1" --symbol BTC/USDT:USDT \
  --funding "$tmp/backwards-funding.csv" --out "$tmp/btf6"
expect "$err" "backwards-funding.csv:3"
for d in btf3 btf4 btf5 btf6; do
  [[ ! -e "$tmp/$d" ]] || { echo "FAIL: a failed funding run left $tmp/$d behind"; failures=$((failures + 1)); }
done
# Book matching: the bundled spot capture, 1 s bars built from its trades.
run 0 backtest --bot sma_cross --book "$data/orderbook/binance_spot_btcusdt_ws_2024-08-08.jsonl.gz" \
  --bar 1s --out "$tmp/btbook"
expect "$out" "bars +345"
expect "$tmp/btbook/orders.csv" ",market,.*,filled,"
expect "$tmp/btbook/summary.json" '"timeframe": "1s"'
expect "$tmp/btbook/report.html" '"source_bars":345'
run 1 backtest --bot sma_cross --data "$m1" \
  --book "$data/orderbook/binance_spot_btcusdt_ws_2024-08-08.jsonl.gz" --out "$tmp/btbook2"
expect "$err" "exactly one of --data FILE and --book FILE"
run 1 backtest --bot sma_cross --book "$m1" --out "$tmp/btbook3"
expect "$err" "binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz:1"
run 1 backtest --bot sma_cross --data "$m1" --set fsat=5 --out "$tmp/bt2"
expect "$err" "fsat"
run 1 backtest --bot sma_cross --data "$m1" --set fast=40 --out "$tmp/bt2"
expect "$err" "slow"
run 1 backtest --bot nope --data "$m1" --out "$tmp/bt2"
expect "$err" "unknown bot"
run 2 backtest --bot sma_cross --data "$m1"

# omega chat --once: every persona answers, exit codes say answered (0), denied or
# unavailable (1) and bad input (2).
for persona in base xyko f biel z gemini; do
  run 0 chat --once "/fib BTC/USDT 1h" --persona "$persona"
  expect "$out" "BTC/USDT 1h"
  run 0 chat --once "/analyze BTC/USDT 4h" --persona "$persona"
  run 0 chat --once "/patterns BTC/USDT 1h" --persona "$persona"
  run 0 chat --once "/learn golden pocket" --persona "$persona"
  expect "$out" "golden pocket"
done
run 0 chat --once "/fib BTC/USDT 1h" --persona xyko
expect "$out" "[|] ratio [|] price [|]"
run 0 chat --once "/fib BTC/USDT 1h" --charts "$tmp/charts"
expect "$out" "chart: .*charts/fib_BTC-USDT_1h\.png"
is_png "$tmp/charts/fib_BTC-USDT_1h.png"
run 0 chat --once "/analyze BTC/USDT 1h" --persona z
expect "$out" "Moon"
run 0 chat --once "/analyze BTC/USDT 1h" --persona gemini
expect "$out" "Bear case"
run 0 chat --once "/help" --user viewer
run 0 chat --once "/quiz"
run 1 chat --once "/halt" --user viewer
expect "$out" "needs the admin role"
expect "$err" "denied"
run 1 chat --once "/balance" --user trader
expect "$out" "not available here"
run 1 chat --once "/help" --user mallory
run 2 chat --once "/frobnicate"
expect "$out" "unknown command"
run 2 chat --once "/fib BTC/USDT 1h --fast"
expect "$out" "unknown option"
run 2 chat --once "/help" --persona nobody
expect "$err" "no persona called 'nobody'"
printf 'bob: [broken\n' >"$tmp/bad-chat.yaml"
run 1 chat --once "/help" --config "$tmp/bad-chat.yaml"
expect "$err" "bad-chat.yaml"
printf '/persona set f\n/fib BTC/USDT 1h\nquit\n' | "$omega" chat >"$out" 2>"$err" || {
  echo "FAIL: interactive omega chat"
  failures=$((failures + 1))
}
expect "$out" "F on the levels"

cli_test_finish "omega CLI"
