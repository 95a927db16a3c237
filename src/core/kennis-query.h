/* kennis-query.h — what the entry list shows: a sidebar filter plus search text
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kennis-types.h"

G_BEGIN_DECLS

typedef enum
{
  KENNIS_QUERY_KIND_ANY = -1,
  KENNIS_QUERY_KIND_NOTE = KENNIS_ENTRY_KIND_NOTE,
  KENNIS_QUERY_KIND_LINK = KENNIS_ENTRY_KIND_LINK,
} KennisQueryKind;

/* No audience filter; KENNIS_QUERY_PRIVATE selects entries for "Only me". */
#define KENNIS_QUERY_ANY_AUDIENCE ((gint64) 0)
#define KENNIS_QUERY_PRIVATE      ((gint64) -1)

struct _KennisQuery
{
  KennisQueryKind kind;
  gint64          audience;
  char           *tag;
  char           *text;
};

#define KENNIS_TYPE_QUERY (kennis_query_get_type ())

GType        kennis_query_get_type (void) G_GNUC_CONST;
KennisQuery *kennis_query_new      (void);
KennisQuery *kennis_query_copy     (const KennisQuery *self);
void         kennis_query_free     (KennisQuery       *self);
gboolean     kennis_query_equal    (const KennisQuery *a,
                                    const KennisQuery *b);
void         kennis_query_set_tag  (KennisQuery       *self,
                                    const char        *tag);
void         kennis_query_set_text (KennisQuery       *self,
                                    const char        *text);
gboolean     kennis_query_has_text (const KennisQuery *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisQuery, kennis_query_free)

G_END_DECLS
