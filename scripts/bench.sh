#!/usr/bin/env bash
# Benchmark: salonbox against nginx serving a static file of the same size as the sign-in page, on loopback.
# Usage: scripts/bench.sh BIN        (`make bench` builds the release binary and passes it)
# Environment: BENCH_SECONDS (default 10) per target; BENCH_CONNECTIONS (32); BENCH_THREADS (2, wrk's).
# Measures, prints a table, asserts nothing. Everything listens on 127.0.0.1 and stops when this script ends.
set -euo pipefail

BIN=${1:?usage: scripts/bench.sh path/to/salonbox}
SECONDS_PER_TARGET=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_THREADS:-2}
SERVER_THREADS=64
PASSWORD=bench-Grooming-Table-42

die() { echo "bench: $*" >&2; exit 1; }
[[ -x $BIN ]] || die "$BIN is not an executable"
[[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh bench"
done
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

work=$(mktemp -d "${TMPDIR:-/tmp}/salonbox-bench.XXXXXX")
salonbox_pid=""
nginx_pid=""
wrk_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $wrk_pid $salonbox_pid $nginx_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $wrk_pid $salonbox_pid $nginx_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free loopback port for nginx (salonbox picks its own with port 0). Another process could take it before
# nginx binds it; nginx then fails to start and says so.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 40000))
}

# --- salonbox with the demo salon --------------------------------------------------------------------------
mkdir -m 700 "$work/data"
"$BIN" demo --data "$work/data" --password "$PASSWORD" >/dev/null
# The access log goes to a file, as it would go to the journal in production: its cost is part of the result.
"$BIN" serve --data "$work/data" --listen 127.0.0.1:0 --threads "$SERVER_THREADS" \
  >"$work/salonbox.out" 2>"$work/salonbox.log" &
salonbox_pid=$!
base=""
for _ in $(seq 200); do
  line=$(head -n 1 "$work/salonbox.out" 2>/dev/null || true)
  if [[ $line =~ ^salonbox:\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then base=${BASH_REMATCH[1]}; break; fi
  kill -0 "$salonbox_pid" 2>/dev/null || { tail -n 20 "$work/salonbox.log" >&2; die "salonbox serve exited"; }
  sleep 0.1
done
[[ -n $base ]] || { tail -n 20 "$work/salonbox.log" >&2; die "salonbox printed no listening line within 20 s"; }

# Sign in as the owner the way a browser does: the form's csrf_token, the sb-csrf cookie, an Origin header.
jar=$work/cookies.txt
login_url=$base/s/demo/admin/login
csrf_token=$(curl -fsS -c "$jar" -b "$jar" "$login_url" |
  sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
[[ -n $csrf_token ]] || die "no csrf_token field on $login_url"
location=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -H "Origin: $base" \
  --data-urlencode "csrf_token=$csrf_token" --data-urlencode "email=owner@demo.test" \
  --data-urlencode "password=$PASSWORD" "$login_url")
[[ $location == "303 $base/s/demo/admin" ]] || die "sign-in answered '$location', not a 303 to the dashboard"
# Every cookie of the jar, as the browser would send them (session and CSRF cookie).
cookie=$(awk -F '\t' 'NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
[[ $cookie == *sb-demo-admin=* ]] || die "no session cookie after signing in"
curl -fsS -H "Cookie: $cookie" "$base/s/demo/admin" | grep -q 'Signed in as' ||
  die "the dashboard does not show a signed-in owner with the session cookie"

# --- nginx with a static file as large as the sign-in page -------------------------------------------------
# When run as root, nginx's workers drop to nobody: the files they serve must be world-readable.
chmod 755 "$work"
mkdir -p "$work/www" "$work/nginx/tmp"
curl -fsS "$login_url" -o "$work/www/login.html"
chmod 755 "$work/www" && chmod 644 "$work/www/login.html"
page_bytes=$(wc -c <"$work/www/login.html")
nginx_url=""
for _ in 1 2 3 4 5; do
  port=$(free_port)
  cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  types { text/html html; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 5s;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
EOF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" 2>"$work/nginx/stderr.log" &
  nginx_pid=$!
  for _ in $(seq 50); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/login.html" 2>/dev/null; then
      nginx_url=http://127.0.0.1:$port/login.html
      break 2
    fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
done
[[ -n $nginx_url ]] || { tail -n 5 "$work/nginx/error.log" "$work/nginx/stderr.log" >&2; die "nginx did not start"; }

# --- wrk ---------------------------------------------------------------------------------------------------
# run_wrk NAME URL [HEADER]: keeps wrk's output in $work/wrk-NAME.txt
run_wrk() {
  local name=$1 url=$2 header=${3:-}
  local args=(-t"$WRK_THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_TARGET}s" --latency)
  [[ -n $header ]] && args+=(-H "$header")
  echo "bench: $name ($url) for ${SECONDS_PER_TARGET}s" >&2
  # In the background so that a signal to this script runs the cleanup at once (bash defers traps until a
  # foreground command ends).
  wrk "${args[@]}" "$url" >"$work/wrk-$name.txt" 2>&1 &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  ((rc == 0)) || { cat "$work/wrk-$name.txt" >&2; die "wrk failed on $name"; }
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$work/wrk-$1.txt"; }
p99() { awk '$1 == "99%" { print $2 }' "$work/wrk-$1.txt"; }
errors() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
       /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
       END { print n + 0 }' "$work/wrk-$1.txt"
}

targets=(healthz login dashboard nginx)
run_wrk healthz "$base/healthz"
run_wrk login "$login_url"
run_wrk dashboard "$base/s/demo/admin" "Cookie: $cookie"
run_wrk nginx "$nginx_url"

declare -A label=(
  [healthz]="salonbox GET /healthz"
  [login]="salonbox GET /s/demo/admin/login"
  [dashboard]="salonbox GET /s/demo/admin (signed in)"
  [nginx]="nginx static file ($page_bytes bytes)"
)
nginx_rps=$(rps nginx)
echo
echo "salonbox $("$BIN" --version 2>/dev/null | awk '{ print $NF }') ($BIN), $SERVER_THREADS server threads;" \
  "wrk -t$WRK_THREADS -c$CONNECTIONS -d${SECONDS_PER_TARGET}s; $(nproc) cores; sign-in page $page_bytes bytes"
printf '%-42s %12s %10s %10s %8s\n' target requests/s p99 vs-nginx errors
for t in "${targets[@]}"; do
  r=$(rps "$t")
  ratio=$(awk -v a="$r" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
  printf '%-42s %12s %10s %10s %8s\n' "${label[$t]}" "${r:--}" "$(p99 "$t")" "$ratio" "$(errors "$t")"
done
echo "(errors: non-2xx/3xx answers plus socket errors, as wrk counts them)"
