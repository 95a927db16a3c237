/* kennis-slug.h — file and URL names made from titles
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest slug, in bytes (ASCII, so also characters). */
#define KENNIS_SLUG_MAX_LENGTH 80

typedef gboolean (*KennisSlugTakenFunc) (const char *candidate,
                                         gpointer    data);

char *kennis_slug_from_title  (const char          *title);
char *kennis_slug_make_unique (const char          *slug,
                               KennisSlugTakenFunc  taken,
                               gpointer             data);

G_END_DECLS
