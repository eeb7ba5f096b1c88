#!/usr/bin/env bash
# Fails when a file under src/<layer>/ includes a header of a layer it may not use.
# The allowed edges are the architecture (docs/architecture.md); keep both in step.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

declare -A ALLOWED=(
  [core]="core"
  [model]="core model"
  [data]="core model data"
  [analytics]="core model data analytics"
  [engine]="core model data analytics engine"
  [bots]="core model data analytics engine bots"
  [backtest]="core model data analytics engine store backtest"
  [exchange]="core model data engine exchange"
  [store]="core model store"
  [chat]="core model data analytics engine store chat"
  [app]="core model data analytics engine bots backtest exchange store chat app"
)
LAYERS="${!ALLOWED[*]}"

status=0
while IFS= read -r -d '' file; do
  layer=$(echo "$file" | cut -d/ -f2)
  allowed=${ALLOWED[$layer]:-}
  if [[ -z "$allowed" ]]; then
    echo "check-layers: $file: folder src/$layer is not a known layer" >&2
    status=1
    continue
  fi
  while IFS=: read -r lineno include; do
    target=$(echo "$include" | sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^/"]+)\/.*/\1/')
    [[ " $LAYERS " == *" $target "* ]] || continue
    if [[ " $allowed " != *" $target "* ]]; then
      echo "check-layers: $file:$lineno: layer '$layer' may not include '$target' ($include)" >&2
      status=1
    fi
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+/' "$file" || true)
done < <(find src -type f \( -name '*.hpp' -o -name '*.cpp' \) -print0)

if [[ $status -eq 0 ]]; then
  echo "check-layers: ok"
fi
exit $status
