#!/usr/bin/env bash
# Checks salonbox's systemd units offline: each parses without unknown settings, and each service's exposure
# score (systemd-analyze security) is at most the threshold (default 2.0, systemd's "OK" range).
# Usage: scripts/check-units.sh [UNIT_FILE...]   Exit 77 (skipped) without systemd-analyze.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
threshold=${SALONBOX_MAX_EXPOSURE:-2.0}
units=("$@")
((${#units[@]})) || units=("$root"/systemd/*.service "$root"/systemd/*.timer)

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIPPED: systemd-analyze is missing (Debian package systemd; scripts/install-deps.sh test installs it)"
  exit 77
fi

status=0
for unit in "${units[@]}"; do
  name=$(basename "$unit")
  # A unit systemd cannot fully parse still gets a score: its complaints about settings are what matter here.
  complaints=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1 >/dev/null |
    grep -E "Unknown (key|section)|Failed to parse|Invalid|unknown|ignoring" || true)
  if [ -n "$complaints" ]; then
    echo "FAIL $name: systemd does not understand it:"
    echo "$complaints"
    status=1
  fi
  case "$name" in
    *.service)
      score=$(systemd-analyze security --offline=true --no-pager "$unit" 2>/dev/null |
        sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
      if [ -z "$score" ]; then
        echo "FAIL $name: no exposure score"
        status=1
      elif awk -v s="$score" -v t="$threshold" 'BEGIN { exit !(s > t) }'; then
        echo "FAIL $name: exposure $score is above $threshold"
        status=1
      else
        echo "ok   $name: exposure $score (at most $threshold)"
      fi
      ;;
    *) [ -n "$complaints" ] || echo "ok   $name: parses" ;;
  esac
done
exit $status
