/* kennis-share-test.h — posts, feed checks, a target's calls made synchronous and
 * an outbox to watch: what the share tests have in common
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-post.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-target.h"

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

/* A target's calls, waited for: a call not answered in @timeout_ms fails the test. */
KennisShareRequest *kennis_share_test_request  (const KennisPost    *post,
                                                const char          *remote_id);
KennisShareResult  *kennis_share_test_publish  (KennisTarget        *target,
                                                KennisShareRequest  *request,
                                                guint                timeout_ms,
                                                GError             **error);
gboolean            kennis_share_test_withdraw (KennisTarget        *target,
                                                KennisShareRequest  *request,
                                                guint                timeout_ms,
                                                GError             **error);
char               *kennis_share_test_check    (KennisTarget        *target,
                                                guint                timeout_ms,
                                                GError             **error);

/* A notebook with Kennis working off its outbox, as the app does, for a
 * fixture to embed: the test sets @path, the rest is the helpers'. */
typedef struct
{
  char          *path;        /* the notebook file */
  KennisStore   *store;
  KennisSharing *sharing;
  guint          done;        /* outbox jobs finished */
  char          *last_error;  /* the last finished job's message, or NULL */
} KennisShareTestOutbox;

void              kennis_share_test_outbox_open        (KennisShareTestOutbox *outbox);
void              kennis_share_test_outbox_close       (KennisShareTestOutbox *outbox);
void              kennis_share_test_outbox_clear       (KennisShareTestOutbox *outbox);
KennisTargetInfo *kennis_share_test_outbox_add_target  (KennisShareTestOutbox *outbox,
                                                        const char            *kind,
                                                        const char            *name,
                                                        const char            *config);
gboolean          kennis_share_test_outbox_wait_within (KennisShareTestOutbox *outbox,
                                                        guint                  n,
                                                        guint                  timeout_ms);
void              kennis_share_test_outbox_wait        (KennisShareTestOutbox *outbox,
                                                        guint                  n);
KennisOutboxJob  *kennis_share_test_outbox_only_job    (KennisShareTestOutbox *outbox);
guint             kennis_share_test_outbox_count       (KennisShareTestOutbox *outbox);
void              kennis_share_test_outbox_retry       (KennisShareTestOutbox *outbox);

G_END_DECLS
