#!/usr/bin/env bash
# Checks the redis-server started by scripts/with-redis.sh: loopback only, AOF on, read/write.
# Skips (77) when run outside the harness, so a bare `ctest` never touches a foreign Redis.
set -euo pipefail
url=${OMEGA_TEST_REDIS_URL:-}
if [[ -z "$url" ]]; then
  echo "OMEGA_TEST_REDIS_URL not set: run through scripts/with-redis.sh (make test)"
  exit 77
fi
hostport=${url#redis://}
host=${hostport%:*}
port=${hostport##*:}
[[ "$host" == "127.0.0.1" ]] || { echo "expected loopback host, got $host"; exit 1; }
cli=(redis-cli -h "$host" -p "$port")
[[ $("${cli[@]}" ping) == "PONG" ]] || { echo "no PONG"; exit 1; }
[[ $("${cli[@]}" config get appendonly | tail -1) == "yes" ]] || { echo "AOF is off"; exit 1; }
key="omega:test:harness:$$"
"${cli[@]}" set "$key" 42 >/dev/null
[[ $("${cli[@]}" get "$key") == "42" ]] || { echo "read back failed"; exit 1; }
"${cli[@]}" del "$key" >/dev/null
echo "redis harness ok on $host:$port"
