/* kennis-audience-button.h — who an entry is for, changed with one click
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kennis-entry.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_AUDIENCE_BUTTON (kennis_audience_button_get_type ())

G_DECLARE_FINAL_TYPE (KennisAudienceButton, kennis_audience_button, KENNIS, AUDIENCE_BUTTON, GtkWidget)

void         kennis_audience_button_set_audiences (KennisAudienceButton *self,
                                                   GListModel           *audiences);
void         kennis_audience_button_set_entry (KennisAudienceButton *self,
                                               KennisEntry          *entry);
void         kennis_audience_button_popup     (KennisAudienceButton *self);
const char  *kennis_audience_button_get_label (KennisAudienceButton *self);
gboolean     kennis_audience_button_choose    (KennisAudienceButton *self,
                                               gint64                audience_id,
                                               gboolean              on);

char        *kennis_audience_describe         (GListModel           *audiences,
                                               KennisEntry          *entry,
                                               const char          **icon_name);

G_END_DECLS
