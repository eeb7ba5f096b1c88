#!/usr/bin/env bash
# Integration test: `omega store` on SQLite (always) and on the harness Redis (only when
# OMEGA_TEST_REDIS_URL is set; never any other Redis): exit codes, lossless export/import round
# trips, and bad input (bad URL, corrupt file, half-written export) refused with nothing changed.
# Usage: store_cli_test.sh OMEGA_BINARY SCRATCH_DIR
set -u
omega=$1
tmp=$2
rm -rf "$tmp" && mkdir -p "$tmp"
failures=0
out="$tmp/stdout"
err="$tmp/stderr"

source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"

ledger="$tmp/ledger.jsonl"
cat >"$ledger" <<'JSONL'
{"omega_store_export":2}
{"kind":"order","bot_id":"fib-btc-1","client_order_id":"c-1","venue_order_id":"v-1","symbol":"BTC/USDT:USDT","side":"buy","type":"limit","quantity":"0.010","price":"64250.50","status":"filled","ts_created":1700000000000000000,"ts_updated":1700000000250000000}
{"kind":"order","bot_id":"fib-btc-1","client_order_id":"c-2","venue_order_id":"","symbol":"BTC/USDT:USDT","side":"sell","type":"market","quantity":"0.004","price":null,"status":"canceled","ts_created":1700000001000000000,"ts_updated":1700000001000000000}
{"kind":"fill","bot_id":"fib-btc-1","symbol":"BTC/USDT:USDT","trade_id":"t-1","client_order_id":"c-1","venue_order_id":"v-1","side":"buy","price":"64250.50","quantity":"0.010","fee":"0.25700200","fee_currency":"USDT","liquidity":"taker","ts_event":1700000000200000000}
{"kind":"position","bot_id":"fib-btc-1","symbol":"BTC/USDT:USDT","net_quantity":"0.010","fill_count":1,"ts_updated":1700000000200000000}
{"kind":"candle","symbol":"BTC/USDT:USDT","timeframe":"1m","open_time":1700000000000000000,"open":"64250.10","high":"64261.00","low":"64240.00","close":"64255.50","volume":"12.345"}
{"kind":"signal","bot_id":"fib-btc-1","symbol":"BTC/USDT:USDT","signal":"fib_retracement","payload":"{\"level\":\"0.618\"}","ts":1700000000300000000}
{"kind":"state","bot_id":"fib-btc-1","key":"cursor","value":"42","version":3}
{"kind":"metric","name":"equity","ts":1700000000000000000,"value":"10250.75"}
{"kind":"setting","user_id":"1234","key":"persona","value":"sage"}
{"kind":"audit","ts":1700000000100000000,"actor":"user:1234","action":"settings.set","target":"persona","result":"ok"}
{"omega_store_end":2,"orders":2,"fills":1,"positions":1,"candles":1,"signals":1,"states":1,"metrics":1,"settings":1,"audit":1}
JSONL

for cmd in "store" "store migrate" "store check" "store export" "store import"; do
  # shellcheck disable=SC2086
  run 0 $cmd --help
  expect "$out" "Usage:"
done

# Usage errors exit 2.
run 2 store
run 2 store migrate
run 2 store migrate --store mysql://x
run 2 store check --store "redis://h:notaport"
run 2 store check --store "sqlite:$tmp/x.db" --password-env OMEGA_NO_SUCH_VARIABLE_SET

# SQLite round trip.
db="sqlite:$tmp/omega.db"
run 0 store migrate --store "$db"
expect "$out" "schema version [0-9]+"
run 0 store check --store "$db"
expect "$out" "^ok: sqlite:"
run 0 store import --store "$db" "$ledger"
expect "$out" "imported 2 orders, 1 fills"
run 0 store import --store "$db" "$ledger" --format json
expect "$out" '"imported": \{"orders": 2, "fills": 1, "positions": 1, "candles": 1, "signals": 1, "states": 1, "metrics": 1, "settings": 1, "audit": 1\}'
run 0 store export --store "$db" -o "$tmp/back.jsonl"
cmp -s "$ledger" "$tmp/back.jsonl" || { echo "FAIL: sqlite export differs from import"; failures=$((failures + 1)); }
[[ -e "$tmp/back.jsonl.partial" ]] && { echo "FAIL: partial file left"; failures=$((failures + 1)); }

# A half-written export imports nothing.
head -n -1 "$ledger" >"$tmp/half.jsonl"  # all but the end line
run 1 store import --store "sqlite:$tmp/fresh.db" "$tmp/half.jsonl"
expect "$err" "half-written"
run 0 store export --store "sqlite:$tmp/fresh.db" -o -
expect "$out" '"omega_store_end":2,"orders":0,"fills":0,"positions":0,"candles":0,"signals":0,"states":0,"metrics":0,"settings":0,"audit":0'

# A corrupt file is refused and left as it was.
printf 'not a database at all\n' >"$tmp/corrupt.db"
run 1 store check --store "sqlite:$tmp/corrupt.db"
expect "$err" "not a SQLite database"
[[ "$(cat "$tmp/corrupt.db")" == "not a database at all" ]] || { echo "FAIL: corrupt file changed"; failures=$((failures + 1)); }

# Redis, only the harness server, under a prefix of this run.
if [[ -n "${OMEGA_TEST_REDIS_URL:-}" ]]; then
  prefix="omega:test:cli:$$:"
  url="${OMEGA_TEST_REDIS_URL}/0?prefix=${prefix}"
  run 0 store migrate --store "$url"
  run 0 store import --store "$url" "$ledger"
  run 0 store check --store "$url"
  run 0 store export --store "$url" -o "$tmp/redis.jsonl"
  cmp -s "$ledger" "$tmp/redis.jsonl" || { echo "FAIL: redis export differs from import"; failures=$((failures + 1)); }
  port=${OMEGA_TEST_REDIS_URL##*:}
  redis-cli -p "$port" --scan --pattern "${prefix}*" | xargs -r redis-cli -p "$port" DEL >/dev/null
else
  echo "skip: OMEGA_TEST_REDIS_URL is unset, Redis part not run"
fi

cli_test_finish "store CLI"
