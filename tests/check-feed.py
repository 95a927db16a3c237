#!/usr/bin/env python3
# check-feed.py — parses a feed Kennis wrote with feedparser and compares it
# with what the test expected
#
# Copyright 2026 The Kennis developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-feed.py FEED EXPECTED.json
# EXPECTED.json: {"version": "atom10", "title": "…",
#                 "items": [{"id": "…", "title": "…"}, …]}
# Exits 0 when the feed parses cleanly (bozo 0) and matches, 1 otherwise,
# with the differences on stderr.
#
# Debian 12's feedparser (6.0.10) predates its JSON Feed support (6.1), so a
# JSON Feed is checked here against the JSON Feed 1.1 rules instead, and
# mapped onto feedparser's names for the comparison.

import json
import re
import sys

import feedparser

RFC3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
ABSOLUTE = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:')


def parse_json_feed(data):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), strictly."""
    problems = []
    try:
        feed = json.loads(data.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        return {'bozo': 1, 'bozo_exception': e, 'version': '', 'feed': {}, 'entries': []}

    def need(cond, message):
        if not cond:
            problems.append(message)

    need(isinstance(feed, dict), 'top level is not an object')
    feed = feed if isinstance(feed, dict) else {}
    need(feed.get('version') == 'https://jsonfeed.org/version/1.1', 'version %r' % feed.get('version'))
    need(isinstance(feed.get('title'), str), 'feed title missing')
    for key in ('home_page_url', 'feed_url'):
        if key in feed:
            need(isinstance(feed[key], str) and ABSOLUTE.match(feed[key]), '%s not absolute' % key)
    for author in feed.get('authors', []):
        need(isinstance(author, dict) and isinstance(author.get('name'), str), 'bad author')
    need('author' not in feed, 'deprecated author')
    items = feed.get('items')
    need(isinstance(items, list), 'items missing')
    entries, ids = [], set()
    for item in items if isinstance(items, list) else []:
        need(isinstance(item.get('id'), str) and item['id'] != '', 'item without a string id')
        need(item.get('id') not in ids, 'duplicate id %r' % item.get('id'))
        ids.add(item.get('id'))
        need(isinstance(item.get('content_html'), str) or isinstance(item.get('content_text'), str),
             'item %r without content' % item.get('id'))
        for key in ('date_published', 'date_modified'):
            if key in item:
                need(isinstance(item[key], str) and RFC3339.match(item[key]), '%s %r' % (key, item[key]))
        for key in ('url', 'external_url', 'title', 'content_html', 'content_text', 'language'):
            if key in item:
                need(isinstance(item[key], str), '%s not a string' % key)
        tags = item.get('tags', [])
        need(isinstance(tags, list) and all(isinstance(t, str) for t in tags), 'bad tags')
        entries.append({
            'id': item.get('id'),
            'title': item.get('title'),
            'link': item.get('url'),
            'tags': [{'term': t} for t in tags],
            'content': [{'value': item.get('content_html', '')}],
        })
    return {
        'bozo': 1 if problems else 0,
        'bozo_exception': '; '.join(problems),
        'version': 'json11' if not problems else '',
        'feed': {'title': feed.get('title')},
        'entries': entries,
    }


def main():
    feed_path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding='utf-8') as f:
        expected = json.load(f)
    with open(feed_path, 'rb') as f:
        data = f.read()

    if feed_path.endswith('.json'):
        parsed = parse_json_feed(data)
    else:
        parsed = feedparser.parse(data)
    problems = []
    if parsed['bozo']:
        problems.append('bozo: %r' % (parsed.get('bozo_exception'),))
    if parsed['version'] != expected['version']:
        problems.append('version %r, expected %r' % (parsed['version'], expected['version']))
    if parsed['feed'].get('title') != expected['title']:
        problems.append('feed title %r, expected %r' % (parsed['feed'].get('title'), expected['title']))

    items = expected['items']
    if len(parsed['entries']) != len(items):
        problems.append('%d entries, expected %d' % (len(parsed['entries']), len(items)))
    for i, (entry, item) in enumerate(zip(parsed['entries'], items)):
        if entry.get('id') != item['id']:
            problems.append('entry %d: id %r, expected %r' % (i, entry.get('id'), item['id']))
        if entry.get('title') != item['title']:
            problems.append('entry %d: title %r, expected %r' % (i, entry.get('title'), item['title']))
        if 'link' in item and entry.get('link') != item['link']:
            problems.append('entry %d: link %r, expected %r' % (i, entry.get('link'), item['link']))
        for tag in item.get('tags', []):
            terms = [t.get('term') for t in entry.get('tags', [])]
            if tag not in terms:
                problems.append('entry %d: tag %r missing from %r' % (i, tag, terms))
        if 'content_length_at_least' in item:
            content = entry.get('content', [{}])[0].get('value', '') or entry.get('summary', '')
            if len(content) < item['content_length_at_least']:
                problems.append('entry %d: content of %d characters, expected at least %d'
                                % (i, len(content), item['content_length_at_least']))

    # One line: the C test passes this on in a TAP message.
    if problems:
        print('%s: %s' % (feed_path, '; '.join(problems)), file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
