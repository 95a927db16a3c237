/* kennis-share-test.h — posts and feed checks the share tests have in common
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-post.h"

G_BEGIN_DECLS

KennisPost *kennis_share_test_post          (guint               n,
                                             const char         *title,
                                             const char * const *tags);
KennisSiteConfig *kennis_share_test_site    (const char         *folder,
                                             const char         *base_url);
GPtrArray  *kennis_share_test_posts         (guint               n);
char       *kennis_share_test_hostile_title (void);
KennisPost *kennis_share_test_hostile_post  (guint               n);

gboolean    kennis_share_test_run           (const char * const *argv,
                                             char              **output);
char       *kennis_share_test_atom_problem  (const char         *path);
void        kennis_share_test_validate_atom (const char         *path);
void        kennis_share_test_feedparser    (const char         *feed_path,
                                             const char         *version,
                                             const KennisSiteConfig *site,
                                             GPtrArray          *posts);

G_END_DECLS
