/* kennis-capture.h — what a paste, a drop or `kennis --new-note TEXT` makes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kennis-entry.h"

G_BEGIN_DECLS

/* The longest title taken from a first line; the rest stays in the body. */
#define KENNIS_CAPTURE_MAX_TITLE 120

KennisEntry *kennis_capture_entry_from_text (const char  *text);
KennisEntry *kennis_capture_note_from_text  (const char  *text);
gboolean     kennis_capture_is_note_file    (const char  *file_name);
KennisEntry *kennis_capture_note_from_file  (const char  *file_name,
                                             GBytes      *contents,
                                             GError     **error);

G_END_DECLS
