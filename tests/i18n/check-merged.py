#!/usr/bin/env python3
# check-merged.py — the built desktop file and metainfo carry the current Dutch text
#
# Copyright 2026 The Kennis developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-merged.py MSGFMT PO_DIR DESKTOP.in DESKTOP METAINFO.in METAINFO
# i18n.merge_file() copies the translations from po/ into both files. This
# fails when the Dutch text is not there (e.g. a file left POTFILES.in), and
# when a built file differs from what msgfmt makes of today's po/: meson's
# merge_file() does not depend on the .po files (mesonbuild/meson#2621), so
# an incremental build keeps, and installs, old translations.

import os
import subprocess
import sys
import tempfile

EXPECTED = {
    'desktop': [
        'Comment[nl]=Bewaar notities en links',
        'GenericName[nl]=',
        'Keywords[nl]=',
    ],
    'xml': [
        '<summary xml:lang="nl">Bewaar wat je',
        '<p xml:lang="nl">Kennis is een persoonlijk notitieboek',
        '<caption xml:lang="nl">Kennis in het Nederlands</caption>',
    ],
}


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def check(msgfmt, po_dir, kind, template, built):
    problems = []
    content = read(built)
    for text in EXPECTED[kind]:
        if text not in content:
            problems.append(f'{built}: no “{text}”')

    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, os.path.basename(built))
        subprocess.run([msgfmt, f'--{kind}', f'--template={template}', '-d', po_dir,
                        '-o', fresh], check=True, env={'LC_ALL': 'C', 'PATH': '/usr/bin:/bin'})
        if read(fresh) != content:
            problems.append(f'{built} is out of date with {po_dir}: i18n.merge_file() does '
                            'not rebuild when a .po file changes (mesonbuild/meson#2621). '
                            'Delete it and build again.')
    return problems


def main():
    if len(sys.argv) != 7:
        print('usage: check-merged.py MSGFMT PO_DIR DESKTOP.in DESKTOP METAINFO.in METAINFO',
              file=sys.stderr)
        return 2

    msgfmt, po_dir, desktop_in, desktop, metainfo_in, metainfo = sys.argv[1:]
    problems = (check(msgfmt, po_dir, 'desktop', desktop_in, desktop) +
                check(msgfmt, po_dir, 'xml', metainfo_in, metainfo))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
