/* kennis-entry-list.h — the entries of one query, as a GListModel of ids
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-types.h"
#include "kennis-query.h"

G_BEGIN_DECLS

/* A search shows this many of its newest (or best) hits first, and more as
 * the list is scrolled to its end. */
#define KENNIS_ENTRY_LIST_SEARCH_PAGE 200

#define KENNIS_TYPE_ENTRY_LIST (kennis_entry_list_get_type ())

G_DECLARE_FINAL_TYPE (KennisEntryList, kennis_entry_list, KENNIS, ENTRY_LIST, GObject)

KennisEntryList   *kennis_entry_list_new          (KennisStore       *store);
KennisStore       *kennis_entry_list_get_store    (KennisEntryList   *self);
const KennisQuery *kennis_entry_list_get_query    (KennisEntryList   *self);
void               kennis_entry_list_set_query    (KennisEntryList   *self,
                                                   const KennisQuery *query);
gboolean           kennis_entry_list_get_loading  (KennisEntryList   *self);
gboolean           kennis_entry_list_get_truncated (KennisEntryList  *self);
void               kennis_entry_list_reload       (KennisEntryList   *self);
guint              kennis_entry_list_find         (KennisEntryList   *self,
                                                   gint64             num);
guint              kennis_entry_list_get_n_cached (KennisEntryList   *self);

G_END_DECLS
