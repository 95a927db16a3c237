/* kennis-entry.h — one note or link of the notebook
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-types.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_ENTRY (kennis_entry_get_type ())

G_DECLARE_FINAL_TYPE (KennisEntry, kennis_entry, KENNIS, ENTRY, GObject)

KennisEntry     *kennis_entry_new               (KennisEntryKind     kind);
gint64           kennis_entry_get_num           (KennisEntry        *self);
const char      *kennis_entry_get_id            (KennisEntry        *self);
KennisEntryKind  kennis_entry_get_kind          (KennisEntry        *self);
const char      *kennis_entry_get_title         (KennisEntry        *self);
void             kennis_entry_set_title         (KennisEntry        *self,
                                                 const char         *title);
const char      *kennis_entry_get_body          (KennisEntry        *self);
void             kennis_entry_set_body          (KennisEntry        *self,
                                                 const char         *body);
const char      *kennis_entry_get_url           (KennisEntry        *self);
void             kennis_entry_set_url           (KennisEntry        *self,
                                                 const char         *url);
const char      *kennis_entry_get_language      (KennisEntry        *self);
void             kennis_entry_set_language      (KennisEntry        *self,
                                                 const char         *language);
GDateTime       *kennis_entry_get_created       (KennisEntry        *self);
GDateTime       *kennis_entry_get_updated       (KennisEntry        *self);
gboolean         kennis_entry_get_deleted       (KennisEntry        *self);
const char * const *kennis_entry_get_tags       (KennisEntry        *self);
void             kennis_entry_set_tags          (KennisEntry        *self,
                                                 const char * const *tags);
gboolean         kennis_entry_add_tag           (KennisEntry        *self,
                                                 const char         *tag);
gboolean         kennis_entry_remove_tag        (KennisEntry        *self,
                                                 const char         *tag);
const gint64    *kennis_entry_get_audiences     (KennisEntry        *self,
                                                 guint              *n_audiences);
void             kennis_entry_set_audiences     (KennisEntry        *self,
                                                 const gint64       *audiences,
                                                 guint               n_audiences);
gboolean         kennis_entry_has_audience      (KennisEntry        *self,
                                                 gint64              audience_id);
void             kennis_entry_toggle_audience   (KennisEntry        *self,
                                                 gint64              audience_id,
                                                 gboolean            on);
gboolean         kennis_entry_is_private        (KennisEntry        *self);
gboolean         kennis_entry_get_dirty         (KennisEntry        *self);
char            *kennis_entry_dup_display_title (KennisEntry        *self);
char            *kennis_entry_dup_snippet       (KennisEntry        *self,
                                                 guint               max_chars);

G_END_DECLS
