#!/usr/bin/env bash
# Benchmark: salonbox on the demo salon and on the five-year one (`demo --size large`), with nginx serving the
# same bytes in the same run, on loopback; prints every figure and a table of the issue's targets, MET or MISSED.
# Usage: scripts/bench.sh BIN        (`make bench` builds the release binary and passes it)
# Environment: BENCH_SECONDS (default 10) per page at 32 connections; BENCH_LIST_SECONDS (5) per list page at
# 8 connections and per PDF; BENCH_THREADS (2, wrk's).
# The large salon is made once (about a minute) into build/bench-cache/ and reused while the code that writes it
# is unchanged. Asserts nothing; everything listens on 127.0.0.1 and stops when this script ends.
set -euo pipefail

BIN=${1:?usage: scripts/bench.sh path/to/salonbox}
SECONDS_PER_PAGE=${BENCH_SECONDS:-10}
SECONDS_PER_LIST=${BENCH_LIST_SECONDS:-5}
WRK_THREADS=${BENCH_THREADS:-2}
SERVER_THREADS=64
PASSWORD=bench-Grooming-Table-42
ROOT=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }
[[ -x $BIN ]] || die "$BIN is not an executable"
for n in "$SECONDS_PER_PAGE" "$SECONDS_PER_LIST"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS and BENCH_LIST_SECONDS must be whole numbers of seconds"
done
for tool in wrk nginx curl sqlite3 python3; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh bench"
done
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

work=$(mktemp -d "${TMPDIR:-/tmp}/salonbox-bench.XXXXXX")
pids=()
wrk_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $wrk_pid "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $wrk_pid "${pids[@]}"; do
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

# A free loopback port (salonbox serve picks its own with port 0). Another process could take it before it is
# bound; the server then fails to start and says so.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# start_salonbox NAME DATA_DIR: serves DATA_DIR and sets base_NAME and pid_NAME. The access log goes to a file,
# as it goes to the journal in production: its cost is part of the result. Loopback is a trusted proxy, as the
# reverse proxy in front of a salonbox is: wrk's connections all come from one address, whose cap would
# otherwise close all but threads/8 of them.
start_salonbox() {
  local name=$1 data=$2 line base="" pid
  "$BIN" serve --data "$data" --listen 127.0.0.1:0 --threads "$SERVER_THREADS" --trusted-proxy 127.0.0.1/32 \
    >"$work/salonbox-$name.out" 2>"$work/salonbox-$name.log" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 400); do
    line=$(head -n 1 "$work/salonbox-$name.out" 2>/dev/null || true)
    if [[ $line =~ ^salonbox:\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then base=${BASH_REMATCH[1]}; break; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$work/salonbox-$name.log" >&2; die "salonbox serve ($name) exited"; }
    sleep 0.05
  done
  [[ -n $base ]] || { tail -n 20 "$work/salonbox-$name.log" >&2; die "salonbox ($name) printed no listening line within 20 s"; }
  printf -v "base_$name" '%s' "$base"
  printf -v "pid_$name" '%s' "$pid"
}

# sign_in BASE LOGIN_PATH EMAIL LANDING_PATH: signs in the way a browser does (the form's csrf_token, the
# sb-csrf cookie, an Origin header) and prints the Cookie header with every cookie of the jar.
sign_in() {
  local base=$1 login_url=$1$2 email=$3 landing=$1$4 jar csrf_token location
  jar=$(mktemp "$work/jar.XXXXXX")
  csrf_token=$(curl -fsS -c "$jar" -b "$jar" "$login_url" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
  [[ -n $csrf_token ]] || die "no csrf_token field on $login_url"
  location=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -H "Origin: $base" \
    --data-urlencode "csrf_token=$csrf_token" --data-urlencode "email=$email" \
    --data-urlencode "password=$PASSWORD" "$login_url")
  [[ $location == "303 $landing" ]] || die "signing in $email answered '$location', not a 303 to $landing"
  awk -F '\t' 'NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

# --- the demo salon and the five-year one -------------------------------------------------------------------
mkdir -m 700 "$work/small"
"$BIN" demo --data "$work/small" --password "$PASSWORD" >/dev/null

# The cached large salon is named after what writes it, so a change to the schema or the generator makes a new one.
large_key=$(cat "$ROOT/schema.sql" "$ROOT"/migrations/* "$ROOT"/src/cli/demo*.cpp "$ROOT"/src/storage/bulk_history.cpp |
  sha256sum | cut -c1-12)
cache=$ROOT/build/bench-cache
large_cached=$cache/large-$large_key
if [[ ! -f $large_cached/salons/demo.db ]]; then
  say "making the five-year demo salon once into $large_cached (about a minute)"
  mkdir -p "$cache"
  rm -rf "$cache"/large-* "$cache"/making-*
  mkdir -m 700 "$cache/making-$large_key"
  "$BIN" demo --size large --data "$cache/making-$large_key" --password "$PASSWORD" >/dev/null
  mv "$cache/making-$large_key" "$large_cached"
fi
# A copy, so that the sessions of this run do not pile up in the cache.
cp -a "$large_cached" "$work/large"

start_salonbox small "$work/small"
sleep 1
idle_rss_small=$(rss_mib "$pid_small")
start_salonbox large "$work/large"
sleep 1
idle_rss_large=$(rss_mib "$pid_large")

admin_small=$(sign_in "$base_small" /s/demo/admin/login owner@demo.test /s/demo/admin)
portal_small=$(sign_in "$base_small" /s/demo/login alice@demo.test /s/demo/account)
admin_large=$(sign_in "$base_large" /s/demo/admin/login owner@demo.test /s/demo/admin)
portal_large=$(sign_in "$base_large" /s/demo/login alice@demo.test /s/demo/account)
curl -fsS -H "Cookie: $admin_small" "$base_small/s/demo/admin" | grep -q 'Signed in as' ||
  die "the dashboard does not show a signed-in owner with the session cookie"

# Records of Alice's the PDFs and her admin page are made from (read before the server writes to the copy).
q() { sqlite3 -readonly "$1/salons/demo.db" "$2"; }
alice_large=$(q "$work/large" "SELECT id FROM customers WHERE email = 'alice@demo.test'")
invoice_small=$(q "$work/small" "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id
  WHERE c.email = 'alice@demo.test' AND i.status = 'issued' AND i.credit_note_for IS NULL ORDER BY i.id LIMIT 1")
receipt_small=$(q "$work/small" "SELECT a.id FROM appointments a JOIN customers c ON c.id = a.customer_id
  WHERE c.email = 'alice@demo.test' AND a.status = 'completed' ORDER BY a.starts_at DESC LIMIT 1")
[[ -n $alice_large && -n $invoice_small && -n $receipt_small ]] || die "Alice's records are missing from the demo salons"

# --- nginx serving the same bytes as each page --------------------------------------------------------------
# When run as root, nginx's workers drop to nobody: the files they serve must be world-readable.
chmod 755 "$work"
mkdir -p "$work/www" "$work/nginx/tmp"
curl -fsS "$base_small/s/demo/admin/login" -o "$work/www/login.html"
curl -fsS -H "Cookie: $portal_small" "$base_small/s/demo/account/appointments" -o "$work/www/appointments.html"
curl -fsS -H "Cookie: $admin_small" "$base_small/s/demo/admin" -o "$work/www/dashboard.html"
chmod 755 "$work/www" && chmod 644 "$work"/www/*.html
nginx_base=""
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
      nginx_base=http://127.0.0.1:$port
      pids+=("$nginx_pid")
      break 2
    fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
done
[[ -n $nginx_base ]] || { tail -n 5 "$work/nginx/error.log" "$work/nginx/stderr.log" >&2; die "nginx did not start"; }

# --- wrk ---------------------------------------------------------------------------------------------------
# run_wrk NAME CONNECTIONS SECONDS URL [COOKIE]: keeps wrk's output in $work/wrk-NAME.txt
run_wrk() {
  local name=$1 connections=$2 seconds=$3 url=$4 cookie=${5:-}
  local threads=$((connections < WRK_THREADS ? connections : WRK_THREADS))
  local args=(-t"$threads" -c"$connections" -d"${seconds}s" --latency)
  [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
  say "$name ($url), $connections connections, ${seconds}s"
  # In the background so that a signal to this script runs the cleanup at once (bash defers traps until a
  # foreground command ends).
  local cpu_before
  cpu_before=$(salonbox_cpu_ticks)
  wrk "${args[@]}" "$url" >"$work/wrk-$name.txt" 2>&1 &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  ((rc == 0)) || { cat "$work/wrk-$name.txt" >&2; die "wrk failed on $name"; }
  echo $(($(salonbox_cpu_ticks) - cpu_before)) >"$work/cpu-$name"
}
# CPU time (user + system, in clock ticks) the salonbox servers have used so far: what a run costs them,
# whatever else the machine is doing (the figure a loaded box distorts least).
salonbox_cpu_ticks() {
  local total=0 pid
  for pid in ${pid_small:-} ${pid_large:-}; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
requests() { awk '/ requests in / { print $1 }' "$work/wrk-$1.txt"; }
# Milliseconds of salonbox CPU per answer during run NAME.
cpu_ms() {
  awk -v ticks="$(cat "$work/cpu-$1")" -v n="$(requests "$1")" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%.2f", ticks * 1000 / hz / n; else print "-" }'
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk-$1.txt"; }
# A latency percentile of wrk's (50% or 99%) in milliseconds.
latency_ms() {
  awk -v p="$2" '$1 == p {
      v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
      printf "%.2f", v * (unit == "us" ? 0.001 : unit == "s" ? 1000 : unit == "m" ? 60000 : 1) }' "$work/wrk-$1.txt"
}
errors() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
       /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
       END { print n + 0 }' "$work/wrk-$1.txt"
}
ratio() { awk -v a="$(rps "$1")" -v b="$(rps "$2")" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
S=$base_small/s/demo
L=$base_large/s/demo
run_wrk healthz 32 "$SECONDS_PER_PAGE" "$base_small/healthz"
run_wrk login 32 "$SECONDS_PER_PAGE" "$S/admin/login"
run_wrk nginx-login 32 "$SECONDS_PER_PAGE" "$nginx_base/login.html"
run_wrk portal 32 "$SECONDS_PER_PAGE" "$S/account/appointments" "$portal_small"
run_wrk nginx-portal 32 "$SECONDS_PER_PAGE" "$nginx_base/appointments.html"
run_wrk dashboard 32 "$SECONDS_PER_PAGE" "$S/admin" "$admin_small"
run_wrk nginx-dashboard 32 "$SECONDS_PER_PAGE" "$nginx_base/dashboard.html"
busy_rss_small=$(rss_mib "$pid_small")

# The large salon's pages: NAME|PATH|face (admin or portal).
large_pages=(
  "dashboard|/admin|admin"
  "customers|/admin/customers|admin"
  "customer-search|/admin/customers?q=helene|admin"
  "alice-admin|/admin/customers/$alice_large|admin"
  "animals|/admin/animals|admin"
  "invoices|/admin/invoices|admin"
  "requests|/admin/requests|admin"
  "email-log|/admin/email-log|admin"
  "portal-overview|/account|portal"
  "portal-appointments|/account/appointments|portal"
  "portal-invoices|/account/invoices|portal"
  "portal-receipts|/account/receipts|portal"
  "portal-animals|/account/animals|portal"
)
for entry in "${large_pages[@]}"; do
  IFS='|' read -r name path face <<<"$entry"
  cookie=$admin_large
  [[ $face == portal ]] && cookie=$portal_large
  curl -fsS -o /dev/null -H "Cookie: $cookie" "$L$path" || die "$L$path does not answer 200"
  run_wrk "large-$name" 8 "$SECONDS_PER_LIST" "$L$path" "$cookie"
done
run_wrk nginx-8 8 "$SECONDS_PER_LIST" "$nginx_base/dashboard.html"

# PDFs one at a time, so that each latency is the time to make one document.
pdf_bytes_invoice=$(curl -fsS -H "Cookie: $admin_small" "$S/admin/invoices/$invoice_small/pdf" | wc -c)
pdf_bytes_receipt=$(curl -fsS -H "Cookie: $admin_small" "$S/admin/appointments/$receipt_small/receipt" | wc -c)
run_wrk invoice-pdf 1 "$SECONDS_PER_LIST" "$S/admin/invoices/$invoice_small/pdf" "$admin_small"
run_wrk receipt-pdf 1 "$SECONDS_PER_LIST" "$S/admin/appointments/$receipt_small/receipt" "$admin_small"

# --- start with 50 salons -----------------------------------------------------------------------------------
# The demo salon and 49 new ones; the time from exec to the first answer of a salon page, best and median of 5.
mkdir -m 700 "$work/fifty"
"$BIN" demo --data "$work/fifty" --password "$PASSWORD" >/dev/null
for i in $(seq -w 1 49); do
  "$BIN" salon create "salon-$i" --name "Salon $i" --data "$work/fifty" >/dev/null
done
start_ms=$(python3 - "$BIN" "$work/fifty" "$(free_port)" <<'EOF'
import http.client, signal, statistics, subprocess, sys, time
binary, data, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(5):
    began = time.monotonic()
    p = subprocess.Popen([binary, "serve", "--data", data, "--listen", "127.0.0.1:%d" % port],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/s/salon-49/login")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        if p.poll() is not None:
            sys.exit("salonbox serve exited")
        time.sleep(0.001)
    times.append((time.monotonic() - began) * 1000)
    p.send_signal(signal.SIGTERM)
    p.wait()
print("%.0f %.0f" % (min(times), statistics.median(times)))
EOF
)
read -r start_best_ms start_median_ms <<<"$start_ms"

# --- results ------------------------------------------------------------------------------------------------
echo
echo "salonbox $("$BIN" --version 2>/dev/null | awk '{ print $NF }') ($BIN), $SERVER_THREADS server threads; $(nproc) cores;" \
  "load average $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
printf '%-50s %6s %10s %9s %9s %8s %7s %7s\n' "page (demo salon, 32 connections)" bytes requests/s p50-ms p99-ms vs-nginx cpu-ms errors
row32() {
  local name=$1 label=$2 file=$3 nginx=$4 bytes=- cpu=-
  [[ -n $file ]] && bytes=$(wc -c <"$work/www/$file")
  [[ $name != nginx* ]] && cpu=$(cpu_ms "$name")
  printf '%-50s %6s %10s %9s %9s %8s %7s %7s\n' "$label" "$bytes" "$(rps "$name")" \
    "$(latency_ms "$name" 50%)" "$(latency_ms "$name" 99%)" "${nginx:+$(ratio "$name" "$nginx")x}" "$cpu" "$(errors "$name")"
}
row32 healthz "GET /healthz" "" ""
row32 login "sign-in page" login.html nginx-login
row32 nginx-login "  nginx, same bytes" login.html ""
row32 portal "portal appointments (Alice, signed in)" appointments.html nginx-portal
row32 nginx-portal "  nginx, same bytes" appointments.html ""
row32 dashboard "admin dashboard (owner, signed in)" dashboard.html nginx-dashboard
row32 nginx-dashboard "  nginx, same bytes" dashboard.html ""
echo
printf '%-50s %10s %9s %9s %7s %7s\n' "page (five-year salon, 8 connections)" requests/s p50-ms p99-ms cpu-ms errors
for entry in "${large_pages[@]}"; do
  IFS='|' read -r name path face <<<"$entry"
  printf '%-50s %10s %9s %9s %7s %7s\n' "$face $path" "$(rps "large-$name")" "$(latency_ms "large-$name" 50%)" \
    "$(latency_ms "large-$name" 99%)" "$(cpu_ms "large-$name")" "$(errors "large-$name")"
done
printf '%-50s %10s %9s %9s %7s %7s\n' "nginx, dashboard bytes" "$(rps nginx-8)" "$(latency_ms nginx-8 50%)" "$(latency_ms nginx-8 99%)" - "$(errors nginx-8)"
echo
printf '%-50s %8s %10s %9s %9s %7s\n' "PDF (demo salon, one request at a time)" bytes requests/s p50-ms p99-ms cpu-ms
printf '%-50s %8s %10s %9s %9s %7s\n' "invoice $invoice_small" "$pdf_bytes_invoice" "$(rps invoice-pdf)" "$(latency_ms invoice-pdf 50%)" \
  "$(latency_ms invoice-pdf 99%)" "$(cpu_ms invoice-pdf)"
printf '%-50s %8s %10s %9s %9s %7s\n' "receipt of appointment $receipt_small" "$pdf_bytes_receipt" "$(rps receipt-pdf)" \
  "$(latency_ms receipt-pdf 50%)" "$(latency_ms receipt-pdf 99%)" "$(cpu_ms receipt-pdf)"
echo
echo "resident memory: idle after start ${idle_rss_small} MiB (demo salon), ${idle_rss_large} MiB (five-year salon);" \
  "${busy_rss_small} MiB after the 32-connection runs"
echo "start to the first answer with 50 salons: best ${start_best_ms} ms, median ${start_median_ms} ms of 5"
echo "(cpu-ms: salonbox's CPU time per answer; errors: non-2xx/3xx answers plus socket errors and timeouts, as wrk counts them)"

# target LABEL GOAL MEASURED UNIT CONDITION [RUN]: one row of the targets table; CONDITION is an awk condition
# on a (the measured number). A wrk RUN with errors (timeouts included) or no answer misses whatever it measured.
echo
printf '%-62s %-10s %-12s %s\n' target goal measured result
target() {
  local label=$1 goal=$2 measured=$3 unit=$4 condition=$5 run=${6:-}
  local result=MISSED
  awk -v a="$measured" "BEGIN { exit !($condition) }" && result=MET
  if [[ -n $run ]] && { [[ $(errors "$run") != 0 ]] || [[ $(requests "$run") == 0 ]]; }; then
    result="MISSED ($(errors "$run") errors)"
  fi
  printf '%-62s %-10s %-12s %s\n' "$label" "$goal" "$measured$unit" "$result"
}
target "portal appointments vs nginx, 32 connections" ">= 0.40x" "$(ratio portal nginx-portal)" x "a >= 0.4" portal
target "portal appointments p99, 32 connections" "< 10 ms" "$(latency_ms portal 99%)" " ms" "a < 10" portal
for entry in "${large_pages[@]}"; do
  IFS='|' read -r name path face <<<"$entry"
  target "five-year salon: $face $path p99, 8 conn." "< 20 ms" "$(latency_ms "large-$name" 99%)" " ms" "a < 20" "large-$name"
done
target "invoice PDF p50, one at a time" "< 20 ms" "$(latency_ms invoice-pdf 50%)" " ms" "a < 20" invoice-pdf
target "receipt PDF p50, one at a time" "< 20 ms" "$(latency_ms receipt-pdf 50%)" " ms" "a < 20" receipt-pdf
target "idle resident memory after start (demo salon)" "< 20 MiB" "$idle_rss_small" " MiB" "a < 20"
target "idle resident memory after start (five-year salon)" "< 20 MiB" "$idle_rss_large" " MiB" "a < 20"
target "start to first answer, 50 salons (median of 5)" "< 100 ms" "$start_median_ms" " ms" "a < 100"
