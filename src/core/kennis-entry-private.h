/* kennis-entry-private.h — what the store may do to an entry that others may not
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-entry.h"

G_BEGIN_DECLS

/* What changed since the last save: text only, or also what the sidebar
 * counts (tags, audiences). */
typedef enum
{
  KENNIS_ENTRY_DIRTY_TEXT     = 1 << 0,
  KENNIS_ENTRY_DIRTY_GROUPING = 1 << 1,
} KennisEntryDirty;

guint _kennis_entry_get_dirty_fields (KennisEntry *self);

void _kennis_entry_set_stored   (KennisEntry *self,
                                 gint64       num,
                                 const char  *id,
                                 gint64       created_us,
                                 gint64       updated_us,
                                 gboolean     deleted);
void _kennis_entry_set_updated  (KennisEntry *self,
                                 gint64       updated_us);
void _kennis_entry_set_deleted  (KennisEntry *self,
                                 gboolean     deleted);
void _kennis_entry_set_dirty    (KennisEntry *self,
                                 gboolean     dirty);
void _kennis_entry_assign_from  (KennisEntry *self,
                                 KennisEntry *fresh);

G_END_DECLS
