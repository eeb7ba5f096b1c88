#!/usr/bin/env bash
# Integration test: drives `omega cosmic` end to end (exit codes and machine output).
# Usage: cosmic_cli_test.sh OMEGA_BINARY DATA_DIR
set -u
omega=$1
data=$2
failures=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

source "$(dirname "${BASH_SOURCE[0]}")/cli_test_lib.sh"

for cmd in "cosmic" "cosmic now" "cosmic positions" "cosmic phases" "cosmic retrogrades" \
           "cosmic aspects" "cosmic analyze"; do
  # shellcheck disable=SC2086
  run 0 $cmd --help
  expect "$out" "Usage:"
done

# The 2000-01-21 full moon of the DE441 reference table, to the second.
run 0 cosmic phases --from 2000-01-01 --to 2000-02-01 --format csv
expect "$out" "^2000-01-21T04:40:26Z,full_moon,"
run 0 cosmic retrogrades --planet mercury --from 2000-01-01 --to 2000-06-01 --format json
expect "$out" '"station_retrograde_utc": "2000-02-21T12:4'
run 0 cosmic positions --at 2000-01-01T00:00:00Z --format csv
expect "$out" "^sun,279\.859"
run 0 cosmic now --format json
expect "$out" '"illuminated_fraction"'
run 0 cosmic aspects --from 2024-01-01 --to 2024-01-15 --format csv
expect "$out" "venus,square,saturn"
run 2 cosmic phases --from 2000-02-01 --to 2000-01-01
run 2 cosmic retrogrades --planet sun --from 2000-01-01 --to 2000-02-01
run 1 cosmic analyze --data /nonexistent.csv
run 0 cosmic analyze --data "$data/market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz" \
  --seed 7 --permutations 1000 --bootstrap 200 --format json
expect "$out" '"seed": 7'
expect "$out" '"factor": "mercury_retrograde"'

cli_test_finish "cosmic CLI"
