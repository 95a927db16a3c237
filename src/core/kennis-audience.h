/* kennis-audience.h — who an entry is for
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-types.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_AUDIENCE (kennis_audience_get_type ())

G_DECLARE_FINAL_TYPE (KennisAudience, kennis_audience, KENNIS, AUDIENCE, GObject)

/* Keys of the audiences every notebook has; user-made audiences have none. */
#define KENNIS_AUDIENCE_TEAM   "team"
#define KENNIS_AUDIENCE_ORG    "org"
#define KENNIS_AUDIENCE_PUBLIC "public"

KennisAudience *kennis_audience_new             (gint64          id,
                                                 const char     *key,
                                                 const char     *name,
                                                 guint           n_entries);
gint64          kennis_audience_get_id          (KennisAudience *self);
const char     *kennis_audience_get_key         (KennisAudience *self);
const char     *kennis_audience_get_name        (KennisAudience *self);
guint           kennis_audience_get_n_entries   (KennisAudience *self);
gboolean        kennis_audience_is_builtin      (KennisAudience *self);
const char     *kennis_audience_get_icon_name   (KennisAudience *self);
const char     *kennis_audience_builtin_name    (const char     *key);
gboolean        kennis_audience_matches         (KennisAudience *self,
                                                 const char     *text);

G_END_DECLS
