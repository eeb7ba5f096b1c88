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

for cmd in "store" "store migrate" "store check" "store export" "store import" "store trim"; do
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
run 2 store trim --store "sqlite:$tmp/x.db"
expect "$err" "exactly one of --before TIME, --keep DURATION or --config FILE"
run 2 store trim --store "sqlite:$tmp/x.db" --keep 1d --before 2026-01-01
run 2 store trim --store "sqlite:$tmp/x.db" --keep soon
expect "$err" "--keep: 'soon' is not a positive duration"
run 2 store trim --store "sqlite:$tmp/x.db" --before yesterday
expect "$err" "--before"
run 2 store trim --store "sqlite:$tmp/x.db" --keep 1d --only series,ledger
expect "$err" "unknown kind 'ledger'"
[[ -e "$tmp/x.db" ]] && { echo "FAIL: a usage error created the store"; failures=$((failures + 1)); }

# SQLite round trip.
db="sqlite:$tmp/omega.db"
run 0 store migrate --store "$db"
expect "$out" "schema version [0-9]+"
run 0 store check --store "$db"
expect "$out" "^ok: sqlite:"
run 0 store import --store "$db" "$ledger"
expect "$out" "imported 2 orders, 1 fills"
run 0 store import --store "$db" "$ledger" --format json
expect "$out" '"imported": \{"orders": 2, "fills": 1, "positions": 1, "candles": 1, "signals": 1, "states": 1, "metrics": 1, "settings": 1, "audit": 1, "stream_entries": 0, "stream_groups": 0, "stream_pending": 0\}'
run 0 store export --store "$db" -o "$tmp/back.jsonl"
expect "$out" "exported 2 orders, .* 4 stream entries in 0 consumer groups"
# The version 2 file's records all come back (now in a version 3 file with the streams).
missing=$(sed '1d;$d' "$ledger" | grep -vxFf "$tmp/back.jsonl")
[[ -z "$missing" ]] || { echo "FAIL: records lost in the round trip: $missing"; failures=$((failures + 1)); }
[[ -e "$tmp/back.jsonl.partial" ]] && { echo "FAIL: partial file left"; failures=$((failures + 1)); }
# A version 3 file round-trips byte for byte.
run 0 store import --store "sqlite:$tmp/again.db" "$tmp/back.jsonl"
run 0 store export --store "sqlite:$tmp/again.db" -o "$tmp/again.jsonl"
cmp -s "$tmp/back.jsonl" "$tmp/again.jsonl" || { echo "FAIL: sqlite version 3 round trip differs"; failures=$((failures + 1)); }

# Retention: by age per kind, by a policy file; the ledger is never trimmed.
run 0 store trim --store "sqlite:$tmp/again.db" --keep 1d --only series
expect "$out" "^trimmed 2 candles and metric points, 0 stream entries, 0 signals, 0 audit entries"
run 0 store trim --store "sqlite:$tmp/again.db" --before 2023-11-14T22:13:20.200Z --only signals,audit --format json
expect "$out" '^\{"trimmed": \{"series": 0, "stream_entries": 0, "signals": 0, "audit": 1\}\}'
printf 'store:\n  url: sqlite:unused.db\n  retention:\n    streams_max_len: 1\n' >"$tmp/retention.yaml"
run 0 store trim --store "sqlite:$tmp/again.db" --config "$tmp/retention.yaml"
expect "$out" "0 candles and metric points, 2 stream entries, 0 signals, 0 audit entries"
printf 'store:\n  retention:\n    audit: forever\n' >"$tmp/bad-retention.yaml"
run 2 store trim --store "sqlite:$tmp/again.db" --config "$tmp/bad-retention.yaml"
expect "$err" "store.retention.audit"
run 0 store export --store "sqlite:$tmp/again.db" -o -
expect "$out" '"omega_store_end":3,"orders":2,"fills":1,"positions":1,"candles":0,"signals":1,"states":1,"metrics":0,"settings":1,"audit":0,"stream_entries":2,"stream_groups":0,"stream_pending":0'

# Import replaces a file's streams, so it refuses a target stream holding entries the file lacks.
stream_file() {  # stream_file PAYLOAD: a version 3 file with one entry in stream "notify"
  printf '{"omega_store_export":3}\n{"kind":"stream_entry","stream":"notify","payload":"%s"}\n{"kind":"stream_group","stream":"notify","group":"chat","delivered":1}\n{"kind":"stream_pending","stream":"notify","group":"chat","entry":0,"consumer":"c1","deliveries":2}\n{"omega_store_end":3,"orders":0,"fills":0,"positions":0,"candles":0,"signals":0,"states":0,"metrics":0,"settings":0,"audit":0,"stream_entries":1,"stream_groups":1,"stream_pending":1}\n' "$1"
}
stream_file first >"$tmp/first.jsonl"
stream_file second >"$tmp/second.jsonl"
run 0 store import --store "sqlite:$tmp/again.db" "$tmp/first.jsonl"
expect "$out" "1 stream entries in 1 consumer groups with 1 pending"
run 1 store import --store "sqlite:$tmp/again.db" "$tmp/second.jsonl"
expect "$err" "stream 'notify' on the target holds 1 entries that are not in the file"
run 0 store export --store "sqlite:$tmp/again.db" -o -
expect "$out" '"payload":"first"'
grep -q '"payload":"second"' "$out" && { echo "FAIL: a refused import wrote"; failures=$((failures + 1)); }
run 0 store import --store "sqlite:$tmp/again.db" "$tmp/second.jsonl" --no-streams
run 0 store export --store "sqlite:$tmp/again.db" -o -
expect "$out" '"stream_pending","stream":"notify","group":"chat","entry":0,"consumer":"c1","deliveries":2'
sed 's/"delivered":1/"delivered":2/' "$tmp/first.jsonl" >"$tmp/bad-group.jsonl"
run 1 store import --store "sqlite:$tmp/fresh2.db" "$tmp/bad-group.jsonl"
expect "$err" "line 3: field 'delivered' must be between 0 and the stream's 1 entries"

# A half-written export imports nothing.
head -n -1 "$ledger" >"$tmp/half.jsonl"  # all but the end line
run 1 store import --store "sqlite:$tmp/fresh.db" "$tmp/half.jsonl"
expect "$err" "half-written"
run 0 store export --store "sqlite:$tmp/fresh.db" -o -
expect "$out" '"omega_store_end":3,"orders":0,"fills":0,"positions":0,"candles":0,"signals":0,"states":0,"metrics":0,"settings":0,"audit":0,"stream_entries":0,"stream_groups":0,"stream_pending":0'

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
  cmp -s "$tmp/back.jsonl" "$tmp/redis.jsonl" || { echo "FAIL: redis export differs from sqlite's"; failures=$((failures + 1)); }
  run 0 store trim --store "$url" --keep 1d --only series
  expect "$out" "^trimmed 2 candles and metric points"
  port=${OMEGA_TEST_REDIS_URL##*:}
  redis-cli -p "$port" --scan --pattern "${prefix}*" | xargs -r redis-cli -p "$port" DEL >/dev/null
else
  echo "skip: OMEGA_TEST_REDIS_URL is unset, Redis part not run"
fi

cli_test_finish "store CLI"
