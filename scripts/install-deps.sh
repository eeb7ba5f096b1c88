#!/usr/bin/env bash
# Installs every Debian package Omega needs to build, test and run, then the npm packages the
# build embeds (package-lock.json, `npm ci`). Idempotent: when all packages are present and
# node_modules matches the lock file it does nothing (not even `apt-get update`).
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build lld ccache make pkg-config git
  clang-format clang-tidy
  # test and benchmark frameworks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # libraries
  libfmt-dev libspdlog-dev libyaml-cpp-dev libcli11-dev libsimdjson-dev zlib1g-dev
  libsqlite3-dev libhiredis-dev libssl-dev
  # servers the tests start themselves
  redis-server redis-tools
  # astronomy: ERFA (IAU SOFA: time scales, precession-nutation, Earth) and libnova (VSOP87, ELP2000-82B)
  liberfa-dev libnova-dev
  # chat: Mustache templates for persona replies (header-only)
  libkainjow-mustache-dev
  # console chat: line editing and history (BSD libedit)
  libedit-dev
  # Discord client: Boost.Beast/Asio over OpenSSL (header-only)
  libboost-dev
  # chart images (candles with Fibonacci levels) drawn with Cairo, text in DejaVu
  libcairo2-dev fonts-dejavu-core
  # report.html: the charting library comes from npm; the report test runs headless Chromium
  nodejs chromium
  # data tools used by scripts
  gzip
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done
# npm ships inside NodeSource's nodejs package but is its own package in Debian's.
if ! command -v npm >/dev/null 2>&1 && [[ " ${missing[*]} " != *" nodejs "* ]]; then
  missing+=(npm)
fi

# node_modules/ is current when it was installed from exactly this package-lock.json.
npm_deps() {
  local root lock stamp want
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  lock="$root/package-lock.json"
  stamp="$root/node_modules/.omega-package-lock.sha256"
  [[ -f "$lock" ]] || return 0
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm is missing (install Debian's npm package)" >&2
    exit 1
  fi
  echo "install-deps: npm ci (node_modules missing or older than package-lock.json)" >&2
  (cd "$root" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$stamp"
}

if [[ ${#missing[@]} -eq 0 ]]; then
  npm_deps
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-deps: missing packages (${missing[*]}) and not root, no sudo" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
if [[ " ${missing[*]} " == *" nodejs "* ]] && ! command -v npm >/dev/null 2>&1; then
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends npm >&2
fi
npm_deps
