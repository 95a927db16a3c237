/* kennis-share-marks.h — which entries are shared, for marking them in the list
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "kennis-sharing.h"
#include "kennis-store.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_SHARE_MARKS (kennis_share_marks_get_type ())

G_DECLARE_FINAL_TYPE (KennisShareMarks, kennis_share_marks, KENNIS, SHARE_MARKS, GObject)

KennisShareMarks *kennis_share_marks_new        (KennisStore      *store,
                                                 KennisSharing    *sharing);
KennisShareState  kennis_share_marks_get_state  (KennisShareMarks *self,
                                                 KennisEntry      *entry);

G_END_DECLS
