#!/usr/bin/env python3
# check-po.py — every catalogue is valid and complete: no fuzzy, no untranslated
#
# Copyright 2026 The Kennis developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po.py [--expect-problems] MSGFMT FILE.po…
# With --expect-problems it passes only when it finds a problem; the
# i18n suite runs it that way on broken fixtures, so a checker that lets
# everything through is noticed (a crash still fails).
# `msgfmt --check` also fails on format strings that do not match their
# msgid (a %s lost or added), on bad plural forms and on a broken header.

import re
import subprocess
import sys


def check(msgfmt, po):
    result = subprocess.run(
        [msgfmt, '--check', '--statistics', '--output-file=/dev/null', po],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={'LC_ALL': 'C', 'PATH': '/usr/bin:/bin'})
    output = result.stdout.strip()
    print(f'# {po}: {output}')

    if result.returncode != 0:
        return f'{po}: msgfmt --check failed:\n{output}'

    # The statistics line, e.g. "285 translated messages, 2 fuzzy
    # translations, 1 untranslated message." (it is the last line).
    stats = output.splitlines()[-1] if output else ''
    translated = re.search(r'(\d+) translated message', stats)
    fuzzy = re.search(r'(\d+) fuzzy translation', stats)
    untranslated = re.search(r'(\d+) untranslated message', stats)
    if translated is None or int(translated.group(1)) == 0:
        return f'{po}: no translated messages in "{stats}"'
    if fuzzy or untranslated:
        return (f'{po}: {stats}\n'
                'Run po/update-nl.sh, then translate every fuzzy and untranslated '
                'message (`msgattrib --only-fuzzy po/nl.po`, '
                '`msgattrib --untranslated po/nl.po` list them).')
    return None


def main():
    args = sys.argv[1:]
    expect_problems = '--expect-problems' in args
    args = [a for a in args if a != '--expect-problems']
    if len(args) < 2:
        print('usage: check-po.py [--expect-problems] MSGFMT FILE.po…', file=sys.stderr)
        return 2

    msgfmt = args[0]
    problems = [p for p in (check(msgfmt, po) for po in args[1:]) if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    if expect_problems:
        print('# expected problems: ' + ('found' if problems else 'NONE FOUND'))
        return 0 if problems else 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
