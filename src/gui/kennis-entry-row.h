/* kennis-entry-row.h — one entry in the list: title, a line of text, who it is for, tags
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-entry.h"
#include "kennis-share-marks.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_ENTRY_ROW (kennis_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (KennisEntryRow, kennis_entry_row, KENNIS, ENTRY_ROW, GtkWidget)

KennisEntryRow *kennis_entry_row_new  (void);
void            kennis_entry_row_bind (KennisEntryRow *self,
                                       GListModel     *audiences,
                                       KennisEntry    *entry);
void            kennis_entry_row_set_marks (KennisEntryRow   *self,
                                            KennisShareMarks *marks);

G_END_DECLS
