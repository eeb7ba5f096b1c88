#!/usr/bin/env bash
# Integration test: `omega sweep` and `omega walkforward` end to end on bundled data: the files
# are byte-identical whatever --jobs says, random search follows its seed, and bad grids,
# metrics, parameter names and window specs fail with a clear message and a non-zero exit.
# Usage: sweep_cli_test.sh OMEGA_BINARY DATA_DIR SCRATCH_DIR
set -u
source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"
cli_test_init "$@"

h1="$data/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"
span=(--from 2019-01-01T00:00:00Z --to 2021-01-01T00:00:00Z)

# same_files A B FILE...: the files must be identical byte for byte.
same_files() {
  local a=$1 b=$2
  shift 2
  for f in "$@"; do
    if ! cmp -s "$a/$f" "$b/$f"; then
      echo "FAIL: $f differs between $(basename "$a") and $(basename "$b")"
      failures=$((failures + 1))
    fi
  done
}

run 0 sweep --help
expect "$out" "--grid"
run 0 walkforward --help
expect "$out" "--train"

# Grid: the same table with one and two workers.
grid=(--grid fast=5:25:5 --grid slow=20:60:20)
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${grid[@]}" --jobs 1 --out "$tmp/g1"
expect "$out" "combinations +15"
expect "$out" "runs +13"
expect "$out" "rejected +2"
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${grid[@]}" --jobs 2 --out "$tmp/g2" \
  --format json
expect "$out" '"jobs": 2'
same_files "$tmp/g1" "$tmp/g2" results.csv results.json
expect "$tmp/g1/results.csv" "^rank,run,fast,slow,total_return,cagr,sharpe,"
expect "$tmp/g1/results.json" '"deflated_sharpe": \{"probability": 0\.[0-9]+'
[[ $(wc -l <"$tmp/g1/results.csv") -eq 14 ]] || {
  echo "FAIL: results.csv should hold a header and 13 rows"
  failures=$((failures + 1))
}
# Sorted by total_return, best first.
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${grid[@]}" --sort total_return \
  --out "$tmp/g3"
if ! tail -n +2 "$tmp/g3/results.csv" | cut -d, -f5 | sort -g -r -c 2>/dev/null; then
  echo "FAIL: results.csv is not sorted by total_return"
  failures=$((failures + 1))
fi

# Random search: the seed fixes the sample, whatever --jobs says; another seed, another sample.
wide=(--grid fast=2:40:1 --grid slow=10:200:5 --random 10)
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${wide[@]}" --seed 7 --jobs 1 --out "$tmp/r1"
expect "$out" "search +random"
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${wide[@]}" --seed 7 --jobs 2 --out "$tmp/r2"
same_files "$tmp/r1" "$tmp/r2" results.csv results.json
run 0 sweep --bot sma_cross --data "$h1" "${span[@]}" "${wide[@]}" --seed 8 --jobs 2 --out "$tmp/r3"
if cmp -s "$tmp/r1/results.csv" "$tmp/r3/results.csv"; then
  echo "FAIL: seeds 7 and 8 drew the same sample"
  failures=$((failures + 1))
fi

# Walk-forward: the same files with one and two workers.
wf=(--grid fast=5:25:10 --grid slow=30,60 --train 180d --test 60d)
run 0 walkforward --bot sma_cross --data "$h1" "${span[@]}" "${wf[@]}" --jobs 1 --out "$tmp/w1"
expect "$out" "windows +10"
run 0 walkforward --bot sma_cross --data "$h1" "${span[@]}" "${wf[@]}" --jobs 2 --out "$tmp/w2"
same_files "$tmp/w1" "$tmp/w2" windows.csv walkforward.json oos_equity.csv
expect "$tmp/w1/windows.csv" "^window,train_start,train_end,test_start,test_end,partial,"
expect "$tmp/w1/windows.csv" "is_sharpe,oos_sharpe"
expect "$tmp/w1/walkforward.json" '"stitched_out_of_sample": \{"total_return"'
run 0 walkforward --bot sma_cross --data "$h1" "${span[@]}" "${wf[@]}" --anchored --step 90d \
  --drop-partial --sort total_return --out "$tmp/w3"
expect "$tmp/w3/walkforward.json" '"anchored": true'
expect "$tmp/w3/windows.csv" "^0,2019-01-01T00:00:00Z,2019-06-30T00:00:00Z,"
expect "$tmp/w3/windows.csv" "^1,2019-01-01T00:00:00Z,2019-09-28T00:00:00Z,"

# Bad input: a clear message naming the problem and exit 1 (2 for command-line usage errors).
run 1 sweep --bot sma_cross --data "$h1" --grid fast=5:1:1 --out "$tmp/bad"
expect "$err" "--grid 'fast=5:1:1': the range is empty"
run 1 sweep --bot sma_cross --data "$h1" --grid fast=1:10:0 --out "$tmp/bad"
expect "$err" "the step must be positive"
run 1 sweep --bot sma_cross --data "$h1" --grid fast=1:10 --out "$tmp/bad"
expect "$err" "a range is lo:hi:step"
run 1 sweep --bot sma_cross --data "$h1" --grid fast=1,,2 --out "$tmp/bad"
expect "$err" "an empty value in the list"
run 1 sweep --bot sma_cross --data "$h1" "${span[@]}" --grid fats=5:10:5 --out "$tmp/bad"
expect "$err" "unknown key fats \(did you mean fast\?\)"
run 1 sweep --bot sma_cross --data "$h1" --grid fast=5 --sort sharp --out "$tmp/bad"
expect "$err" "unknown metric 'sharp' \(known: total_return"
run 1 sweep --bot sma_cross --data "$h1" --grid fast=5,10 --random 3 --out "$tmp/bad"
expect "$err" "--random 3 asks for more runs than the grid's 2 combinations"
run 1 sweep --bot nope --data "$h1" --grid fast=5 --out "$tmp/bad"
expect "$err" "unknown bot 'nope'"
run 2 sweep --bot sma_cross --data "$h1" --out "$tmp/bad"
run 2 sweep --bot sma_cross --data "$h1" --grid fast=5 --jobs 0 --out "$tmp/bad"
run 1 walkforward --bot sma_cross --data "$h1" "${span[@]}" --grid fast=5 --train 0d --test 30d \
  --out "$tmp/bad"
expect "$err" "--train must be a positive duration"
run 1 walkforward --bot sma_cross --data "$h1" "${span[@]}" --grid fast=5 --train 90d --test 30d \
  --step 10d --out "$tmp/bad"
expect "$err" "--step 10d is shorter than --test 30d"
run 1 walkforward --bot sma_cross --data "$h1" "${span[@]}" --grid fast=5 --train 900d --test 30d \
  --out "$tmp/bad"
expect "$err" "no walk-forward window fits: the data spans"
run 1 walkforward --bot sma_cross --data "$h1" "${span[@]}" --grid fast=5 --train 3x --test 30d \
  --out "$tmp/bad"
expect "$err" "3x"
[[ ! -e "$tmp/bad" ]] || {
  echo "FAIL: a failed command left $tmp/bad behind"
  failures=$((failures + 1))
}

cli_test_finish sweep_cli_test
