/* kennis-post.c — an entry rendered into what a target publishes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kennis-entry.h"
#include "kennis-markdown.h"
#include "kennis-post.h"

KennisPost *
kennis_post_new (void)
{
  KennisPost *self = g_new0 (KennisPost, 1);

  self->language = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  return self;
}

/**
 * kennis_post_new_from_entry:
 * @slug: the entry's stable path at the target
 * @published: (nullable): when it was first shared; %NULL for now
 *
 * Renders an entry into what every target publishes: the one place where
 * Markdown becomes HTML for the outside world.
 *
 * Returns: (transfer full): the post
 */
KennisPost *
kennis_post_new_from_entry (KennisEntry *entry,
                            const char  *slug,
                            GDateTime   *published)
{
  KennisPost *self;
  const char *title;
  const char *url;

  g_return_val_if_fail (KENNIS_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (slug != NULL, NULL);

  title = kennis_entry_get_title (entry);
  url = kennis_entry_get_url (entry);

  self = kennis_post_new ();
  self->id = g_strdup (kennis_entry_get_id (entry));
  if (title[0] != '\0')
    self->title = g_strdup (title);
  else if (url[0] != '\0')
    self->title = g_strdup (url);
  else
    self->title = g_strdup (_("Untitled"));
  self->html = kennis_markdown_to_html (kennis_entry_get_body (entry));
  self->text = kennis_markdown_to_text (kennis_entry_get_body (entry));
  /* Only addresses a reader can safely follow are published. */
  self->url = url[0] != '\0' && kennis_markdown_url_is_safe (url) ? g_strdup (url) : NULL;
  self->slug = g_strdup (slug);
  g_free (self->language);
  self->language = g_strdup (kennis_entry_get_language (entry));
  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **)kennis_entry_get_tags (entry));
  self->published = published ? g_date_time_ref (published) : g_date_time_new_now_utc ();
  /* An entry that was never stored has no edit time yet. */
  self->updated = g_date_time_ref (kennis_entry_get_updated (entry) ? kennis_entry_get_updated (entry)
                                                                     : self->published);
  return self;
}

/**
 * kennis_post_dup_hash:
 *
 * A hash of what a reader sees, kept with each share to tell "changed since
 * shared" from "up to date". The publication date is left out on purpose.
 *
 * Returns: (transfer full): SHA-256 as hex
 */
char *
kennis_post_dup_hash (const KennisPost *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { self->title, self->html, self->url, self->language };

  /* Each part ends with a NUL, so ("ab", "c") and ("a", "bc") differ. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_checksum_update (checksum, (const guchar *)(parts[i] ? parts[i] : ""),
                       strlen (parts[i] ? parts[i] : "") + 1);
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    g_checksum_update (checksum, (const guchar *)self->tags[i], strlen (self->tags[i]) + 1);

  return g_strdup (g_checksum_get_string (checksum));
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value ? g_date_time_to_unix (value) : 0);
}

/**
 * kennis_post_to_json:
 *
 * The snapshot the notebook keeps of what was shared, so a site is rebuilt
 * from what readers saw, without rendering every entry again.
 *
 * Returns: (transfer full): the post as a JSON object
 */
char *
kennis_post_to_json (const KennisPost *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "id", self->id);
  add_string (builder, "title", self->title);
  add_string (builder, "html", self->html);
  add_string (builder, "text", self->text);
  add_string (builder, "url", self->url);
  add_string (builder, "slug", self->slug);
  add_string (builder, "language", self->language);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, self->tags[i]);
  json_builder_end_array (builder);
  add_time (builder, "published", self->published);
  add_time (builder, "updated", self->updated);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static GDateTime *
dup_time (JsonObject *object,
          const char *name)
{
  gint64 seconds = json_object_get_int_member_with_default (object, name, 0);

  return seconds > 0 ? g_date_time_new_from_unix_utc (seconds) : NULL;
}

/**
 * kennis_post_new_from_json:
 * @json: a snapshot made by kennis_post_to_json()
 *
 * Returns: (transfer full): the post, or %NULL with @error set
 */
KennisPost *
kennis_post_new_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KennisPost) self = NULL;
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  JsonObject *object;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json ? json : "", -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("A shared copy in the notebook could not be read."));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  self = kennis_post_new ();
  self->id = dup_string (object, "id");
  self->title = dup_string (object, "title");
  self->html = dup_string (object, "html");
  self->text = dup_string (object, "text");
  self->url = dup_string (object, "url");
  self->slug = dup_string (object, "slug");
  g_free (self->language);
  self->language = dup_string (object, "language");
  if (self->language == NULL)
    self->language = g_strdup ("");
  array = json_object_has_member (object, "tags") ? json_object_get_array_member (object, "tags") : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (tags, json_array_get_string_element (array, i));
  g_strfreev (self->tags);
  self->tags = g_strv_builder_end (tags);
  self->published = dup_time (object, "published");
  self->updated = dup_time (object, "updated");

  if (self->id == NULL || self->slug == NULL || self->title == NULL ||
      self->published == NULL || self->updated == NULL)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("A shared copy in the notebook could not be read."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

KennisPost *
kennis_post_copy (const KennisPost *self)
{
  KennisPost *copy = g_new0 (KennisPost, 1);

  copy->id = g_strdup (self->id);
  copy->title = g_strdup (self->title);
  copy->html = g_strdup (self->html);
  copy->text = g_strdup (self->text);
  copy->url = g_strdup (self->url);
  copy->slug = g_strdup (self->slug);
  copy->language = g_strdup (self->language);
  copy->tags = g_strdupv (self->tags);
  copy->published = self->published ? g_date_time_ref (self->published) : NULL;
  copy->updated = self->updated ? g_date_time_ref (self->updated) : NULL;
  return copy;
}

void
kennis_post_free (KennisPost *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->title);
  g_free (self->html);
  g_free (self->text);
  g_free (self->url);
  g_free (self->slug);
  g_free (self->language);
  g_strfreev (self->tags);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self);
}

KennisSiteConfig *
kennis_site_config_new (void)
{
  KennisSiteConfig *self = g_new0 (KennisSiteConfig, 1);

  self->folder = g_strdup ("");
  self->title = g_strdup ("");
  self->author = g_strdup ("");
  self->base_url = g_strdup ("");
  self->language = g_strdup ("");
  return self;
}

KennisSiteConfig *
kennis_site_config_copy (const KennisSiteConfig *self)
{
  KennisSiteConfig *copy = g_new0 (KennisSiteConfig, 1);

  copy->folder = g_strdup (self->folder);
  copy->title = g_strdup (self->title);
  copy->author = g_strdup (self->author);
  copy->base_url = g_strdup (self->base_url);
  copy->language = g_strdup (self->language);
  return copy;
}

void
kennis_site_config_free (KennisSiteConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->folder);
  g_free (self->title);
  g_free (self->author);
  g_free (self->base_url);
  g_free (self->language);
  g_free (self);
}
