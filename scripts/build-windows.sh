#!/usr/bin/env bash
# Cross-compiles salonbox.exe for 64-bit Windows into build/windows (with the time zone files beside it in
# build/windows/tzdata), and with `msi` also build/windows/salonbox-<version>-x64.msi (packaging/windows).
# Usage: scripts/build-windows.sh [exe|msi]     needs scripts/install-deps.sh windows first (`make msi` does)
set -euo pipefail
what=${1:-exe}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=build/windows

deps=$(scripts/build-windows-deps.sh | tail -1)
cmake -S . -B $out -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake -DSALONBOX_WINDOWS_DEPS="$deps" \
  -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build $out --target salonbox -j "${JOBS:-2}"
[ "$what" = msi ] || exit 0

version=$(sed -n 's/^project(salonbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
msi=$out/salonbox-$version-x64.msi
# The installed program is stripped (the build keeps its symbols for debugging).
x86_64-w64-mingw32-strip -o $out/msi-salonbox.exe $out/salonbox.exe
(cd $out && find tzdata -type f | LC_ALL=C sort |
   wixl-heat --prefix tzdata/ --directory-ref TZDATA --component-group Tzdata --var var.TzdataSource --win64) > $out/tzdata.wxs
wixl -a x64 -o "$msi" -D Win64=yes -D Version="$version" -D ExeSource=$out/msi-salonbox.exe -D TzdataSource=$out/tzdata \
  -D UrlSource=packaging/windows/salonbox-admin.url packaging/windows/salonbox.wxs $out/tzdata.wxs
echo "Built $msi"
