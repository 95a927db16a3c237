/* kennis-tag.h — a topic, with how many entries carry it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-types.h"

G_BEGIN_DECLS

#define KENNIS_TYPE_TAG (kennis_tag_get_type ())

G_DECLARE_FINAL_TYPE (KennisTag, kennis_tag, KENNIS, TAG, GObject)

KennisTag  *kennis_tag_new           (const char *name,
                                      guint       n_entries);
const char *kennis_tag_get_name      (KennisTag  *self);
guint       kennis_tag_get_n_entries (KennisTag  *self);

char       *kennis_tag_normalize     (const char *name);
char       *kennis_tag_dup_key       (const char *name);

G_END_DECLS
