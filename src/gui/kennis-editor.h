/* kennis-editor.h — title, web address, tags and Markdown text of one entry
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-entry.h"
#include "kennis-link-filler.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_EDITOR (kennis_editor_get_type ())

G_DECLARE_FINAL_TYPE (KennisEditor, kennis_editor, KENNIS, EDITOR, GtkWidget)

void           kennis_editor_set_store       (KennisEditor *self,
                                              KennisStore  *store);
void           kennis_editor_set_link_filler (KennisEditor *self,
                                              KennisLinkFiller *filler);
void           kennis_editor_set_entry       (KennisEditor *self,
                                              KennisEntry  *entry);
KennisEntry   *kennis_editor_get_entry       (KennisEditor *self);
void           kennis_editor_focus_title     (KennisEditor *self);
void           kennis_editor_focus_url       (KennisEditor *self);
void           kennis_editor_focus_body      (KennisEditor *self);
GtkEditable   *kennis_editor_get_title_editable (KennisEditor *self);
GtkEditable   *kennis_editor_get_url_editable   (KennisEditor *self);
GtkTextBuffer *kennis_editor_get_body_buffer (KennisEditor *self);
GtkWidget     *kennis_editor_get_tag_box     (KennisEditor *self);
void           kennis_editor_flush           (KennisEditor *self);

G_END_DECLS
