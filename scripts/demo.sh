#!/usr/bin/env bash
# The demo: what the farm can do today on the bundled real market data.
# Usage: scripts/demo.sh PATH_TO_OMEGA
set -euo pipefail
omega=${1:-build/release/bin/omega}
cd "$(dirname "$0")/.."
data=data/market
out=${OMEGA_DEMO_OUT:-build/demo}
mkdir -p "$out"

step() { printf '\n== %s\n' "$*" >&2; }

step "Bundled BTC/USDT 1h (Binance spot, 2017-2024): summary"
"$omega" data info "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"

step "Validation: real exchange outages are reported as known gaps, not holes"
"$omega" data validate "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz" --format table | tail -n 15 || true

step "A deliberately dirty file: precise report, then a cleaned copy (input untouched)"
set +e
"$omega" data validate "$data/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz" \
  --fix "$out/cryptodatadownload_clean.csv" | tail -n 20
rc=$?
set -e
echo "(validate exited $rc: non-zero because the input has errors)" >&2
"$omega" data info "$out/cryptodatadownload_clean.csv"

step "Resample 1m -> 4h with exchange alignment"
"$omega" data resample "$data/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz" --to 4h \
  -o "$out/btcusdt_4h.csv"
"$omega" data info "$out/btcusdt_4h.csv"

step "Backtest: the SMA crossover and the Fibonacci trader on BTC/USDT 1h (simulated exchange, Binance spot fees)"
"$omega" backtest --bot sma_cross --data "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz" \
  --out "$out/backtest-sma_cross"
"$omega" backtest --bot fibonacci_trader --data "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz" \
  --out "$out/backtest-fibonacci_trader"

step "Analytics on the same data: indicators, Fibonacci levels, patterns of the last bars"
"$omega" ta rsi:14 macd:12,26,9 atr:14 --input "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz" --last 3
"$omega" fib --input "$data/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz" --swing zigzag:5% --legs 1 | tail -n 25

step "Cosmic factors now (real astronomy; see docs/cosmic.md for what the statistics say)"
"$omega" cosmic now | head -n 12

step "Console chat: the same question in two personas' voices"
"$omega" chat --once "/fib BTC/USDT 4h" --persona f || true
"$omega" chat --once "/analyze BTC/USDT 1d" --persona gemini || true

step "Paper mode: both bots on live-clock semantics against the simulated exchange, fed by a fast replay (config/demo.yaml)"
# The same orders and fills as omega backtest on the same data (docs/paper-mode.md: parity).
"$omega" run --config config/demo.yaml --out "$out/paper" --store "sqlite:$out/paper/store.sqlite"

echo >&2
echo "demo outputs in $out/ (backtest and paper reports: summary.json, trades.csv, equity.csv, orders.csv)" >&2
echo "paper mode reports:" >&2
for bot in fibonacci_trader sma_cross; do
  if [[ -f "$out/paper/$bot/report.html" ]]; then
    echo "  $out/paper/$bot/report.html"
  else
    echo "  $out/paper/$bot/summary.json"
  fi
done
