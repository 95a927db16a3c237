/* kennis-types.h — forward declarations and enums shared by the core
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _KennisAudience  KennisAudience;
typedef struct _KennisEntry     KennisEntry;
typedef struct _KennisEntryList KennisEntryList;
typedef struct _KennisQuery     KennisQuery;
typedef struct _KennisStore     KennisStore;
typedef struct _KennisTag       KennisTag;

typedef enum
{
  KENNIS_ENTRY_KIND_NOTE,
  KENNIS_ENTRY_KIND_LINK,
} KennisEntryKind;

GType        kennis_entry_kind_get_type    (void) G_GNUC_CONST;
#define KENNIS_TYPE_ENTRY_KIND (kennis_entry_kind_get_type ())

const char  *kennis_entry_kind_to_string   (KennisEntryKind  kind);
gboolean     kennis_entry_kind_from_string (const char      *text,
                                            KennisEntryKind *kind);

G_END_DECLS
