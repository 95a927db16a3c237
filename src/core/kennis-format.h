/* kennis-format.h — dates and counts as people say them, in both languages
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *kennis_format_date_relative (GDateTime *date,
                                   GDateTime *now);
char *kennis_format_date_long     (GDateTime *date);
char *kennis_format_language_name (const char *code);
char *kennis_format_default_language (void);
char *kennis_format_count         (guint      n);
char *kennis_format_timestamp     (gint64     usec);

G_END_DECLS
