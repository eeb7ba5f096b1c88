#!/usr/bin/env bash
# Integration test: `omega run` (paper mode) end to end on bundled data. The same bots on the same
# data give byte-identical orders.csv, trades.csv and equity.csv through `omega backtest` and
# `omega run` at max speed; events stream as lines (text or JSON); bad configs fail naming the
# file and the key, exit non-zero and write nothing; SIGINT mid-run finishes the current step,
# writes every bot's outputs, prints the summary and exits 0.
# Usage: run_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"
cli_test_init "$@"

h1="$data/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"
m1="$data/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"
span=(--from 2021-01-01T00:00:00Z --to 2022-07-01T00:00:00Z)

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# same_files A B FILE...: the files must be identical byte for byte.
same_files() {
  local a=$1 b=$2
  shift 2
  for f in "$@"; do
    if ! cmp -s "$a/$f" "$b/$f"; then
      fail "$f differs between $a and $b"
      diff "$a/$f" "$b/$f" | head -5 | sed 's/^/  /'
    fi
  done
}

run 0 run --help
expect "$out" "--config"
expect "$out" "--speed"

# --- Parity: omega backtest and omega run (max speed), both bots in one run. ---------------------
run 0 backtest --bot sma_cross --data "$h1" "${span[@]}" --set fast=10 --set slow=30 \
  --out "$tmp/bt/sma_cross"
run 0 backtest --bot fibonacci_trader --data "$h1" "${span[@]}" --out "$tmp/bt/fibonacci_trader"
cat >"$tmp/parity.yaml" <<YAML
speed: max
out: paper
defaults:
  data: $h1
  from: 2021-01-01T00:00:00Z
  to: 2022-07-01T00:00:00Z
bots:
  - bot: sma_cross
    params: {fast: 10, slow: 30}
  - bot: fibonacci_trader
YAML
run 0 run --config "$tmp/parity.yaml"
expect "$out" "^running sma_cross \(sma_cross on BTC/USDT, [0-9]+ bars\), fibonacci_trader"
expect "$out" " fill +buy "
expect "$out" "^replay complete"
expect "$out" "^summary \(2\)"
expect "$out" "^sma_cross +1[0-9]{4} +[0-9]+ +[0-9]+ "
for bot in sma_cross fibonacci_trader; do
  same_files "$tmp/bt/$bot" "$tmp/paper/$bot" orders.csv trades.csv equity.csv signals.csv
  [[ -s "$tmp/paper/$bot/report.html" ]] || fail "$bot: no report.html"
  [[ $(wc -l <"$tmp/paper/$bot/orders.csv") -gt 5 ]] || fail "$bot placed almost no orders"
  expect "$tmp/paper/$bot/summary.json" "\"bot\": \"$bot\""
done
# The out and store paths of the file are relative to the file.
[[ -f "$tmp/paper/store.sqlite" ]] || fail "the default store is OUT/store.sqlite"

# A second run on the same store gets new client order ids (r2.) and the same results.
run 0 run --config "$tmp/parity.yaml" --out "$tmp/paper2" --store "sqlite:$tmp/paper/store.sqlite"
same_files "$tmp/paper/sma_cross" "$tmp/paper2/sma_cross" orders.csv trades.csv
run 0 store export --store "sqlite:$tmp/paper/store.sqlite" -o "$tmp/export.jsonl"
grep -q 'r1\.sma_cross-1"' "$tmp/export.jsonl" || fail "the first run's ids are not in the ledger"
grep -q 'r2\.sma_cross-1"' "$tmp/export.jsonl" || fail "the second run's ids are not in the ledger"

# --- JSON lines. ---------------------------------------------------------------------------------
run 0 run --config "$tmp/parity.yaml" --out "$tmp/json" --store "sqlite:$tmp/json.sqlite" \
  --format json
expect "$out" '^\{"event":"running","bots":\["sma_cross","fibonacci_trader"\],"speed":"max"'
expect "$out" '^\{"event":"fill","ts":"20[0-9-]+T[0-9:]+Z","bot":"sma_cross","symbol":"BTC/USDT"'
expect "$out" '^\{"event":"signal",.*"bot":"fibonacci_trader","name":"fib_trend"'
expect "$out" '^\{"event":"summary","stopped":false,'
if grep -qv '^{"event":"[a-z]*",.*}$' "$out"; then
  fail "--format json printed a line that is not a JSON event object"
  grep -v '^{"event":"[a-z]*",.*}$' "$out" | head -3
fi

# --- Risk events: the kill switch and the denials after it, as text and as JSON. ----------------
cat >"$tmp/risk.yaml" <<YAML
speed: max
out: risk
bots:
  - bot: sma_cross
    data: $h1
    from: 2021-01-01T00:00:00Z
    to: 2021-03-01T00:00:00Z
    max_daily_loss: 50
YAML
run 0 run --config "$tmp/risk.yaml"
expect "$out" "^2021-01-[0-9T:]+Z  sma_cross +critical kill switch: daily loss limit 50 reached"
expect "$out" "^2021-01-[0-9T:]+Z  sma_cross +denied +buy \(quote budget\) BTC/USDT: kill_switch: "
run 0 run --config "$tmp/risk.yaml" --out "$tmp/risk-json" --store "sqlite:$tmp/risk.sqlite" \
  --format json
expect "$out" '^\{"event":"risk","kind":"notification","ts":"2021-01-[^"]+","bot":"sma_cross","level":"critical","text":"kill switch'
expect "$out" '^\{"event":"risk","kind":"denied",.*"reason":"kill_switch: '

# --- Bad configs: a clear error naming the file and the key; nothing written. -------------------
bad() {  # bad NAME PATTERN: the config $tmp/NAME.yaml fails with PATTERN on stderr
  run 1 run --config "$tmp/$1.yaml"
  expect "$err" "$2"
  [[ ! -e "$tmp/out-$1" ]] || fail "$1: $tmp/out-$1 was created by a failed run"
}
cat >"$tmp/unknown-bot.yaml" <<YAML
out: out-unknown-bot
bots:
  - bot: sma_crossover
    data: $h1
YAML
bad unknown-bot "unknown-bot\.yaml:3:10: bots\.0\.bot: unknown bot 'sma_crossover' \(known: sma_cross, fibonacci_trader\)"
cat >"$tmp/missing-data.yaml" <<YAML
out: out-missing-data
bots:
  - bot: sma_cross
    data: no/such/file.csv
YAML
bad missing-data "missing-data\.yaml:4:11: bots\.0\.data: cannot read '.*no/such/file\.csv': no such file"
cat >"$tmp/bad-speed.yaml" <<YAML
speed: fast
out: out-bad-speed
bots:
  - bot: sma_cross
    data: $h1
YAML
bad bad-speed "bad-speed\.yaml:1:8: speed: speed 'fast' is not '<number>x'"
cat >"$tmp/zero-speed.yaml" <<YAML
speed: 0x
out: out-zero-speed
bots: [{bot: sma_cross, data: $h1}]
YAML
bad zero-speed "zero-speed\.yaml:1:8: speed: .*must be above 0x"
printf 'out: out-bad-yaml\nbots:\n  - bot: sma_cross\n    data: [unclosed\n' >"$tmp/bad-yaml.yaml"
bad bad-yaml "bad-yaml\.yaml:[0-9]+:[0-9]+: invalid YAML"
cat >"$tmp/typo.yaml" <<YAML
out: out-typo
bots:
  - bot: sma_cross
    data: $h1
    levrage: 3
YAML
bad typo "typo\.yaml:5:5: unknown key bots\.0\.levrage \(did you mean leverage\?\)"
cat >"$tmp/bad-param.yaml" <<YAML
out: out-bad-param
bots:
  - bot: sma_cross
    data: $h1
    params: {fast: 50, slow: 20}
YAML
bad bad-param "bad-param\.yaml:5:.*slow: needs 1 <= fast < slow"
[[ ! -e "$tmp/out-bad-param/store.sqlite" ]] || fail "a bad parameter left a store behind"
cat >"$tmp/bad-fees.yaml" <<YAML
out: out-bad-fees
defaults:
  fees: binance_futures
bots:
  - bot: sma_cross
    data: $h1
YAML
bad bad-fees "bad-fees\.yaml:3:9: defaults\.fees: unknown fee preset 'binance_futures'"
cat >"$tmp/same-name.yaml" <<YAML
out: out-same-name
defaults: {data: $h1}
bots:
  - bot: sma_cross
  - bot: sma_cross
YAML
bad same-name "same-name\.yaml.*bots\.1\.name: 'sma_cross' is taken"
printf 'out: out-no-bots\nbots: []\n' >"$tmp/no-bots.yaml"
bad no-bots "no-bots\.yaml.*bots: must be a non-empty list"
run 1 run --config "$tmp/does-not-exist.yaml"
expect "$err" "does-not-exist\.yaml"

# --- SIGINT mid-run: signalled once the output shows bars flowing. ------------------------------
cat >"$tmp/slow.yaml" <<YAML
speed: 6000x
out: out-slow
bots:
  - bot: sma_cross
    data: $m1
    params: {fast: 5, slow: 20}
YAML
fifo="$tmp/run.fifo"
mkfifo "$fifo"
log="$tmp/slow.log"
: >"$log"
"$omega" run --config "$tmp/slow.yaml" >"$fifo" 2>"$err" &
pid=$!
exec 3<"$fifo"
signalled=0
while IFS= read -r line <&3; do
  printf '%s\n' "$line" >>"$log"
  # The second fill: the replay is running, bars are flowing, the bot has traded.
  if [[ $signalled -eq 0 && $line == *" fill "* ]] && grep -c ' fill ' "$log" | grep -qx 2; then
    kill -INT "$pid"
    signalled=1
  fi
done
exec 3<&-
wait "$pid"
rc=$?
[[ $signalled -eq 1 ]] || fail "the slow run never printed two fills"
[[ $rc -eq 0 ]] || { fail "SIGINT: exit $rc, want 0"; sed 's/^/  stderr: /' "$err" | head -5; }
expect "$log" "^stopped by SIGINT: the current step finished, outputs written"
expect "$log" "^bot +bars +trades +orders +final_equity"
for f in summary.json trades.csv equity.csv orders.csv signals.csv report.html; do
  [[ -s "$tmp/out-slow/sma_cross/$f" ]] || fail "SIGINT: out-slow/sma_cross/$f missing"
done
bars=$(awk '$1 == "sma_cross" {print $2}' "$log" | tail -1)
total=$(zcat "$m1" | tail -n +2 | wc -l)
if [[ -z "$bars" || $bars -le 20 || $bars -ge $total ]]; then
  fail "SIGINT: the summary should show part of the $total bars, got '${bars}'"
fi
# equity.csv holds one row per bar replayed, no more: the step in progress finished, no other.
[[ $(($(wc -l <"$tmp/out-slow/sma_cross/equity.csv") - 1)) -eq $bars ]] ||
  fail "SIGINT: equity.csv rows differ from the bars in the summary"
expect "$tmp/out-slow/sma_cross/summary.json" "\"bars\": $bars,"

cli_test_finish run_cli_test
