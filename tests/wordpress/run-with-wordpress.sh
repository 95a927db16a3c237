#!/usr/bin/env bash
# tests/wordpress/run-with-wordpress.sh PROGRAM [ARGS…] — run a TAP test
# program against a fresh, real WordPress on 127.0.0.1 (wordpress-up.sh) and
# take it down afterwards, whatever happens. PROGRAM gets the KENNIS_WP_*
# variables of wordpress-up.sh's DIR/env in its environment; its exit status
# is this script's. Skips (TAP "1..0 # SKIP") when WordPress is not installed.
# The servers' output goes to stderr, so stdout stays PROGRAM's TAP.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGS…]" >&2
  exit 2
fi
if [ ! -f /usr/share/wordpress/wp-load.php ]; then
  echo "1..0 # SKIP WordPress is not installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "1..0 # SKIP a test WordPress needs root (it writes /etc/wordpress)"
  exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/kennis-wordpress.XXXXXX")
child=
cleanup() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
  # In a session of its own: meson's timeout kills the test's process group
  # (TERM, then KILL half a second later), and the servers must still go.
  setsid -w "$here/wordpress-down.sh" "$dir" >&2 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "$here/wordpress-up.sh" "$dir" >&2; then
  for log in "$dir/apache/error.log" "$dir/mysql/mariadbd.log" "$dir/install.log"; do
    [ -s "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }
  done
  echo "Bail out! the test WordPress did not come up"
  exit 1
fi

while IFS='=' read -r key value; do
  case "$key" in KENNIS_WP_*) export "$key=$value" ;; esac
done < "$dir/env"

# In the background so that a TERM reaches the trap at once, not only after
# PROGRAM has finished.
status=0
"$@" <&0 &
child=$!
wait "$child" || status=$?
child=
exit "$status"
