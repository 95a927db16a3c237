/* kennis-feed-writer.h — Atom, RSS and JSON Feed documents from posts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kennis-post.h"

G_BEGIN_DECLS

/* The layout of a Kennis site, which the feeds and the site writer agree on.
 * Every URL is base_url + one of these paths; when base_url is "" the feeds
 * use the paths as relative links (feed readers then need to know where the
 * feed lives, so set a base URL before publishing a feed):
 *
 *   index.html, page-2.html, …   newest posts first, 20 a page
 *   posts/<slug>.html            one page per post
 *   tags/<tag-slug>.html         one page per tag
 *   feed.atom, feed.rss, feed.json
 *   style.css
 */
#define KENNIS_FEED_ATOM_FILE "feed.atom"
#define KENNIS_FEED_RSS_FILE  "feed.rss"
#define KENNIS_FEED_JSON_FILE "feed.json"

char *kennis_feed_write_atom     (const KennisSiteConfig *site,
                                  GPtrArray              *posts,
                                  GError                **error);
char *kennis_feed_write_rss      (const KennisSiteConfig *site,
                                  GPtrArray              *posts,
                                  GError                **error);
char *kennis_feed_write_json     (const KennisSiteConfig *site,
                                  GPtrArray              *posts,
                                  GError                **error);

/* Helpers the site writer shares with the feeds. */
char *kennis_feed_clean_text     (const char             *text);
char *kennis_feed_entry_id       (const KennisSiteConfig *site,
                                  const KennisPost       *post);
char *kennis_feed_post_slug      (const KennisPost       *post);
char *kennis_feed_tag_slug       (const char             *tag);
char *kennis_feed_post_url       (const KennisSiteConfig *site,
                                  const KennisPost       *post);
char *kennis_feed_site_url       (const KennisSiteConfig *site,
                                  const char             *path);
char *kennis_feed_format_rfc3339 (GDateTime              *date);
char *kennis_feed_format_rfc822  (GDateTime              *date);
const char *kennis_feed_language (const char             *language);
gboolean kennis_feed_url_is_safe (const char             *url);

G_END_DECLS
