/* kennis-summary.h — counts for the sidebar, read off the main thread
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-types.h"

G_BEGIN_DECLS

typedef struct _KennisSummary KennisSummary;

struct _KennisSummary
{
  guint       n_all;
  guint       n_notes;
  guint       n_links;
  guint       n_private;
  GListModel *audiences;  /* KennisAudience, with counts */
  GListModel *tags;       /* KennisTag, with counts */
};

#define KENNIS_TYPE_SUMMARY (kennis_summary_get_type ())

GType          kennis_summary_get_type    (void) G_GNUC_CONST;
KennisSummary *kennis_summary_copy        (const KennisSummary *self);
void           kennis_summary_free        (KennisSummary       *self);
KennisSummary *kennis_summary_read        (const char          *path,
                                           GError             **error);
void           kennis_summary_read_async  (KennisStore         *store,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
KennisSummary *kennis_summary_read_finish (KennisStore         *store,
                                           GAsyncResult        *result,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisSummary, kennis_summary_free)

G_END_DECLS
