#!/usr/bin/env bash
# build-aux/screenshots.sh — start Kennis under Xvfb on a small demo notebook
# and write PNGs of the window to data/screenshots/, in English and in Dutch.
# Needs a build in _build (build-aux/dev build).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"
out="$top/data/screenshots"
mkdir -p "$out"

demo_en() {
  local cli="$build/src/cli/kennis-cli"
  "$cli" add link https://www.w3.org/TR/micropub/ --title "Micropub, the W3C recommendation" \
    --body "How a site accepts posts from other apps. Worth reading before we pick a blog engine." \
    --tag publishing --tag standards --for team >/dev/null
  # Shared, so the list shows the mark of an entry that is up somewhere.
  "$cli" share "$("$cli" --json add note --title "What I learned from the customer day" \
    --body "People asked the same three questions. A short FAQ on the intranet would save the help desk hours." \
    --tag customers --for org | sed -n -E 's/.*"id" *: *"([^"]+)".*/\1/p' | head -n 1)" >/dev/null
  "$cli" add note --title "Onboarding checklist for new colleagues" --tag onboarding --for team \
    --body - >/dev/null <<'MD'
# First week

- Laptop, badge and **accounts** on day one
- Lunch with the team on day two
- A small real task by Friday

Ask the buddy *before* asking the help desk.
MD
}

demo_nl() {
  local cli="$build/src/cli/kennis-cli"
  "$cli" add link https://www.w3.org/TR/micropub/ --title "Micropub, de W3C-aanbeveling" \
    --body "Hoe een site berichten van andere apps aanneemt. Goed om te lezen voor we een blog kiezen." \
    --tag publiceren --tag standaarden --for team >/dev/null
  "$cli" share "$("$cli" --json add note --title "Wat ik leerde van de klantendag" \
    --body "Mensen stelden steeds dezelfde drie vragen. Een korte FAQ op het intranet scheelt de helpdesk uren." \
    --tag klanten --for org | sed -n -E 's/.*"id" *: *"([^"]+)".*/\1/p' | head -n 1)" >/dev/null
  "$cli" add note --title "Inwerklijst voor nieuwe collega's" --tag inwerken --for team \
    --body - >/dev/null <<'MD'
# Eerste week

- Laptop, pasje en **accounts** op de eerste dag
- Lunch met het team op dag twee
- Een kleine echte taak voor vrijdag

Vraag eerst je buddy, *dan* de helpdesk.
MD
}

# Dates and month names follow the C library locale, not LANGUAGE; a Dutch
# screenshot needs a real Dutch locale.
ensure_locales() {
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  if ! locale -a 2>/dev/null | grep -qi '^nl_NL.utf8$' || ! locale -a 2>/dev/null | grep -qi '^en_US.utf8$'; then
    "${sudo[@]}" sed -i -E 's/^# *(nl_NL.UTF-8 UTF-8|en_US.UTF-8 UTF-8)/\1/' /etc/locale.gen
    grep -q '^nl_NL.UTF-8 UTF-8' /etc/locale.gen || echo 'nl_NL.UTF-8 UTF-8' | "${sudo[@]}" tee -a /etc/locale.gen >/dev/null
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' | "${sudo[@]}" tee -a /etc/locale.gen >/dev/null
    "${sudo[@]}" locale-gen >/dev/null
  fi
}

shoot() {
  local lang=$1 file=$2
  local data
  data=$(mktemp -d)

  export KENNIS_DATA_DIR="$data" KENNIS_LOCALEDIR="$build/po" LANGUAGE="$lang"
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo NO_AT_BRIDGE=1
  export LC_ALL="$([ "$lang" = nl ] && echo nl_NL.UTF-8 || echo en_US.UTF-8)"

  "demo_$lang"

  xvfb-run -a -s '-screen 0 1100x720x24' dbus-run-session -- bash -c '
    "$0" & app=$!
    sleep 5
    import -window root "$1"
    kill $app
    wait $app 2>/dev/null || true
  ' "$build/src/kennis" "$file"

  rm -rf "$data"
  echo "wrote $file"
}

ensure_locales
shoot en "$out/main-en.png"
shoot nl "$out/main-nl.png"
