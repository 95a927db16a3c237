/* kennis-tag.c — a topic, with how many entries carry it
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-tag.h"

struct _KennisTag
{
  GObject  parent_instance;
  char    *name;
  guint    n_entries;
};

G_DEFINE_TYPE (KennisTag, kennis_tag, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kennis_tag_finalize (GObject *object)
{
  KennisTag *self = (KennisTag *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (kennis_tag_parent_class)->finalize (object);
}

static void
kennis_tag_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KennisTag *self = KENNIS_TAG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_tag_class_init (KennisTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kennis_tag_finalize;
  object_class->get_property = kennis_tag_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kennis_tag_init (KennisTag *self)
{
}

KennisTag *
kennis_tag_new (const char *name,
                guint       n_entries)
{
  KennisTag *self = g_object_new (KENNIS_TYPE_TAG, NULL);

  self->name = g_strdup (name);
  self->n_entries = n_entries;
  return self;
}

const char *
kennis_tag_get_name (KennisTag *self)
{
  g_return_val_if_fail (KENNIS_IS_TAG (self), NULL);
  return self->name;
}

guint
kennis_tag_get_n_entries (KennisTag *self)
{
  g_return_val_if_fail (KENNIS_IS_TAG (self), 0);
  return self->n_entries;
}

/**
 * kennis_tag_normalize:
 * @name: a tag as typed
 *
 * Trims the name, drops a leading '#', folds runs of white space into one
 * space and puts the text in NFC.
 *
 * Returns: (transfer full) (nullable): the tag, or %NULL if nothing is left
 */
char *
kennis_tag_normalize (const char *name)
{
  g_autofree char *nfc = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *joined = NULL;
  const char *p;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;

  for (p = name; *p == '#' || g_ascii_isspace (*p); p++)
    ;

  nfc = g_utf8_normalize (p, -1, G_NORMALIZE_NFC);
  words = g_strsplit_set (g_strstrip (nfc), " \t\r\n", -1);
  for (guint i = 0, j = 0; ; i++)
    {
      if (words[i] == NULL)
        {
          words[j] = NULL;
          break;
        }
      if (words[i][0] == '\0')
        {
          g_free (words[i]);
          continue;
        }
      words[j++] = words[i];
    }

  joined = g_strjoinv (" ", words);
  if (joined[0] == '\0')
    return NULL;

  return g_steal_pointer (&joined);
}

/**
 * kennis_tag_dup_key:
 *
 * Returns: (transfer full): the form under which tag names are unique
 */
char *
kennis_tag_dup_key (const char *name)
{
  g_autofree char *normal = kennis_tag_normalize (name);

  return normal ? g_utf8_casefold (normal, -1) : g_strdup ("");
}
