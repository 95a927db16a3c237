#!/usr/bin/env python3
# check-potfiles.py — po/POTFILES.in lists every file with translatable strings
#
# Copyright 2026 The Kennis developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py [--expect-problems] SOURCE_ROOT
# With --expect-problems it passes only when it finds a problem; the
# i18n suite runs it that way on broken fixtures, so a checker that lets
# everything through is noticed (a crash still fails).
# Fails when a file under src/, ui/ or data/ has translatable strings but is
# not in po/POTFILES.in, when a listed file does not exist, or when the list
# is not sorted (byte order, as `LC_ALL=C sort` gives) or has duplicates.
# Files named in po/POTFILES.skip, if there is one, are left out on purpose.

import os
import re
import sys

SCANNED = ('src', 'ui', 'data')

# _("…"), N_("…"), C_("context", "…"), NC_(…), Q_(…), ngettext ("…", …),
# and the g_d*gettext family; an identifier character right before it
# (as in FOO_("…")) means it is something else.
C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dgettext|g_dngettext|'
                    r'g_dpgettext2?|dgettext|dngettext|gettext)\s*\(\s*"')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.IGNORECASE)
SCHEMA_MARK = re.compile(r'<(?:summary|description)>')


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def is_translatable(path, relpath):
    name = os.path.basename(path)
    if name.endswith(('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')):
        return True  # every Name, Comment, <p>, <li>… in them is extracted
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return C_MARK.search(text) is not None
    if name.endswith('.ui'):
        return UI_MARK.search(text) is not None
    if name.endswith('.gschema.xml'):
        return SCHEMA_MARK.search(text) is not None
    return False


def main():
    args = sys.argv[1:]
    expect_problems = '--expect-problems' in args
    args = [a for a in args if a != '--expect-problems']
    if len(args) != 1:
        print('usage: check-potfiles.py [--expect-problems] SOURCE_ROOT', file=sys.stderr)
        return 2

    root = args[0]
    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))
    problems = []

    if not listed:
        problems.append('po/POTFILES.in is missing or empty')
    for path in sorted({p for p in listed if listed.count(p) > 1}):
        problems.append(f'{path} is listed more than once in po/POTFILES.in')
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted; use `LC_ALL=C sort`')
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f'{path} is in po/POTFILES.in but does not exist')

    found = []
    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                relpath = os.path.relpath(path, root).replace(os.sep, '/')
                if is_translatable(path, relpath):
                    found.append(relpath)

    for relpath in found:
        if relpath not in listed and relpath not in skipped:
            problems.append(f'{relpath} has translatable strings but is not in po/POTFILES.in')

    print(f'# {len(found)} files with translatable strings, {len(listed)} listed')
    for problem in problems:
        print(problem, file=sys.stderr)
    if expect_problems:
        print('# expected problems: ' + ('found' if problems else 'NONE FOUND'))
        return 0 if problems else 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
