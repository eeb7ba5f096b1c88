#!/usr/bin/env bash
# Integration test: a running paper farm (`omega run`, paced, SQLite store) applies what the chat
# sends from another process (`omega chat --once --store`): a /halt queued before the farm
# started is applied when it starts, a trade while halted is denied by the risk engine (the
# answer on control.results, a denied line in the farm's output, the order in orders.csv), a bot
# pause shows in /status, /resume lifts the halt, a trader cannot halt; SIGTERM ends the run with
# exit 0 and /status then shows the bots stopped. Every wait is a bounded poll on a condition.
# Usage: farm_control_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"
cli_test_init "$@"

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

m1="$data/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"
store="sqlite:$tmp/farm.sqlite"
cat >"$tmp/chat.yaml" <<YAML
chat:
  default_persona: base
  rate_limit: {max_commands: 1000, window: 60s}
  users:
    ada: admin
    tina: trader
    vic: viewer
YAML
# Paced, ten 1m bars a second: the data lasts 3.6 hours of this, far longer than the test.
cat >"$tmp/farm.yaml" <<YAML
speed: 600x
out: out
store: $store
retention: {streams: 30d, audit: 400d, interval: 1h}
defaults:
  data: $m1
  symbol: BTC/USDT
  fees: binance_spot
  balance: 10000
bots:
  - bot: sma_cross
    params: {fast: 5, slow: 20}
  - bot: fibonacci_trader
YAML

chat() {  # chat EXPECTED_RC USER TEXT [ARGS...]: one message to the farm's store
  local want=$1 user=$2 text=$3
  shift 3
  run "$want" chat --once "$text" --user "$user" --store "$store" --config "$tmp/chat.yaml" "$@"
}

# wait_for WHAT COMMAND...: runs COMMAND until it succeeds, at most 150 times (about 30 s).
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 150); do
    if "$@"; then return 0; fi
    if [[ -n "${pid:-}" ]] && ! kill -0 "$pid" 2>/dev/null; then
      fail "the farm exited while waiting for: $what"
      return 1
    fi
    sleep 0.2
  done
  fail "timed out waiting for: $what"
  return 1
}
status_has() {  # status_has PATTERN: /status (as vic) matches PATTERN
  "$omega" chat --once /status --user vic --store "$store" --config "$tmp/chat.yaml" \
    >"$tmp/status.txt" 2>/dev/null && grep -Eq -- "$1" "$tmp/status.txt"
}
log_has() { grep -Eq -- "$1" "$tmp/farm.log"; }

# --- Before the farm runs: the halt is queued (--wait 0), nothing answers it yet. ---------------
mkdir -p "$tmp"
chat 0 ada /halt --wait 0
expect "$out" "sent to the farm"

# --- The farm starts and applies the halt it finds pending. -------------------------------------
"$omega" run --config "$tmp/farm.yaml" >"$tmp/farm.log" 2>"$tmp/farm.err" &
pid=$!
wait_for "the farm to run" log_has "^running sma_cross"
wait_for "the pending halt to be applied" status_has "HALTED \(by ada via console\)"
expect "$tmp/status.txt" "sma_cross \(sma_cross\): running"
expect "$tmp/status.txt" "fibonacci_trader \(fibonacci_trader\): running"
# Bars flow and the halt holds the bots' own entries back.
wait_for "a bot's entry denied by the halt" log_has "sma_cross +denied +buy .*manual_halt"

# --- A trade while halted: confirmed, sent, refused by the risk engine. -------------------------
chat 0 ada "/buy BTC/USDT 0.01"
expect "$out" "/confirm"
chat 1 ada /confirm --wait 20
expect "$out" "buy 0.01 BTC/USDT at market: failed — manual_halt: trading halted"
wait_for "the denial in the farm's output" log_has "denied +buy 0.01 BTC/USDT: manual_halt"

# --- Roles are checked: a trader cannot halt; a viewer cannot pause. ----------------------------
chat 1 tina /resume
expect "$err" "denied"
chat 1 vic "/bot pause sma_cross"
expect "$err" "denied"

# --- A trader pauses a bot; /status shows it. ---------------------------------------------------
chat 0 tina "/bot pause sma_cross" --wait 20
expect "$out" "running -> paused"
status_has "sma_cross \(sma_cross\): paused" || fail "/status does not show sma_cross paused"
expect "$tmp/status.txt" "fibonacci_trader \(fibonacci_trader\): running"

# --- /resume lifts the halt. --------------------------------------------------------------------
chat 0 ada /resume --wait 20
expect "$out" "trading resumed"
status_has "Farm: trading" || fail "/status still shows the farm halted after /resume"

# --- SIGTERM: the current step finishes, outputs are written, exit 0. --------------------------
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[[ $rc -eq 0 ]] || { fail "SIGTERM: exit $rc, want 0"; sed 's/^/  stderr: /' "$tmp/farm.err" | head -5; }
expect "$tmp/farm.log" "^stopped by SIGTERM"
status_has "sma_cross \(sma_cross\): stopped" || fail "/status does not show the bots stopped"
expect "$tmp/status.txt" "fibonacci_trader \(fibonacci_trader\): stopped"
grep -q "chat:ada" "$tmp/out/sma_cross/orders.csv" "$tmp/out/fibonacci_trader/orders.csv" ||
  fail "the refused manual order is not in orders.csv"

# --- What the store keeps: every result on control.results, the farm events for notifications. -
run 0 store export --store "$store" -o "$tmp/export.jsonl"
[[ $(grep -c '"stream":"control.results"' "$tmp/export.jsonl") -eq 4 ]] ||
  fail "want 4 results on control.results (halt, buy, pause, resume), got $(grep -c '"stream":"control.results"' "$tmp/export.jsonl")"
grep -q '"stream":"notifications"' "$tmp/export.jsonl" || fail "no farm event on notifications"
grep -q 'manual_halt' "$tmp/export.jsonl" || fail "the denial is not in the store"

# --- Every other command answers from a script, in every persona (the farm is gone: control
# commands are queued with --wait 0 and exit 0). ------------------------------------------------
personas=(base xyko f biel z gemini)
i=0
while IFS= read -r line; do
  [[ -z "$line" ]] && continue
  rc=${line%% *}
  rest=${line#* }
  user=${rest%% *}
  text=${rest#* }
  persona=${personas[$((i % 6))]}
  i=$((i + 1))
  chat "$rc" "$user" "$text" --persona "$persona" --wait 0
  [[ -s "$out" ]] || fail "'$text' ($persona) answered nothing"
done <<'LIST'
0 vic /help
0 vic /persona
0 vic /persona set gemini
0 vic /learn leverage
0 vic /quiz

0 vic /analyze BTC/USDT 4h
0 vic /fib BTC/USDT 1h
0 vic /patterns BTC/USDT 1h
0 vic /status
0 vic /positions
0 vic /orders
0 tina /balance
0 vic /performance sma_cross all
0 vic /risk
0 vic /alerts add price BTC/USDT above 70000
0 vic /alerts list
0 vic /notify fills on
0 vic /notify
0 tina /sell BTC/USDT 0.01 65000
0 tina /confirm
0 tina /close BTC/USDT
0 tina /confirm
0 tina /cancel r1.sma_cross-1
0 tina /confirm
0 tina /bot start sma_cross
0 tina /bot stop fibonacci_trader
0 ada /halt
0 ada /resume
0 tina /backtest sma_cross BTC/USDT 1h
LIST

cli_test_finish farm_control_cli_test
