/* kennis-query.c — what the entry list shows: a sidebar filter plus search text
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-query.h"

G_DEFINE_BOXED_TYPE (KennisQuery, kennis_query, kennis_query_copy, kennis_query_free)

KennisQuery *
kennis_query_new (void)
{
  KennisQuery *self = g_new0 (KennisQuery, 1);

  self->kind = KENNIS_QUERY_KIND_ANY;
  self->audience = KENNIS_QUERY_ANY_AUDIENCE;
  return self;
}

KennisQuery *
kennis_query_copy (const KennisQuery *self)
{
  KennisQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->tag = g_strdup (self->tag);
  copy->text = g_strdup (self->text);
  return copy;
}

void
kennis_query_free (KennisQuery *self)
{
  if (self == NULL)
    return;

  g_free (self->tag);
  g_free (self->text);
  g_free (self);
}

gboolean
kennis_query_equal (const KennisQuery *a,
                    const KennisQuery *b)
{
  return a->kind == b->kind &&
         a->audience == b->audience &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         g_strcmp0 (a->text, b->text) == 0;
}

void
kennis_query_set_tag (KennisQuery *self,
                      const char  *tag)
{
  g_free (self->tag);
  self->tag = (tag && *tag) ? g_strdup (tag) : NULL;
}

void
kennis_query_set_text (KennisQuery *self,
                       const char  *text)
{
  g_free (self->text);
  self->text = (text && *text) ? g_strdup (text) : NULL;
}

gboolean
kennis_query_has_text (const KennisQuery *self)
{
  return self->text != NULL && self->text[0] != '\0';
}
