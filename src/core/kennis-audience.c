/* kennis-audience.c — who an entry is for
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kennis-audience.h"

struct _KennisAudience
{
  GObject  parent_instance;
  gint64   id;
  char    *key;
  char    *name;
  guint    n_entries;
};

G_DEFINE_TYPE (KennisAudience, kennis_audience, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KEY,
  PROP_NAME,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *key;
  const char *name;
  const char *icon_name;
} builtins[] = {
  { KENNIS_AUDIENCE_TEAM, N_("My team"), "system-users-symbolic" },
  { KENNIS_AUDIENCE_ORG, N_("My organisation"), "network-workgroup-symbolic" },
  { KENNIS_AUDIENCE_PUBLIC, N_("Public"), "web-browser-symbolic" },
};

static void
kennis_audience_finalize (GObject *object)
{
  KennisAudience *self = (KennisAudience *)object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (kennis_audience_parent_class)->finalize (object);
}

static void
kennis_audience_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KennisAudience *self = KENNIS_AUDIENCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_NAME:
      g_value_set_string (value, kennis_audience_get_name (self));
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_audience_class_init (KennisAudienceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kennis_audience_finalize;
  object_class->get_property = kennis_audience_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kennis_audience_init (KennisAudience *self)
{
}

/**
 * kennis_audience_new:
 * @key: (nullable): the key of a built-in audience
 * @name: (nullable): the user's own name; built-ins without one show a
 *   translated default
 */
KennisAudience *
kennis_audience_new (gint64      id,
                     const char *key,
                     const char *name,
                     guint       n_entries)
{
  KennisAudience *self = g_object_new (KENNIS_TYPE_AUDIENCE, NULL);

  self->id = id;
  self->key = g_strdup (key);
  self->name = g_strdup (name);
  self->n_entries = n_entries;
  return self;
}

gint64
kennis_audience_get_id (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), 0);
  return self->id;
}

const char *
kennis_audience_get_key (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), NULL);
  return self->key;
}

const char *
kennis_audience_get_name (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), NULL);

  if (self->name != NULL && self->name[0] != '\0')
    return self->name;

  return kennis_audience_builtin_name (self->key);
}

guint
kennis_audience_get_n_entries (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), 0);
  return self->n_entries;
}

gboolean
kennis_audience_is_builtin (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), FALSE);
  return self->key != NULL;
}

const char *
kennis_audience_get_icon_name (KennisAudience *self)
{
  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (self->key, builtins[i].key) == 0)
      return builtins[i].icon_name;

  return "contact-new-symbolic";
}

/**
 * kennis_audience_builtin_name:
 * @key: (nullable): a built-in audience key
 *
 * Returns: (transfer none): the translated name of a built-in audience, or
 *   an empty string for an unknown key
 */
const char *
kennis_audience_builtin_name (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (key, builtins[i].key) == 0)
      return _(builtins[i].name);

  return "";
}

/**
 * kennis_audience_matches:
 * @text: what a user or script typed
 *
 * Scripts may name a built-in audience by its key, its English name or its
 * name in the language Kennis runs in, in any case. Settings name any
 * audience as "audience:ID", which survives a rename.
 */
gboolean
kennis_audience_matches (KennisAudience *self,
                         const char     *text)
{
  g_autofree char *wanted = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KENNIS_IS_AUDIENCE (self), FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  if (g_str_has_prefix (text, "audience:"))
    {
      g_autofree char *id = g_strdup_printf ("audience:%" G_GINT64_FORMAT, self->id);

      return g_str_equal (text, id);
    }

  wanted = g_strstrip (g_utf8_casefold (text, -1));
  name = g_utf8_casefold (kennis_audience_get_name (self), -1);
  if (g_strcmp0 (wanted, name) == 0 || g_strcmp0 (wanted, self->key) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (self->key, builtins[i].key) == 0)
      {
        g_autofree char *english = g_utf8_casefold (builtins[i].name, -1);

        return g_strcmp0 (wanted, english) == 0;
      }

  return FALSE;
}
