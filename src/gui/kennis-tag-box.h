/* kennis-tag-box.h — an entry's tags as removable chips, with a completing field to add more
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-entry.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_TAG_BOX (kennis_tag_box_get_type ())

G_DECLARE_FINAL_TYPE (KennisTagBox, kennis_tag_box, KENNIS, TAG_BOX, GtkWidget)

void         kennis_tag_box_set_store  (KennisTagBox *self,
                                        KennisStore  *store);
void         kennis_tag_box_set_entry  (KennisTagBox *self,
                                        KennisEntry  *entry);
GtkEditable *kennis_tag_box_get_editable (KennisTagBox *self);
gboolean     kennis_tag_box_commit     (KennisTagBox *self);
gboolean     kennis_tag_box_flush      (KennisTagBox *self);

G_END_DECLS
