#!/usr/bin/env bash
# Installs what salonbox needs to build, test and benchmark on Debian 12; installs nothing already present.
# Usage: scripts/install-deps.sh [build|package|test|bench]   (each level includes the one before)
#        scripts/install-deps.sh windows   the cross build for Windows (`make msi`, `make test-windows`): build,
#        mingw-w64, wixl and wine, and a deb-src entry for Debian 12 so that scripts/build-windows-deps.sh can
#        fetch the libraries' sources with apt-get source
set -euo pipefail
level=${1:-build}

build_pkgs=(g++ cmake make pkg-config libcpp-httplib-dev libsqlite3-dev libsqlitecpp-dev libsodium-dev
  libkainjow-mustache-dev libhpdf-dev libcli11-dev doctest-dev libcurl4-openssl-dev
  libhowardhinnant-date-dev nlohmann-json3-dev libssl-dev libzip-dev fonts-dejavu-core tzdata sqlite3 ccache)
# The .deb (dpkg-shlibdeps) and its checks (lintian; systemd-analyze scores the units' exposure).
package_pkgs=(dpkg-dev lintian systemd)
test_pkgs=(chromium python3-aiosmtpd nodejs npm poppler-utils curl openssl)
bench_pkgs=(wrk nginx-light)
# The cross compiler (posix threads: std::thread), Debian's mingw zlib, the tools that build the dependencies
# (tclsh makes SQLite's amalgamation; unicode-cldr-core holds the Windows zone names date's tz.cpp loads), the
# MSI builder and wine to test the result.
windows_pkgs=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-tools libz-mingw-w64-dev dpkg-dev tcl
  autoconf automake libtool unicode-cldr-core wixl msitools wine64 wine)

wanted=("${build_pkgs[@]}")
case "$level" in
  build) ;;
  package) wanted+=("${package_pkgs[@]}") ;;
  test) wanted+=("${package_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) wanted+=("${package_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  windows) wanted+=("${windows_pkgs[@]}") ;;
  *) echo "usage: $0 [build|package|test|bench|windows]" >&2; exit 2 ;;
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

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=no

# Source packages of the same release as the binary ones: the deb lines of Debian's own sources, as deb-src.
if [ "$level" = windows ] && ! apt-cache showsrc sqlite3 2>/dev/null | grep -q '^Package:'; then
  echo "salonbox: adding deb-src entries for Debian 12 (apt-get source of the Windows dependencies)"
  $sudo tee /etc/apt/sources.list.d/salonbox-deb-src.sources >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  $sudo apt-get update -qq
  updated=yes
fi

if ((${#missing[@]})); then
  echo "salonbox: installing ${missing[*]}"
  [ $updated = yes ] || $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$level" = test ] || [ "$level" = bench ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$root/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$root/tests/e2e/node_modules/axe-core" ]; then
    (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
