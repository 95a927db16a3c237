/* kennis-json-format.c — Kennis's own export: every entry, every field
 *
 * The file is written by hand rather than through a JsonNode tree: at
 * 100,000 entries the tree would hold the notebook twice, and a fixed
 * layout makes export → import → export give the same bytes.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kennis-format.h"
#include "kennis-json-format.h"

/* --- Writing ----------------------------------------------------------- */

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *indent,
               const char *name,
               const char *value,
               gboolean    last)
{
  g_string_append_printf (out, "%s\"%s\": ", indent, name);
  append_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

static void
append_strv (GString            *out,
             const char         *indent,
             const char         *name,
             const char * const *values)
{
  g_string_append_printf (out, "%s\"%s\": [", indent, name);
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_string (out, values[i]);
    }
  g_string_append (out, "],\n");
}

static void
append_entry (GString      *out,
              KennisRecord *record,
              gboolean      last)
{
  /* A time GDateTime cannot hold is written as none. */
  g_autofree char *created = kennis_format_timestamp (record->created_at);
  g_autofree char *updated = kennis_format_timestamp (record->updated_at);

  g_string_append (out, "    {\n");
  append_member (out, "      ", "id", record->id, FALSE);
  append_member (out, "      ", "kind", kennis_entry_kind_to_string (record->kind), FALSE);
  append_member (out, "      ", "title", record->title, FALSE);
  append_member (out, "      ", "url", record->url, FALSE);
  append_member (out, "      ", "language", record->language, FALSE);
  append_strv (out, "      ", "tags", (const char * const *)record->tags);
  append_strv (out, "      ", "audiences", (const char * const *)record->audiences);
  append_member (out, "      ", "created", created, FALSE);
  append_member (out, "      ", "updated", updated, FALSE);
  append_member (out, "      ", "body", record->body, TRUE);
  g_string_append (out, last ? "    }\n" : "    },\n");
}

/**
 * kennis_json_format_write:
 *
 * Returns: (transfer full): the whole set as UTF-8 JSON
 */
GBytes *
kennis_json_format_write (KennisRecordSet *set)
{
  GString *out = g_string_sized_new (4096 + set->entries->len * 1536);

  g_string_append_printf (out, "{\n  \"format\": \"kennis\",\n  \"version\": %d,\n  \"audiences\": [\n",
                          KENNIS_JSON_FORMAT_VERSION);
  for (guint i = 0; i < set->audiences->len; i++)
    {
      KennisRecordAudience *audience = g_ptr_array_index (set->audiences, i);

      g_string_append (out, "    {");
      if (audience->key != NULL)
        {
          g_string_append (out, "\"key\": ");
          append_string (out, audience->key);
          g_string_append (out, ", ");
        }
      g_string_append (out, "\"name\": ");
      append_string (out, audience->name);
      g_string_append (out, i + 1 < set->audiences->len ? "},\n" : "}\n");
    }
  g_string_append (out, "  ],\n  \"entries\": [\n");
  for (guint i = 0; i < set->entries->len; i++)
    append_entry (out, g_ptr_array_index (set->entries, i), i + 1 == set->entries->len);
  g_string_append (out, "  ]\n}\n");

  return g_string_free_to_bytes (out);
}

/* --- Reading ----------------------------------------------------------- */

static gboolean
parse_time (const char *text,
            gint64     *usec)
{
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL || *text == '\0')
    {
      *usec = 0;
      return TRUE;
    }

  date = g_date_time_new_from_iso8601 (text, NULL);
  if (date == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
  return TRUE;
}

static void
set_entry_error (GError     **error,
                 const char  *display_name,
                 guint        index,
                 const char  *member)
{
  /* TRANSLATORS: “%s” is a file; entries are counted from 1; the last %s is a field name such as “title” */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s”: entry %u has no valid “%s”."), display_name, index + 1, member);
}

/* A member that is missing or null reads as empty; any other type is an
 * error, so a damaged file is refused rather than imported in part. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_strings (JsonObject   *object,
              const char   *member,
              KennisRecord *record,
              void        (*add) (KennisRecord *record, const char *text))
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return FALSE;
      add (record, json_node_get_string (item));
    }
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An empty id reads as none: the import makes one. */
static gboolean
read_id (JsonObject  *object,
         char       **id)
{
  if (!read_string (object, "id", id))
    return FALSE;
  if (**id == '\0')
    g_clear_pointer (id, g_free);
  return *id == NULL || g_uuid_string_is_valid (*id);
}

static KennisRecord *
read_entry (JsonNode    *node,
            const char  *display_name,
            guint        index,
            GError     **error)
{
  g_autoptr(KennisRecord) record = kennis_record_new (KENNIS_ENTRY_KIND_NOTE);
  g_autofree char *kind = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  const char *bad = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_entry_error (error, display_name, index, "{}");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "kind", &kind) || !kennis_entry_kind_from_string (kind, &record->kind))
    bad = "kind";
  else if (!read_id (object, &record->id))
    bad = "id";
  else if (!read_string (object, "title", &record->title))
    bad = "title";
  else if (!read_string (object, "body", &record->body))
    bad = "body";
  else if (!read_string (object, "url", &record->url))
    bad = "url";
  else if (!read_string (object, "language", &record->language))
    bad = "language";
  else if (!read_strings (object, "tags", record, kennis_record_add_tag))
    bad = "tags";
  else if (!read_strings (object, "audiences", record, kennis_record_add_audience))
    bad = "audiences";
  else if (!read_string (object, "created", &created) || !parse_time (created, &record->created_at))
    bad = "created";
  else if (!read_string (object, "updated", &updated) || !parse_time (updated, &record->updated_at))
    bad = "updated";

  if (bad != NULL)
    {
      set_entry_error (error, display_name, index, bad);
      return NULL;
    }

  return g_steal_pointer (&record);
}

static gboolean
read_audiences (JsonObject       *root,
                KennisRecordSet  *set,
                const char       *display_name,
                GError          **error)
{
  JsonArray *audiences = get_array (root, "audiences");

  for (guint i = 0; audiences != NULL && i < json_array_get_length (audiences); i++)
    {
      JsonNode *node = json_array_get_element (audiences, i);
      g_autofree char *key = NULL;
      g_autofree char *name = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !read_string (json_node_get_object (node), "key", &key) ||
          !read_string (json_node_get_object (node), "name", &name) || *name == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s”: audience %u has no valid name."), display_name, i + 1);
          return FALSE;
        }
      kennis_record_set_add_audience (set, *key != '\0' ? key : NULL, name);
    }
  return TRUE;
}

/* Every audience an entry names must be in the list; a hand-edited file
 * may forget one, and the user's own audiences are made from it. */
static void
add_named_audiences (KennisRecordSet *set,
                     KennisRecord    *record)
{
  for (guint i = 0; record->audiences[i] != NULL; i++)
    kennis_record_set_add_audience (set, NULL, record->audiences[i]);
}

/* json-glib says "<data>:LINE:COLUMN: Parse error: …"; the user is told
 * the file and the line. */
static void
set_parse_error (GError     **error,
                 const char  *display_name,
                 const char  *message)
{
  guint line = 0;
  int consumed = 0;

  if (sscanf (message, "<data>:%u:%*u: %n", &line, &consumed) >= 1 && consumed > 0)
    /* TRANSLATORS: a file, a line number, then what is wrong there */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("“%s”, line %u: this is not a valid Kennis export: %s"),
                 display_name, line, message + consumed);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("“%s” is not a valid Kennis export: %s"), display_name, message);
}

/**
 * kennis_json_format_read:
 * @display_name: the file's name, for messages
 *
 * Returns: (transfer full): the records, or %NULL with an error that names
 *   the file and, for broken JSON, the line
 */
KennisRecordSet *
kennis_json_format_read (GBytes      *data,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (data, &length);
  JsonNode *root;
  JsonObject *object;
  JsonArray *entries;

  /* An empty GBytes has no data at all; json-glib wants a pointer. */
  if (!json_parser_load_from_data (parser, text != NULL ? text : "", length, &local_error))
    {
      set_parse_error (error, display_name, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "format", ""), "kennis") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a Kennis export."), display_name);
      return NULL;
    }
  if (json_object_get_int_member_with_default (object, "version", 0) > KENNIS_JSON_FORMAT_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” was made by a newer version of Kennis. Update Kennis to import it."),
                   display_name);
      return NULL;
    }

  entries = get_array (object, "entries");
  if (entries == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a Kennis export."), display_name);
      return NULL;
    }
  if (!read_audiences (object, set, display_name, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      KennisRecord *record = read_entry (json_array_get_element (entries, i), display_name, i, error);

      if (record == NULL)
        return NULL;
      add_named_audiences (set, record);
      g_ptr_array_add (set->entries, record);
    }

  return g_steal_pointer (&set);
}
