/* kennis-cli-output.c — entries, audiences and tags as lines for people or JSON for scripts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kennis-cli-private.h"

/* Entries are read this many at a time, so listing a large notebook does
 * not hold every entry in memory at once. */
#define CHUNK_SIZE 64

#define SHORT_ID_LENGTH 8

char *
cli_format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
cli_format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  /* TRANSLATORS: a date and time for g_date_time_format(), e.g. 2026-11-27 10:00 */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static const char *
kind_label (KennisEntry *entry)
{
  if (kennis_entry_get_kind (entry) == KENNIS_ENTRY_KIND_LINK)
    return C_("entry kind", "link");
  return C_("entry kind", "note");
}

/* One line per entry: tabs and line breaks in a title would break it. */
static char *
dup_one_line (const char *text)
{
  char *line = g_strdup (text);

  for (char *p = line; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';

  return line;
}

static char *
dup_audience_names (KennisEntry *entry,
                    GListModel  *audiences)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  if (kennis_entry_is_private (entry))
    return g_strdup (_("Only me"));

  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (kennis_entry_has_audience (entry, kennis_audience_get_id (audience)))
        g_strv_builder_add (builder, kennis_audience_get_name (audience));
    }

  names = g_strv_builder_end (builder);
  return g_strjoinv (", ", names);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL && value[0] != '\0')
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * cli_entry_to_json:
 * @audiences: every audience, to name the entry's ones; they are listed in
 *   this order, as the app does, whatever order they were given in
 *
 * Returns: (transfer full): the entry as a JSON object; times in UTC
 */
JsonNode *
cli_entry_to_json (KennisEntry *entry,
                   GListModel  *audiences)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = cli_format_utc (kennis_entry_get_created (entry));
  g_autofree char *updated = cli_format_utc (kennis_entry_get_updated (entry));
  const char * const *tags = kennis_entry_get_tags (entry);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, kennis_entry_get_id (entry));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kennis_entry_kind_to_string (kennis_entry_get_kind (entry)));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, kennis_entry_get_title (entry));
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, kennis_entry_get_body (entry));
  add_string_or_null (builder, "url", kennis_entry_get_url (entry));
  add_string_or_null (builder, "language", kennis_entry_get_language (entry));

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (audiences); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);

      if (!kennis_entry_has_audience (entry, kennis_audience_get_id (audience)))
        continue;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "key", kennis_audience_get_key (audience));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, kennis_audience_get_name (audience));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, kennis_entry_is_private (entry));
  add_string_or_null (builder, "created", created);
  add_string_or_null (builder, "updated", updated);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * cli_audience_to_json:
 *
 * Returns: (transfer full): `{"key", "name", "builtin", "count"}`
 */
JsonNode *
cli_audience_to_json (KennisAudience *audience)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string_or_null (builder, "key", kennis_audience_get_key (audience));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, kennis_audience_get_name (audience));
  json_builder_set_member_name (builder, "builtin");
  json_builder_add_boolean_value (builder, kennis_audience_is_builtin (audience));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, kennis_audience_get_n_entries (audience));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
dup_json (JsonNode *node,
          gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* JSON is UTF-8 whatever the terminal's charset, so it bypasses g_print(),
 * which would convert it. */
static void
write_raw (const char *text)
{
  fwrite (text, 1, strlen (text), stdout);
}

void
cli_print_json (JsonNode *node)
{
  g_autofree char *text = dup_json (node, TRUE);

  write_raw (text);
  write_raw ("\n");
}

void
cli_print_entry_line (KennisEntry *entry,
                      GListModel  *audiences)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *title = kennis_entry_dup_display_title (entry);
  g_autofree char *one_line = dup_one_line (title);
  g_autofree char *names = dup_audience_names (entry, audiences);
  const char * const *tags = kennis_entry_get_tags (entry);

  g_string_append_len (line, kennis_entry_get_id (entry), SHORT_ID_LENGTH);
  g_string_append_printf (line, "  %s  %s  [%s]", kind_label (entry), one_line, names);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_string_append_printf (line, " #%s", tags[i]);

  g_print ("%s\n", line->str);
}

static void
append_field (GString    *out,
              const char *label,
              const char *value,
              guint       width)
{
  guint len = g_utf8_strlen (label, -1);

  if (value == NULL || value[0] == '\0')
    return;

  g_string_append_printf (out, "%s:", label);
  for (guint i = len; i < width + 1; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, " %s\n", value);
}

void
cli_print_entry_full (KennisEntry *entry,
                      GListModel  *audiences)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *tags = g_strjoinv (", ", (char **)kennis_entry_get_tags (entry));
  g_autofree char *names = dup_audience_names (entry, audiences);
  g_autofree char *created = cli_format_local (kennis_entry_get_created (entry));
  g_autofree char *updated = cli_format_local (kennis_entry_get_updated (entry));
  g_autofree char *title = kennis_entry_dup_display_title (entry);
  const char *labels[] = {
    _("Title"), _("Id"), _("Kind"), _("URL"), _("For"), _("Tags"), _("Language"),
    _("Created"), _("Changed"),
  };
  const char *values[] = {
    title, kennis_entry_get_id (entry), kind_label (entry), kennis_entry_get_url (entry),
    names, tags, kennis_entry_get_language (entry), created, updated,
  };
  guint width = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (values));

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, (guint)g_utf8_strlen (labels[i], -1));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    append_field (out, labels[i], values[i], width);

  if (kennis_entry_get_body (entry)[0] != '\0')
    {
      g_string_append_printf (out, "\n%s", kennis_entry_get_body (entry));
      if (!g_str_has_suffix (out->str, "\n"))
        g_string_append_c (out, '\n');
    }

  g_print ("%s", out->str);
}

/**
 * cli_print_entry:
 * @full: every field and the body, rather than one line
 *
 * Prints one entry as the user asked: JSON or text.
 */
gboolean
cli_print_entry (CliContext   *cli,
                 KennisEntry  *entry,
                 gboolean      full,
                 GError      **error)
{
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (cli->store, error);

  if (audiences == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonNode) node = cli_entry_to_json (entry, audiences);

      cli_print_json (node);
    }
  else if (full)
    cli_print_entry_full (entry, audiences);
  else
    cli_print_entry_line (entry, audiences);

  return TRUE;
}

/**
 * cli_print_entries:
 * @nums: (element-type gint64): the entries, in order
 *
 * Prints a JSON array, one entry to a line, or one text line per entry.
 */
gboolean
cli_print_entries (CliContext  *cli,
                   GArray      *nums,
                   GError     **error)
{
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (cli->store, error);
  gboolean first = TRUE;

  if (audiences == NULL)
    return FALSE;

  if (cli->json)
    write_raw ("[");

  for (guint start = 0; start < nums->len; start += CHUNK_SIZE)
    {
      guint n = MIN (CHUNK_SIZE, nums->len - start);
      g_autoptr(GPtrArray) entries = NULL;

      entries = kennis_store_get_entries (cli->store, &g_array_index (nums, gint64, start), n, error);
      if (entries == NULL)
        return FALSE;

      for (guint i = 0; i < entries->len; i++)
        {
          KennisEntry *entry = g_ptr_array_index (entries, i);

          if (cli->json)
            {
              g_autoptr(JsonNode) node = cli_entry_to_json (entry, audiences);
              g_autofree char *text = dup_json (node, FALSE);

              write_raw (first ? "\n" : ",\n");
              write_raw (text);
            }
          else
            cli_print_entry_line (entry, audiences);

          first = FALSE;
        }
    }

  if (cli->json)
    write_raw (first ? "]\n" : "\n]\n");

  return TRUE;
}
