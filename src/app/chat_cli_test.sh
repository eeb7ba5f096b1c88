#!/usr/bin/env bash
# Integration test: `omega chat --once --store` answers every farm command from a store the
# farm wrote (SQLite always; the harness Redis too when OMEGA_TEST_REDIS_URL is set, never any
# other Redis), in every persona, with the exit codes of docs/chat.md; control commands are
# queued on the store's "control" stream with the sender and role; quiz progress and score
# carry from one process to the next.
# Usage: chat_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
omega=$1
data=$2
tmp=$3
rm -rf "$tmp" && mkdir -p "$tmp"
failures=0
out="$tmp/stdout"
err="$tmp/stderr"
export OMEGA_DATA_DIR="$data"

source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"

# One bot, one filled buy, one open sell, a 1m bar at 65000; 10000 USDT to start.
farm="$tmp/farm.jsonl"
cat >"$farm" <<'JSONL'
{"omega_store_export":2}
{"kind":"order","bot_id":"fib-btc-1","client_order_id":"c-1","venue_order_id":"v-1","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.010","price":"64250.50","status":"filled","ts_created":1700000000000000000,"ts_updated":1700000000250000000}
{"kind":"order","bot_id":"fib-btc-1","client_order_id":"c-2","venue_order_id":"v-2","symbol":"BTC/USDT","side":"sell","type":"limit","quantity":"0.005","price":"70000.00","status":"accepted","ts_created":1700000001000000000,"ts_updated":1700000001000000000}
{"kind":"fill","bot_id":"fib-btc-1","symbol":"BTC/USDT","trade_id":"t-1","client_order_id":"c-1","venue_order_id":"v-1","side":"buy","price":"64250.50","quantity":"0.010","fee":"0.25700200","fee_currency":"USDT","liquidity":"taker","ts_event":1700000000200000000}
{"kind":"position","bot_id":"fib-btc-1","symbol":"BTC/USDT","net_quantity":"0.010","fill_count":1,"ts_updated":1700000000200000000}
{"kind":"candle","symbol":"BTC/USDT","timeframe":"1m","open_time":1700000000000000000,"open":"64250.10","high":"65100.00","low":"64240.00","close":"65000.00","volume":"12.345"}
{"kind":"state","bot_id":"fib-btc-1","key":"run_state","value":"running","version":1}
{"kind":"state","bot_id":"fib-btc-1","key":"kind","value":"fibonacci_trader","version":1}
{"kind":"state","bot_id":"farm","key":"account.initial","value":"USDT=10000","version":1}
{"kind":"state","bot_id":"farm","key":"risk.limits","value":"max_leverage=3","version":1}
{"omega_store_end":2,"orders":2,"fills":1,"positions":1,"candles":1,"signals":0,"states":4,"metrics":0,"settings":0,"audit":0}
JSONL

check_store() {  # check_store URL LABEL
  local s=$1
  for persona in base xyko f biel z gemini; do
    run 0 chat --once "/status" --store "$s" --persona "$persona"
    expect "$out" "fib-btc-1"
    run 0 chat --once "/positions" --store "$s" --persona "$persona"
    expect "$out" "BTC/USDT"
    run 0 chat --once "/orders" --store "$s" --persona "$persona"
    expect "$out" "0.005 BTC/USDT|0.005 [|] BTC/USDT|BTC/USDT [|] sell [|] limit [|] 0.005"
    run 0 chat --once "/balance" --store "$s" --persona "$persona"
    expect "$out" "10007.24"
    run 0 chat --once "/performance fib-btc-1 all" --store "$s" --persona "$persona"
    expect "$out" "fib-btc-1"
    run 0 chat --once "/risk" --store "$s" --persona "$persona"
    expect "$out" "650.00"
  done
  run 0 chat --once "/positions" --store "$s"
  expect "$out" "fib-btc-1 BTC/USDT long 0.01 @ 64250.5, mark 65000, unrealised 7.50"
  run 0 chat --once "/balance" --store "$s"
  expect "$out" "USDT 9357.237998"
  expect "$out" "Equity 10007.24 USDT"
  run 0 chat --once "/risk" --store "$s"
  expect "$out" "Limits: max_leverage=3"
  # A quiz started in one process is answered in the next ones; the score is kept in the store.
  run 0 chat --once "/quiz" --store "$s" --user viewer
  expect "$out" "question 1: "
  run 0 chat --once "/quiz 3" --store "$s" --user viewer
  expect "$out" "Right!"
  expect "$out" "Score: 1/1[.]"
  run 0 chat --once "/quiz 1" --store "$s" --user viewer
  expect "$out" "Not quite"
  expect "$out" "Score: 1/2[.]"
  run 1 chat --once "/quiz 1" --store "$s" --user trader
  expect "$out" "no quiz running"
  run 1 chat --once "/balance" --store "$s" --user viewer
  expect "$out" "needs the trader role"
  run 1 chat --once "/performance nobody" --store "$s"
  expect "$out" "no bot called 'nobody'"
  run 2 chat --once "/performance fib-btc-1 2y" --store "$s"
  # Control commands are queued for the farm (no farm runs here, so nobody answers).
  run 0 chat --once "/halt" --store "$s" --user admin --wait 0
  expect "$out" "sent to the farm"
  run 1 chat --once "/halt" --store "$s" --user trader
  run 0 chat --once "/buy BTC/USDT 0.01" --store "$s"
  expect "$out" "/confirm within 60 s"
  run 0 chat --once "/confirm" --store "$s" --wait 0
  expect "$out" "buy 0.01 BTC/USDT at market"
  run 1 chat --once "/confirm" --store "$s" --wait 0
  expect "$out" "nothing to confirm"
  run 0 store export --store "$s" -o "$tmp/after.jsonl"
  grep -q '"stream":"control".*\\"action\\":\\"halt\\".*\\"role\\":\\"admin\\"' "$tmp/after.jsonl" || {
    echo "FAIL: $2: /halt is not on the control stream with its role"
    failures=$((failures + 1))
  }
  grep -q '"kind":"audit".*"actor":"user:admin","action":"control.halt"' "$tmp/after.jsonl" || {
    echo "FAIL: $2: /halt was not audited"
    failures=$((failures + 1))
  }
}

db="sqlite:$tmp/farm.db"
run 0 store import --store "$db" "$farm"
check_store "$db" sqlite
run 1 chat --once "/status" --store "sqlite:$tmp/nodir/x.db"
run 2 chat --once "/status" --store "mysql://nope"

if [[ -n "${OMEGA_TEST_REDIS_URL:-}" ]]; then
  prefix="omega:test:chatcli:$$:"
  url="${OMEGA_TEST_REDIS_URL}/0?prefix=${prefix}"
  run 0 store migrate --store "$url"
  run 0 store import --store "$url" "$farm"
  check_store "$url" redis
  port=${OMEGA_TEST_REDIS_URL##*:}
  redis-cli -p "$port" --scan --pattern "${prefix}*" | xargs -r redis-cli -p "$port" DEL >/dev/null
else
  echo "skip: OMEGA_TEST_REDIS_URL is unset, Redis part not run"
fi

cli_test_finish "chat CLI"
