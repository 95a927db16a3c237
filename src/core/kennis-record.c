/* kennis-record.c — entries as plain data, for importers and exporters
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-audience.h"
#include "kennis-record.h"

KennisRecord *
kennis_record_new (KennisEntryKind kind)
{
  KennisRecord *record = g_new0 (KennisRecord, 1);

  record->kind = kind;
  record->tags = g_new0 (char *, 1);
  record->audiences = g_new0 (char *, 1);
  return record;
}

void
kennis_record_free (KennisRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->title);
  g_free (record->body);
  g_free (record->url);
  g_free (record->language);
  g_strfreev (record->tags);
  g_strfreev (record->audiences);
  g_free (record);
}

static void
strv_append (GStrv      *strv,
             const char *text)
{
  guint length = g_strv_length (*strv);

  *strv = g_renew (char *, *strv, length + 2);
  (*strv)[length] = g_strdup (text);
  (*strv)[length + 1] = NULL;
}

/* Skips a tag the record has already, in any case. */
void
kennis_record_add_tag (KennisRecord *record,
                       const char   *tag)
{
  for (guint i = 0; record->tags[i] != NULL; i++)
    {
      g_autofree char *a = g_utf8_casefold (record->tags[i], -1);
      g_autofree char *b = g_utf8_casefold (tag, -1);

      if (g_str_equal (a, b))
        return;
    }
  strv_append (&record->tags, tag);
}

void
kennis_record_add_audience (KennisRecord *record,
                            const char   *name)
{
  if (!g_strv_contains ((const char * const *)record->audiences, name))
    strv_append (&record->audiences, name);
}

static void
record_audience_free (KennisRecordAudience *audience)
{
  g_free (audience->key);
  g_free (audience->name);
  g_free (audience);
}

KennisRecordSet *
kennis_record_set_new (void)
{
  KennisRecordSet *set = g_new0 (KennisRecordSet, 1);

  set->audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) record_audience_free);
  set->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kennis_record_free);
  return set;
}

void
kennis_record_set_free (KennisRecordSet *set)
{
  if (set == NULL)
    return;

  g_ptr_array_unref (set->audiences);
  g_ptr_array_unref (set->entries);
  g_free (set);
}

/**
 * kennis_record_set_add_audience:
 * @key: (nullable): a built-in audience's key
 * @name: (nullable): the name records use; for a built-in audience %NULL
 *   means its usual name
 *
 * Returns: the name records in @set use for this audience
 */
const char *
kennis_record_set_add_audience (KennisRecordSet *set,
                                const char      *key,
                                const char      *name)
{
  KennisRecordAudience *audience;

  if (name == NULL)
    name = kennis_audience_builtin_name (key);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < set->audiences->len; i++)
    {
      audience = g_ptr_array_index (set->audiences, i);
      if (g_str_equal (audience->name, name))
        return audience->name;
    }

  audience = g_new0 (KennisRecordAudience, 1);
  audience->key = g_strdup (key);
  audience->name = g_strdup (name);
  g_ptr_array_add (set->audiences, audience);
  return audience->name;
}
