/* kennis-entry.c — one note or link of the notebook
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kennis-entry-private.h"
#include "kennis-tag.h"

struct _KennisEntry
{
  GObject          parent_instance;

  gint64           num;
  char            *id;
  KennisEntryKind  kind;
  char            *title;
  char            *body;
  char            *url;
  char            *language;
  GDateTime       *created;
  GDateTime       *updated;
  GStrv            tags;
  GArray          *audiences;
  guint            deleted : 1;
  guint            dirty : 1;
  guint            dirty_fields;
};

G_DEFINE_TYPE (KennisEntry, kennis_entry, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KennisEntryKind, kennis_entry_kind,
                    G_DEFINE_ENUM_VALUE (KENNIS_ENTRY_KIND_NOTE, "note"),
                    G_DEFINE_ENUM_VALUE (KENNIS_ENTRY_KIND_LINK, "link"))

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_BODY,
  PROP_URL,
  PROP_LANGUAGE,
  PROP_UPDATED,
  PROP_TAGS,
  PROP_AUDIENCES,
  PROP_DELETED,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_dirty (KennisEntry *self,
           guint        fields)
{
  self->dirty_fields |= fields;
  if (!self->dirty)
    {
      self->dirty = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
}

static gboolean
set_string (KennisEntry *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value ? value : "") == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static GDateTime *
date_time_from_us (gint64 us)
{
  return g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
}

static void
kennis_entry_finalize (GObject *object)
{
  KennisEntry *self = (KennisEntry *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->audiences, g_array_unref);

  G_OBJECT_CLASS (kennis_entry_parent_class)->finalize (object);
}

static void
kennis_entry_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KennisEntry *self = KENNIS_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_AUDIENCES:
      g_value_set_boxed (value, self->audiences);
      break;
    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_entry_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KennisEntry *self = KENNIS_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      kennis_entry_set_title (self, g_value_get_string (value));
      break;
    case PROP_BODY:
      kennis_entry_set_body (self, g_value_get_string (value));
      break;
    case PROP_URL:
      kennis_entry_set_url (self, g_value_get_string (value));
      break;
    case PROP_LANGUAGE:
      kennis_entry_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kennis_entry_class_init (KennisEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kennis_entry_finalize;
  object_class->get_property = kennis_entry_get_property;
  object_class->set_property = kennis_entry_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       KENNIS_TYPE_ENTRY_KIND, KENNIS_ENTRY_KIND_NOTE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIENCES] =
    g_param_spec_boxed ("audiences", NULL, NULL, G_TYPE_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELETED] =
    g_param_spec_boolean ("deleted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kennis_entry_init (KennisEntry *self)
{
  self->title = g_strdup ("");
  self->body = g_strdup ("");
  self->url = g_strdup ("");
  self->language = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->audiences = g_array_new (FALSE, FALSE, sizeof (gint64));
}

const char *
kennis_entry_kind_to_string (KennisEntryKind kind)
{
  return kind == KENNIS_ENTRY_KIND_LINK ? "link" : "note";
}

gboolean
kennis_entry_kind_from_string (const char      *text,
                               KennisEntryKind *kind)
{
  if (g_strcmp0 (text, "note") == 0)
    *kind = KENNIS_ENTRY_KIND_NOTE;
  else if (g_strcmp0 (text, "link") == 0)
    *kind = KENNIS_ENTRY_KIND_LINK;
  else
    return FALSE;

  return TRUE;
}

/**
 * kennis_entry_new:
 * @kind: a note or a link
 *
 * Returns: (transfer full): an entry that is not stored yet
 */
KennisEntry *
kennis_entry_new (KennisEntryKind kind)
{
  return g_object_new (KENNIS_TYPE_ENTRY, "kind", kind, NULL);
}

gint64
kennis_entry_get_num (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), 0);
  return self->num;
}

const char *
kennis_entry_get_id (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->id;
}

KennisEntryKind
kennis_entry_get_kind (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), KENNIS_ENTRY_KIND_NOTE);
  return self->kind;
}

const char *
kennis_entry_get_title (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->title;
}

void
kennis_entry_set_title (KennisEntry *self,
                        const char  *title)
{
  g_return_if_fail (KENNIS_IS_ENTRY (self));
  if (set_string (self, &self->title, title, PROP_TITLE))
    set_dirty (self, KENNIS_ENTRY_DIRTY_TEXT);
}

const char *
kennis_entry_get_body (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->body;
}

void
kennis_entry_set_body (KennisEntry *self,
                       const char  *body)
{
  g_return_if_fail (KENNIS_IS_ENTRY (self));
  if (set_string (self, &self->body, body, PROP_BODY))
    set_dirty (self, KENNIS_ENTRY_DIRTY_TEXT);
}

const char *
kennis_entry_get_url (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->url;
}

void
kennis_entry_set_url (KennisEntry *self,
                      const char  *url)
{
  g_autofree char *stripped = g_strstrip (g_strdup (url ? url : ""));

  g_return_if_fail (KENNIS_IS_ENTRY (self));
  if (set_string (self, &self->url, stripped, PROP_URL))
    set_dirty (self, KENNIS_ENTRY_DIRTY_TEXT);
}

const char *
kennis_entry_get_language (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->language;
}

void
kennis_entry_set_language (KennisEntry *self,
                           const char  *language)
{
  g_return_if_fail (KENNIS_IS_ENTRY (self));
  if (set_string (self, &self->language, language, PROP_LANGUAGE))
    set_dirty (self, KENNIS_ENTRY_DIRTY_TEXT);
}

/**
 * kennis_entry_get_created:
 *
 * Returns: (transfer none) (nullable): when the entry was first stored
 */
GDateTime *
kennis_entry_get_created (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->created;
}

/**
 * kennis_entry_get_updated:
 *
 * Returns: (transfer none) (nullable): when the entry was last stored
 */
GDateTime *
kennis_entry_get_updated (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return self->updated;
}

gboolean
kennis_entry_get_deleted (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), FALSE);
  return self->deleted;
}

const char * const *
kennis_entry_get_tags (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);
  return (const char * const *)self->tags;
}

static gint
find_tag (KennisEntry *self,
          const char  *tag)
{
  g_autofree char *key = kennis_tag_dup_key (tag);

  for (guint i = 0; self->tags[i]; i++)
    {
      g_autofree char *other = kennis_tag_dup_key (self->tags[i]);

      if (g_strcmp0 (key, other) == 0)
        return i;
    }

  return -1;
}

/* Tags are kept normalized and without case-insensitive duplicates, in the
 * order the user added them. */
void
kennis_entry_set_tags (KennisEntry        *self,
                       const char * const *tags)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) fresh = NULL;

  g_return_if_fail (KENNIS_IS_ENTRY (self));

  for (guint i = 0; tags && tags[i]; i++)
    {
      g_autofree char *name = kennis_tag_normalize (tags[i]);

      if (name != NULL && g_hash_table_add (seen, kennis_tag_dup_key (name)))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  g_ptr_array_add (names, NULL);
  fresh = (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);

  if (g_strv_equal ((const char * const *)fresh, (const char * const *)self->tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&fresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
  set_dirty (self, KENNIS_ENTRY_DIRTY_GROUPING);
}

gboolean
kennis_entry_add_tag (KennisEntry *self,
                      const char  *tag)
{
  g_autofree char *name = kennis_tag_normalize (tag);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;

  g_return_val_if_fail (KENNIS_IS_ENTRY (self), FALSE);

  if (name == NULL || find_tag (self, name) >= 0)
    return FALSE;

  g_strv_builder_addv (builder, (const char **)self->tags);
  g_strv_builder_add (builder, name);
  tags = g_strv_builder_end (builder);
  kennis_entry_set_tags (self, (const char * const *)tags);
  return TRUE;
}

gboolean
kennis_entry_remove_tag (KennisEntry *self,
                         const char  *tag)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  gint pos;

  g_return_val_if_fail (KENNIS_IS_ENTRY (self), FALSE);

  pos = find_tag (self, tag);
  if (pos < 0)
    return FALSE;

  for (guint i = 0; self->tags[i]; i++)
    if ((gint)i != pos)
      g_strv_builder_add (builder, self->tags[i]);

  tags = g_strv_builder_end (builder);
  kennis_entry_set_tags (self, (const char * const *)tags);
  return TRUE;
}

const gint64 *
kennis_entry_get_audiences (KennisEntry *self,
                            guint       *n_audiences)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);

  if (n_audiences)
    *n_audiences = self->audiences->len;
  return (const gint64 *)(gpointer)self->audiences->data;
}

static gint
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

void
kennis_entry_set_audiences (KennisEntry  *self,
                            const gint64 *audiences,
                            guint         n_audiences)
{
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (KENNIS_IS_ENTRY (self));

  for (guint i = 0; i < n_audiences; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < fresh->len && !seen; j++)
        seen = g_array_index (fresh, gint64, j) == audiences[i];
      if (!seen && audiences[i] > 0)
        g_array_append_val (fresh, audiences[i]);
    }
  g_array_sort (fresh, compare_int64);

  if (fresh->len == self->audiences->len &&
      memcmp (fresh->data, self->audiences->data, fresh->len * sizeof (gint64)) == 0)
    return;

  g_array_unref (self->audiences);
  self->audiences = g_steal_pointer (&fresh);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIENCES]);
  set_dirty (self, KENNIS_ENTRY_DIRTY_GROUPING);
}

gboolean
kennis_entry_has_audience (KennisEntry *self,
                           gint64       audience_id)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), FALSE);

  for (guint i = 0; i < self->audiences->len; i++)
    if (g_array_index (self->audiences, gint64, i) == audience_id)
      return TRUE;

  return FALSE;
}

void
kennis_entry_toggle_audience (KennisEntry *self,
                              gint64       audience_id,
                              gboolean     on)
{
  g_autoptr(GArray) fresh = NULL;

  g_return_if_fail (KENNIS_IS_ENTRY (self));

  if (kennis_entry_has_audience (self, audience_id) == !!on)
    return;

  fresh = g_array_copy (self->audiences);
  if (on)
    g_array_append_val (fresh, audience_id);
  else
    for (guint i = 0; i < fresh->len; i++)
      if (g_array_index (fresh, gint64, i) == audience_id)
        g_array_remove_index (fresh, i--);

  kennis_entry_set_audiences (self, (const gint64 *)(gpointer)fresh->data, fresh->len);
}

gboolean
kennis_entry_is_private (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), TRUE);
  return self->audiences->len == 0;
}

gboolean
kennis_entry_get_dirty (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), FALSE);
  return self->dirty;
}

/**
 * kennis_entry_dup_display_title:
 *
 * The title to show in lists: the title, else the URL, else a placeholder.
 *
 * Returns: (transfer full): a title for display
 */
char *
kennis_entry_dup_display_title (KennisEntry *self)
{
  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);

  if (self->title[0] != '\0')
    return g_strdup (self->title);
  if (self->url[0] != '\0')
    return g_strdup (self->url);

  return g_strdup (self->kind == KENNIS_ENTRY_KIND_LINK ? _("Untitled link") : _("Untitled note"));
}

/**
 * kennis_entry_dup_snippet:
 * @max_chars: the longest snippet wanted, in characters
 *
 * The start of the body as one line of plain-ish text, for lists.
 *
 * Returns: (transfer full): the snippet, possibly empty
 */
char *
kennis_entry_dup_snippet (KennisEntry *self,
                          guint        max_chars)
{
  GString *out;
  const char *p;
  gboolean space = FALSE;
  guint n_chars = 0;

  g_return_val_if_fail (KENNIS_IS_ENTRY (self), NULL);

  out = g_string_new (NULL);
  for (p = self->body; *p && n_chars < max_chars; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Markdown punctuation at the start of lines is noise in a one-line preview. */
      if (c == '#' || c == '*' || c == '>' || c == '`' || c == '_')
        continue;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
        }
      space = FALSE;
      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

void
_kennis_entry_set_stored (KennisEntry *self,
                          gint64       num,
                          const char  *id,
                          gint64       created_us,
                          gint64       updated_us,
                          gboolean     deleted)
{
  self->num = num;
  if (g_strcmp0 (self->id, id) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = date_time_from_us (created_us);
  _kennis_entry_set_updated (self, updated_us);
  _kennis_entry_set_deleted (self, deleted);
}

void
_kennis_entry_set_updated (KennisEntry *self,
                           gint64       updated_us)
{
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = date_time_from_us (updated_us);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

void
_kennis_entry_set_deleted (KennisEntry *self,
                           gboolean     deleted)
{
  if (self->deleted != !!deleted)
    {
      self->deleted = !!deleted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
    }
}

guint
_kennis_entry_get_dirty_fields (KennisEntry *self)
{
  return self->dirty_fields;
}

void
_kennis_entry_set_dirty (KennisEntry *self,
                         gboolean     dirty)
{
  if (!dirty)
    self->dirty_fields = 0;

  if (self->dirty != !!dirty)
    {
      self->dirty = !!dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
}

/* Takes over what another process stored, keeping this object (which widgets
 * are bound to) alive. */
void
_kennis_entry_assign_from (KennisEntry *self,
                           KennisEntry *fresh)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->kind = fresh->kind;
  kennis_entry_set_title (self, fresh->title);
  kennis_entry_set_body (self, fresh->body);
  kennis_entry_set_url (self, fresh->url);
  kennis_entry_set_language (self, fresh->language);
  kennis_entry_set_tags (self, (const char * const *)fresh->tags);
  kennis_entry_set_audiences (self, (const gint64 *)(gpointer)fresh->audiences->data,
                              fresh->audiences->len);
  g_clear_pointer (&self->created, g_date_time_unref);
  self->created = g_date_time_ref (fresh->created);
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_ref (fresh->updated);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
  _kennis_entry_set_deleted (self, fresh->deleted);
  _kennis_entry_set_dirty (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}
