#!/usr/bin/env bash
# Runs every Google Benchmark executable in a directory and prints the machine first, so the
# figures can be pasted into docs/benchmarks.md with their context.
set -euo pipefail
dir=${1:-build/bench/bin}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)"
shopt -s nullglob
found=0
for exe in "$dir"/*_bench; do
  found=1
  echo
  echo "## $(basename "$exe")"
  "$exe" --benchmark_min_time=0.5 ${BENCH_FILTER:+--benchmark_filter="$BENCH_FILTER"}
done
if [[ $found -eq 0 ]]; then
  echo "run-benchmarks: no *_bench executables in $dir" >&2
  exit 1
fi
