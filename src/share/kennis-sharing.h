/* kennis-sharing.h — share an entry with one action: routing, the outbox, and its worker
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-entry.h"
#include "kennis-store.h"

G_BEGIN_DECLS

typedef enum
{
  KENNIS_SHARE_STATE_NOT_SHARED,
  KENNIS_SHARE_STATE_SHARED,     /* every copy shows the entry as it is now */
  KENNIS_SHARE_STATE_CHANGED,    /* a copy shows an older version */
  KENNIS_SHARE_STATE_PENDING,    /* a share, update or unshare is queued */
  KENNIS_SHARE_STATE_FAILED,     /* a queued job stopped; the user can retry it */
} KennisShareState;

#define KENNIS_TYPE_SHARING (kennis_sharing_get_type ())

G_DECLARE_FINAL_TYPE (KennisSharing, kennis_sharing, KENNIS, SHARING, GObject)

KennisSharing    *kennis_sharing_new        (KennisStore    *store);
KennisStore      *kennis_sharing_get_store  (KennisSharing  *self);
guint             kennis_sharing_share      (KennisSharing  *self,
                                             KennisEntry    *entry,
                                             GError        **error);
guint             kennis_sharing_unshare    (KennisSharing  *self,
                                             KennisEntry    *entry,
                                             gint64          target_id,
                                             GError        **error);
KennisShareState  kennis_sharing_get_state  (KennisSharing  *self,
                                             KennisEntry    *entry);
void              kennis_sharing_run        (KennisSharing  *self);
gboolean          kennis_sharing_is_busy    (KennisSharing  *self);
void              kennis_sharing_stop       (KennisSharing  *self);

G_END_DECLS
