/* kennis-site-writer.h — a static blog with feeds, written into a folder
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-post.h"

G_BEGIN_DECLS

/* The layout is in kennis-feed-writer.h. Index pages and the feeds: */
#define KENNIS_SITE_POSTS_PER_PAGE 20
#define KENNIS_SITE_FEED_ITEMS     50   /* the newest posts each feed carries */

/* All of these write every file atomically (a temporary file renamed over
 * the old one, synced first when it replaces a file), and leave a file
 * alone when its content would not change. They do blocking file I/O:
 * call them from a worker thread; a full export also renders and writes
 * pages on two threads of its own.
 *
 * The _full variants add every file they wrote to @written (relative paths
 * with '/', e.g. "posts/hello.html"), for tests and progress reports. */

gboolean kennis_site_write_all        (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       GCancellable           *cancellable,
                                       GError                **error);
gboolean kennis_site_write_all_full   (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       GPtrArray              *written,
                                       GCancellable           *cancellable,
                                       GError                **error);

gboolean kennis_site_write_post       (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       const KennisPost       *changed,
                                       const char * const     *old_tags,
                                       GCancellable           *cancellable,
                                       GError                **error);
gboolean kennis_site_write_post_full  (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       const KennisPost       *changed,
                                       const char * const     *old_tags,
                                       GPtrArray              *written,
                                       GCancellable           *cancellable,
                                       GError                **error);

gboolean kennis_site_remove_post      (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       const KennisPost       *removed,
                                       GCancellable           *cancellable,
                                       GError                **error);
gboolean kennis_site_remove_post_full (const KennisSiteConfig *site,
                                       GPtrArray              *posts,
                                       const KennisPost       *removed,
                                       GPtrArray              *written,
                                       GCancellable           *cancellable,
                                       GError                **error);

G_END_DECLS
