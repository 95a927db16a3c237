#!/usr/bin/env bash
# po/update-nl.sh — regenerate kennis.pot from the sources and merge it into nl.po
#
# Copyright 2026 The Kennis developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   po/update-nl.sh [BUILD_DIR]     (default: _build-i18n, set up if missing)
#
# Then translate what it lists (search nl.po for `#, fuzzy` and `msgstr ""`),
# remove each `#, fuzzy` line once the translation is right, and check with
#   meson test -C BUILD_DIR --suite i18n
# A new source file with strings goes into po/POTFILES.in first (sorted);
# this script stops and names it when one is missing.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-_build-i18n}
cd "$top"

if ! python3 tests/i18n/check-potfiles.py "$top"; then
  echo "Add the files above to po/POTFILES.in (keep it sorted: LC_ALL=C sort), then run this again." >&2
  exit 1
fi

[ -f "$build/build.ninja" ] || meson setup "$build"
meson compile -C "$build" kennis-pot

msgmerge --quiet --update --backup=none --previous po/nl.po po/kennis.pot
LC_ALL=C msgfmt --check --statistics --output-file=/dev/null po/nl.po

# Name what is left, skipping each listing's header entry.
for which in --only-fuzzy --untranslated; do
  msgattrib "$which" --no-obsolete --no-wrap po/nl.po |
    awk '/^msgid / { n++ } n > 1 && /^(msgctxt|msgid) / { print "  " $0 }'
done
