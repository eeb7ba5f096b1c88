#!/usr/bin/env bash
# Installs every Debian package Omega needs to build, test and run. Idempotent: when all
# packages are present it does nothing (not even `apt-get update`).
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

if [[ ${#missing[@]} -eq 0 ]]; then
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
