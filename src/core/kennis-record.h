/* kennis-record.h — entries as plain data, for importers and exporters
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "kennis-types.h"

G_BEGIN_DECLS

/* An audience that records in the same set name. */
typedef struct
{
  char *key;   /* a built-in audience's key, or NULL for the user's own */
  char *name;  /* as shown; records refer to the audience by it */
} KennisRecordAudience;

/* One entry, without the store. Times are microseconds since the Unix
 * epoch, UTC. */
typedef struct
{
  char            *id;          /* NULL: the import makes one */
  KennisEntryKind  kind;
  char            *title;
  char            *body;
  char            *url;
  char            *language;
  GStrv            tags;        /* NULL-terminated, never NULL */
  GStrv            audiences;   /* names from the set; empty is "Only me" */
  gint64           created_at;  /* 0: the time of the import */
  gint64           updated_at;  /* 0: the same as created_at */
} KennisRecord;

typedef struct
{
  GPtrArray *audiences;  /* (element-type KennisRecordAudience) */
  GPtrArray *entries;    /* (element-type KennisRecord) */
} KennisRecordSet;

KennisRecord    *kennis_record_new               (KennisEntryKind    kind);
void             kennis_record_free              (KennisRecord      *record);
void             kennis_record_add_tag           (KennisRecord      *record,
                                                  const char        *tag);
void             kennis_record_add_audience      (KennisRecord      *record,
                                                  const char        *name);

KennisRecordSet *kennis_record_set_new           (void);
void             kennis_record_set_free          (KennisRecordSet   *set);
const char      *kennis_record_set_add_audience  (KennisRecordSet   *set,
                                                  const char        *key,
                                                  const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisRecord, kennis_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KennisRecordSet, kennis_record_set_free)

G_END_DECLS
