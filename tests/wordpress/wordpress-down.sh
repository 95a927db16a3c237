#!/usr/bin/env bash
# tests/wordpress/wordpress-down.sh DIR — undo wordpress-up.sh DIR: stop its
# Apache and MariaDB, remove /etc/wordpress/config-127.0.0.1.php and the lock
# if they are DIR's, and remove DIR. Safe to run after a failed or partial up,
# and more than once.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
t0=$EPOCHREALTIME
dir=$1
[ -d "$dir" ] && dir=$(cd "$dir" && pwd)
lock=/run/lock/kennis-wordpress
site_config=/etc/wordpress/config-127.0.0.1.php
export PATH=$PATH:/usr/sbin:/sbin

# Is PID a live process whose command line mentions WORD (this site's path)?
# Zombies count as gone; a reused pid that is not ours does not count at all.
ours_alive() {
  local pid=$1 word=$2
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$word"
}

# Stop the process in PIDFILE (and any other process whose command line holds
# WORD, e.g. one that died before writing its pid file): TERM, then KILL.
stop() {
  local what=$1 pidfile=$2 word=$3 pids=() pid
  [ -s "$pidfile" ] && pids+=("$(cat "$pidfile")")
  while read -r pid; do pids+=("$pid"); done < <(pgrep -f -- "$word" || true)
  local live=()
  for pid in "${pids[@]}"; do ours_alive "$pid" "$word" && live+=("$pid"); done
  [ ${#live[@]} -eq 0 ] && return 0
  kill -TERM "${live[@]}" 2>/dev/null || true
  for _ in $(seq 1 200); do
    local any=0
    for pid in "${live[@]}"; do ours_alive "$pid" "$word" && any=1; done
    [ "$any" -eq 0 ] && return 0
    sleep 0.1
  done
  echo "wordpress-down: $what did not stop within 20s, killing it" >&2
  for pid in "${live[@]}"; do ours_alive "$pid" "$word" && kill -KILL "$pid" 2>/dev/null; done
  # Apache's children follow their parent; catch any that did not.
  sleep 0.2
  while read -r pid; do
    ours_alive "$pid" "$word" && kill -KILL "$pid" 2>/dev/null
  done < <(pgrep -f -- "$word" || true)
  return 0
}

stop apache2 "$dir/apache/apache2.pid" "$dir/apache/httpd.conf"
stop mariadbd "$dir/mysql/mariadbd.pid" "--datadir=$dir/mysql/data"

# The shared files go only when they are this DIR's.
if [ -f "$site_config" ] && grep -qxF -- "// kennis-wordpress-test-site: $dir" "$site_config"; then
  rm -f "$site_config"
fi
rm -f "$site_config.tmp"
if [ -d "$lock" ] && [ "$(cat "$lock/owner" 2>/dev/null || true)" = "$dir" ]; then
  rm -rf "$lock"
fi

# Remove DIR only when wordpress-up.sh made a site in it.
if [ -f "$dir/.kennis-wordpress" ] && [ "$(cat "$dir/.kennis-wordpress")" = "$dir" ]; then
  rm -rf "$dir"
fi

t1=$EPOCHREALTIME
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "wordpress-down: done in %.1fs\n", b - a }' >&2
