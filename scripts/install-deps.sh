#!/usr/bin/env bash
# Installs what salonbox needs to build, test and benchmark on Debian 12; installs nothing already present.
# Usage: scripts/install-deps.sh [build|package|test|bench]   (each level includes the one before)
set -euo pipefail
level=${1:-build}

build_pkgs=(g++ cmake make pkg-config libcpp-httplib-dev libsqlite3-dev libsqlitecpp-dev libsodium-dev
  libkainjow-mustache-dev libhpdf-dev libcli11-dev doctest-dev libcurl4-openssl-dev
  libhowardhinnant-date-dev nlohmann-json3-dev libssl-dev libzip-dev fonts-dejavu-core tzdata sqlite3 ccache)
# The .deb (dpkg-shlibdeps) and its checks (lintian; systemd-analyze scores the units' exposure).
package_pkgs=(dpkg-dev lintian systemd)
test_pkgs=(chromium python3-aiosmtpd nodejs npm poppler-utils curl openssl)
bench_pkgs=(wrk nginx-light)

wanted=("${build_pkgs[@]}")
case "$level" in
  build) ;;
  package) wanted+=("${package_pkgs[@]}") ;;
  test) wanted+=("${package_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) wanted+=("${package_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|package|test|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  # nodejs/npm may come from outside Debian's packages on a developer machine: a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "salonbox: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$level" = test ] || [ "$level" = bench ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$root/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$root/tests/e2e/node_modules/axe-core" ]; then
    (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
