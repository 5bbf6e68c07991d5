#!/usr/bin/env bash
# Builds the libraries salonbox.exe links, for 64-bit Windows, from Debian 12's own source packages
# (`apt-get source`, needs a deb-src entry: scripts/install-deps.sh windows adds one), at the versions the
# installed Linux -dev packages come from, so both builds use the same code. Nothing else is downloaded.
#
# Usage: scripts/build-windows-deps.sh      prints the prefix (the last line of its output)
# Each library is built into its own folder of the cache, named after its Debian source version, and
# skipped when that folder is complete and was built by the same recipe (its build function below, the shared
# cmake step and the toolchain file: a change there rebuilds it); the prefix that cmake uses gathers them:
#   ${SALONBOX_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/salonbox-windows}/
#     src/<package>_<version>/        unpacked sources (patched as Debian ships them)
#     <package>-<version>/            that library installed (include/, lib/, lib/pkgconfig/)
#     prefix/                         all of them together, for -DSALONBOX_WINDOWS_DEPS
# What is left out on purpose: OpenSSL (libcurl sends mail through Windows' own TLS, Schannel; serving HTTPS
# natively is Linux-only, see the README), libpng (the PDFs embed no images), brotli.
set -euo pipefail
shopt -s inherit_errexit

host=x86_64-w64-mingw32
jobs=${JOBS:-2}
cache=${SALONBOX_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/salonbox-windows}
prefix=$cache/prefix
mkdir -p "$cache/src" "$prefix"
export CC=$host-gcc-posix CXX=$host-g++-posix AR=$host-gcc-ar-posix RANLIB=$host-gcc-ranlib-posix
root=$(cd "$(dirname "$0")/.." && pwd)
toolchain=$root/cmake/mingw-w64-x86_64.cmake

log() { echo "windows deps: $*" >&2; }

# The Debian source versions to try, best first: the one the installed build machine package comes from (what
# Linux builds link), then the archive's others, newest first (a mirror may lack the first).
source_versions() {
  local src=$1 bin=$2 v
  v=$(dpkg-query -W -f='${source:Version}' "$bin" 2>/dev/null || true)
  { [ -z "$v" ] || echo "$v"; apt-cache showsrc "$src" | sed -n 's/^Version: //p' | sort -Vr; } | awk '!seen[$0]++'
}

# Unpacks source package $1 at version $2 once; prints its folder.
unpack() {
  local src=$1 version=$2 dir
  dir=$cache/src/${src}_${version#*:}
  if [ ! -f "$dir/.unpacked" ]; then
    rm -rf "$dir" "$dir.tmp"
    mkdir -p "$dir.tmp"
    if ! (cd "$dir.tmp" && apt-get source -qq "$src=$version" >/dev/null 2>&1); then
      # A mirror that lost Debian's packaging file still serves the upstream tarball the .dsc names: build that,
      # without Debian's patches, and say so.
      orig=$(ls "$dir.tmp/${src}_"*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1 || true)
      if [ -z "$orig" ]; then
        log "apt-get source $src=$version failed: is there a deb-src entry? (scripts/install-deps.sh windows)"
        exit 1
      fi
      log "$src $version: Debian's packaging could not be fetched; building ${orig##*/} without Debian's patches"
      mkdir "$dir.tmp/$src-upstream"
      tar -xf "$orig" -C "$dir.tmp/$src-upstream" --strip-components=1
    fi
    mv "$dir.tmp"/"$src"-*/ "$dir"
    rm -rf "$dir.tmp"
    touch "$dir/.unpacked"
  fi
  echo "$dir"
}

# The prefix is made again on every run from the libraries' folders, so it never keeps a stale version.
# The header-only libraries come from the build machine's -dev packages (linked, the same ones Linux uses).
rm -rf "$prefix"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
for h in CLI nlohmann kainjow; do ln -s "/usr/include/$h" "$prefix/include/$h"; done

# Copies an installed library into the prefix; its pkg-config files then name the prefix.
merge() {
  cp -a "$1/." "$prefix/"
  rm -f "$prefix/.complete"
  for pc in "$1"/lib/pkgconfig/*.pc; do
    [ -e "$pc" ] && sed "s|$1|$prefix|g" "$pc" > "$prefix/lib/pkgconfig/$(basename "$pc")"
  done
  return 0
}

# What a library's build depends on besides its source, as a short hash kept in its folder's .complete.
recipe() { { declare -f "$1" cmake_build; cat "$toolchain"; } | sha256sum | cut -c1-16; }

# Runs build function $3 for source package $1 (version of binary package $2) unless already installed.
build() {
  local src=$1 bin=$2 fn=$3 version="" out srcdir="" start candidate done_out wanted
  wanted=$(recipe "$fn")
  for candidate in $(source_versions "$src" "$bin"); do
    done_out=$cache/$src-${candidate#*:}
    if [ "$(cat "$done_out/.complete" 2>/dev/null)" = "$wanted" ]; then merge "$done_out"; return; fi
  done
  for candidate in $(source_versions "$src" "$bin"); do
    if srcdir=$(unpack "$src" "$candidate" 2>/dev/null); then version=$candidate; break; fi
    log "$src $candidate could not be fetched; trying an older one"
  done
  [ -n "$version" ] || { log "no source of $src could be fetched: is there a deb-src entry? (scripts/install-deps.sh windows)"; exit 1; }
  out=$cache/$src-${version#*:}
  start=$(date +%s)
  log "building $src $version"
  rm -rf "$out" "$srcdir/_build-windows"
  mkdir -p "$out" "$srcdir/_build-windows"
  # In the background so that `set -e` holds inside (it is ignored in a subshell whose status is tested).
  (cd "$srcdir/_build-windows" && "$fn" "$srcdir" "$out") > "$out.log" 2>&1 &
  wait $! || { log "$src failed; see $out.log"; tail -20 "$out.log" >&2; exit 1; }
  echo "$wanted" > "$out/.complete"
  merge "$out"
  log "$src $version built in $(( $(date +%s) - start )) s"
}

cmake_build() {  # srcdir out [cmake options...]
  local srcdir=$1 out=$2
  shift 2
  cmake -S "$srcdir" -B . -G "Unix Makefiles" -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DSALONBOX_WINDOWS_DEPS="$prefix" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$out" -DBUILD_SHARED_LIBS=OFF \
    -DZLIB_LIBRARY=/usr/$host/lib/libz.a -DZLIB_INCLUDE_DIR=/usr/$host/include "$@"
  cmake --build . -j "$jobs"
  cmake --install .
}

build_sqlite3() {  # the amalgamation (generated by the build machine's tools and tclsh), cross-compiled alone
  local srcdir=$1 out=$2
  CC=gcc AR=ar RANLIB=ranlib "$srcdir/configure" --disable-tcl >/dev/null
  make sqlite3.c sqlite3.h
  mkdir -p "$out/include" "$out/lib/pkgconfig"
  # The features of Debian's libsqlite3 (debian/rules) that change what salonbox's SQL can do or how it stores:
  # full-text search (the customer search is FTS5), R*Tree, dbstat, and deleted content overwritten.
  $CC -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_SECURE_DELETE \
    -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_ENABLE_DBSTAT_VTAB -c sqlite3.c -o sqlite3.o
  $AR rcs "$out/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h "$srcdir/src/sqlite3ext.h" "$out/include/"
  printf 'prefix=%s\nName: SQLite\nDescription: SQL database engine\nVersion: %s\nLibs: -L${prefix}/lib -lsqlite3\nCflags: -I${prefix}/include\n' \
    "$prefix" "$(cat "$srcdir/VERSION")" > "$out/lib/pkgconfig/sqlite3.pc"
}

build_sqlitecpp() {
  cmake_build "$1" "$2" -DSQLITECPP_INTERNAL_SQLITE=OFF -DSQLITECPP_RUN_CPPLINT=OFF -DSQLITECPP_RUN_CPPCHECK=OFF \
    -DSQLITECPP_BUILD_TESTS=OFF -DSQLITECPP_BUILD_EXAMPLES=OFF -DSQLITE_ENABLE_COLUMN_METADATA=ON \
    -DSQLITE_OMIT_LOAD_EXTENSION=ON  # as SQLite is built above
}

build_libsodium() {  # Debian's source is the git tree: its configure is generated, as Debian's build does
  [ -x "$1/configure" ] || (cd "$1" && autoreconf -fi)
  "$1/configure" --host=$host --prefix="$2" --disable-shared --enable-static --disable-dependency-tracking \
    --disable-ssp >/dev/null
  make -j "$jobs"
  make install
}

build_libharu() {  # zlib from Debian's mingw package (libz-mingw-w64-dev); no PNG support
  cmake_build "$1" "$2" -DLIBHPDF_SHARED=OFF -DLIBHPDF_STATIC=ON -DLIBHPDF_EXAMPLES=OFF -DDEVPAK=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_PNG=ON
}

build_curl() {  # SMTP(S) only, TLS through Schannel
  cmake_build "$1" "$2" -DCURL_USE_SCHANNEL=ON -DCURL_USE_OPENSSL=OFF -DCURL_ZLIB=OFF -DCURL_BROTLI=OFF \
    -DCURL_USE_LIBSSH2=OFF -DCURL_USE_LIBPSL=OFF -DUSE_LIBIDN2=OFF -DUSE_NGHTTP2=OFF -DENABLE_MANUAL=OFF \
    -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_LDAPS=ON \
    -DHTTP_ONLY=OFF -DCURL_DISABLE_FTP=ON -DCURL_DISABLE_TELNET=ON -DCURL_DISABLE_DICT=ON -DCURL_DISABLE_FILE=ON \
    -DCURL_DISABLE_TFTP=ON -DCURL_DISABLE_RTSP=ON -DCURL_DISABLE_POP3=ON -DCURL_DISABLE_IMAP=ON \
    -DCURL_DISABLE_GOPHER=ON -DCURL_DISABLE_MQTT=ON -DENABLE_UNIX_SOCKETS=OFF -DCURL_CA_BUNDLE=none -DCURL_CA_PATH=none
}

build_libzip() {
  cmake_build "$1" "$2" -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_OPENSSL=OFF \
    -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_WINDOWS_CRYPTO=ON -DENABLE_COMMONCRYPTO=OFF \
    -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
}

build_cpp_httplib() {  # the single header as upstream ships it (Debian's -dev package holds the split one)
  mkdir -p "$2/include"
  cp "$1/httplib.h" "$2/include/"
}

build_date() {  # tz.cpp, compiled by salonbox's own build with the flags it needs
  mkdir -p "$2/include" "$2/share/date"
  cp -r "$1/include/date" "$2/include/"
  cp "$1/src/tz.cpp" "$2/share/date/"
}

# The zone source files date's tz.cpp reads (Windows has no /usr/share/zoneinfo), and the mapping of Windows'
# zone names it loads beside them (CLDR's windowsZones.xml, from Debian's unicode-cldr-core).
build_tzdata() {
  mkdir -p "$2/share/tzdata"
  for f in africa antarctica asia australasia backward etcetera europe northamerica southamerica version; do
    cp "$1/$f" "$2/share/tzdata/"
  done
  cp /usr/share/unicode/cldr/common/supplemental/windowsZones.xml "$2/share/tzdata/"
}

build sqlite3 libsqlite3-dev build_sqlite3
build sqlitecpp libsqlitecpp-dev build_sqlitecpp
build libsodium libsodium-dev build_libsodium
build libharu libhpdf-dev build_libharu
build curl libcurl4-openssl-dev build_curl
build libzip libzip-dev build_libzip
build cpp-httplib libcpp-httplib-dev build_cpp_httplib
build howardhinnant-date libhowardhinnant-date-dev build_date
build tzdata tzdata build_tzdata

echo "$prefix"
