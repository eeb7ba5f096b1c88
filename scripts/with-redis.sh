#!/usr/bin/env bash
# Runs a command with a throwaway redis-server on a free loopback port (temporary directory,
# AOF on), exported as OMEGA_TEST_REDIS_URL; stops the server afterwards, whatever happens.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: redis-server not found (run scripts/install-deps.sh)" >&2
  exit 1
fi

dir=$(mktemp -d -t omega-redis.XXXXXX)
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# Try a few random ports in the dynamic range; redis-server fails fast when a port is taken.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --appendonly yes \
    --save "" --daemonize no --logfile "$dir/redis.log" &
  pid=$!
  # Wait until it answers PING (bounded); redis-cli retries are event-driven, not timed asserts.
  for _ in $(seq 1 100); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
      break 2
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.05
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
done

if [[ -z "$pid" ]]; then
  echo "with-redis: could not start redis-server; log:" >&2
  cat "$dir/redis.log" >&2 || true
  exit 1
fi

export OMEGA_TEST_REDIS_URL="redis://127.0.0.1:${port}"
echo "with-redis: redis-server pid $pid on 127.0.0.1:$port (dir $dir)" >&2
set +e
"$@"
rc=$?
set -e
exit $rc
