#!/usr/bin/env bash
# Checks a built salonbox .deb: its Debian name, the settings as conffiles, the maintainer scripts, the files
# a service needs, and lintian (no errors) when lintian is installed.
# Usage: scripts/check-package.sh FILE.deb
set -euo pipefail
deb=$1
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

name=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
expected="${name}_${version}_${arch}.deb"
[ "$(basename "$deb")" = "$expected" ] && ok "named $expected" || fail "named $(basename "$deb"), not $expected"
[ "$arch" = "$(dpkg --print-architecture)" ] && ok "architecture $arch" || fail "architecture $arch"

control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
dpkg-deb --control "$deb" "$control"
for script in postinst prerm postrm; do
  if [ -x "$control/$script" ] && sh -n "$control/$script"; then ok "$script"; else fail "$script missing, not executable or not valid sh"; fi
done
for conffile in /etc/salonbox/salonbox.conf /etc/salonbox/backup.conf; do
  grep -qx "$conffile" "$control/conffiles" 2>/dev/null && ok "conffile $conffile" || fail "$conffile is not a conffile"
done
grep -q "deb-systemd-invoke stop" "$control/prerm" && ok "prerm stops the units" || fail "prerm does not stop the units"
grep -q 'deb-systemd-helper purge' "$control/postrm" && ok "postrm purges the units' state" || fail "postrm does not purge the units' state"

contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
for path in ./usr/bin/salonbox ./lib/systemd/system/salonbox.service ./lib/systemd/system/salonbox-backup.service \
  ./lib/systemd/system/salonbox-backup.timer ./etc/salonbox/salonbox.conf ./etc/salonbox/backup.conf \
  ./usr/share/doc/salonbox/copyright ./usr/share/doc/salonbox/changelog.gz ./usr/share/salonbox/certbot-deploy-hook; do
  grep -qx "$path" <<<"$contents" && ok "holds ${path#.}" || fail "does not hold ${path#.}"
done

if command -v lintian >/dev/null; then
  # Tags are listed in the notes of the package; errors fail the check.
  report=$(lintian --no-tag-display-limit "$deb" 2>&1 || true)
  [ -n "$report" ] && echo "$report"
  if grep -q '^E:' <<<"$report"; then fail "lintian reports errors"; else ok "lintian: no errors"; fi
else
  echo "lintian is not installed: skipped (scripts/install-deps.sh package installs it)"
fi

if ((failures)); then
  echo "$failures check(s) failed for $deb"
  exit 1
fi
