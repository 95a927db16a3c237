/* kennis-cli-input.c — turning what a user typed into entries, audiences and filters
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kennis-cli-private.h"

/* Text from Windows editors often starts with a byte order mark, which would
 * otherwise become the first character of the note. */
static const char *
skip_bom (const char *text)
{
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    return text + 3;
  return text;
}

static char *
read_stdin (GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[8192];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_byte_array_append (bytes, buffer, n);

  if (ferror (stdin))
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, _("Could not read the text from standard input."));
      return NULL;
    }

  g_byte_array_append (bytes, (const guint8 *)"", 1);
  return (char *)g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/**
 * cli_read_body:
 * @body: (nullable): the text of `--body`; “-” means standard input
 * @body_file: (nullable): the path of `--body-file`
 * @text: (out): the body in UTF-8, or %NULL when neither was given
 *
 * Input that cannot be read, or is not UTF-8, is an error: a note must
 * never be stored with garbled or missing text.
 */
gboolean
cli_read_body (const char  *body,
               const char  *body_file,
               char       **text,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *source;

  *text = NULL;

  if (body != NULL && body_file != NULL)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Give either --body or --body-file, not both."));
      return FALSE;
    }

  if (body_file != NULL)
    {
      if (!g_file_get_contents (body_file, &contents, NULL, &local_error))
        {
          /* TRANSLATORS: %s is the reason, which names the file */
          g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED, _("Could not read the text: %s"),
                       local_error->message);
          return FALSE;
        }
      source = body_file;
    }
  else if (g_strcmp0 (body, "-") == 0)
    {
      contents = read_stdin (error);
      if (contents == NULL)
        return FALSE;
      source = _("standard input");
    }
  else if (body != NULL)
    {
      /* Already checked like every other option value. */
      *text = g_strdup (body);
      return TRUE;
    }
  else
    return TRUE;

  if (!g_utf8_validate (contents, -1, NULL))
    {
      /* TRANSLATORS: %s is a file name or “standard input” */
      g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
                   _("The text in “%s” is not UTF-8 (or holds a zero byte); save it as UTF-8 and try again."),
                   source);
      return FALSE;
    }

  *text = g_strdup (skip_bom (contents));
  return TRUE;
}

/* A loose BCP 47 check: a primary tag of letters, then subtags of letters
 * and digits, e.g. “nl”, “en-GB”, “zh-Hant-TW”. */
gboolean
cli_check_language (const char  *language,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  gboolean ok;

  if (language == NULL)
    return TRUE;

  parts = g_strsplit (language, "-", -1);
  ok = parts[0] != NULL && strlen (parts[0]) >= 2 && strlen (parts[0]) <= 8;
  for (guint i = 0; ok && parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      ok = len >= 1 && len <= 8;
      for (gsize j = 0; ok && j < len; j++)
        ok = i == 0 ? g_ascii_isalpha (parts[i][j]) : g_ascii_isalnum (parts[i][j]);
    }

  if (!ok)
    /* TRANSLATORS: %s is what the user typed after --language */
    g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                 _("“%s” is not a language code; use one like “nl” or “en-GB”."), language);
  return ok;
}

static GSettings *
dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* A CLI copied somewhere without the GUI's schema still works, with the
   * built-in defaults. */
  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static char *
dup_setting (const char *key)
{
  g_autoptr(GSettings) settings = dup_settings ();
  g_autofree char *value = NULL;

  if (settings == NULL)
    return NULL;

  value = g_settings_get_string (settings, key);
  g_strstrip (value);
  if (value[0] == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

/**
 * cli_dup_default_language:
 *
 * Returns: (transfer full): the `default-language` setting, or else the
 *   primary language of the locale, e.g. “nl” for nl_BE.UTF-8
 */
char *
cli_dup_default_language (void)
{
  g_autofree char *setting = dup_setting ("default-language");
  const char * const *names;

  if (setting != NULL && cli_check_language (setting, NULL))
    return g_steal_pointer (&setting);

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize len = strcspn (names[i], "_.@-");

      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX") || len < 2 || len > 3)
        continue;

      return g_ascii_strdown (names[i], len);
    }

  /* Untranslated Kennis is English. */
  return g_strdup ("en");
}

/* These are not audiences but the absence of one; a user-made audience of
 * the same name is reached by a different spelling. */
gboolean
cli_is_only_me (const char *text)
{
  static const char * const only_me[] = { "me", "only-me", "only me", "private" };
  g_autofree char *folded = NULL;
  g_autofree char *shown = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_strstrip (g_utf8_casefold (text, -1));
  for (guint i = 0; i < G_N_ELEMENTS (only_me); i++)
    if (g_str_equal (folded, only_me[i]))
      return TRUE;

  /* The name the app shows, in the language it runs in, is accepted too. */
  shown = g_utf8_casefold (_("Only me"), -1);
  return g_str_equal (folded, shown);
}

/**
 * cli_resolve_audiences:
 * @names: what followed each `--for`
 *
 * Returns: (transfer full) (element-type gint64): audience ids, empty for
 *   “Only me”, or %NULL with %KENNIS_STORE_ERROR_NOT_FOUND for a name that
 *   is no audience
 */
GArray *
cli_resolve_audiences (KennisStore  *store,
                       char        **names,
                       GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean only_me = FALSE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(KennisAudience) audience = NULL;
      gint64 id;
      gboolean seen = FALSE;

      if (cli_is_only_me (names[i]))
        {
          only_me = TRUE;
          continue;
        }

      audience = kennis_store_find_audience (store, names[i], error);
      if (audience == NULL)
        return NULL;

      id = kennis_audience_get_id (audience);
      for (guint j = 0; j < ids->len; j++)
        seen |= g_array_index (ids, gint64, j) == id;
      if (!seen)
        g_array_append_val (ids, id);
    }

  /* “Only me” together with an audience is a contradiction; guessing which
   * one was meant could publish a private note. */
  if (only_me && ids->len > 0)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("“Only me” cannot be combined with other audiences."));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * cli_default_audiences:
 *
 * Returns: (transfer full) (element-type gint64): the audience of the
 *   `default-audience` setting, or none (“Only me”)
 */
GArray *
cli_default_audiences (KennisStore *store)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *setting = dup_setting ("default-audience");
  g_autoptr(KennisAudience) audience = NULL;
  gint64 id;

  if (setting == NULL || cli_is_only_me (setting))
    return g_steal_pointer (&ids);

  audience = kennis_store_find_audience (store, setting, NULL);
  if (audience == NULL)
    {
      /* Narrowing never widens: a default that is gone means private. */
      g_printerr ("kennis-cli: ");
      /* TRANSLATORS: %s is an audience name from the preferences */
      g_printerr (_("The default audience “%s” no longer exists; the entry is for “Only me”."), setting);
      g_printerr ("\n");
      return g_steal_pointer (&ids);
    }

  id = kennis_audience_get_id (audience);
  g_array_append_val (ids, id);
  return g_steal_pointer (&ids);
}

/**
 * cli_resolve_entry:
 * @id: a whole id or its first characters
 *
 * Returns: (transfer full): the live entry, or %NULL
 */
KennisEntry *
cli_resolve_entry (KennisStore  *store,
                   const char   *id,
                   GError      **error)
{
  g_autofree char *full_id = kennis_store_resolve_id (store, id, error);

  if (full_id == NULL)
    return NULL;

  return kennis_store_get_entry (store, full_id, error);
}

/* A filter on a tag nobody uses is most likely a typo, which an empty
 * list would hide. */
gboolean
cli_check_tag_exists (KennisStore  *store,
                      const char   *tag,
                      GError      **error)
{
  g_autoptr(GListModel) tags = NULL;
  g_autofree char *key = kennis_tag_dup_key (tag);

  if (key[0] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("A tag needs a name."));
      return FALSE;
    }

  tags = kennis_store_list_tags (store, error);
  if (tags == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(KennisTag) other = g_list_model_get_item (tags, i);
      g_autofree char *other_key = kennis_tag_dup_key (kennis_tag_get_name (other));

      if (g_str_equal (key, other_key))
        return TRUE;
    }

  g_set_error (error, CLI_ERROR, CLI_ERROR_NOT_FOUND, _("No entry has the tag “%s”."), tag);
  return FALSE;
}

gboolean
cli_parse_kind (const char       *text,
                KennisQueryKind  *kind,
                GError          **error)
{
  KennisEntryKind entry_kind;

  if (text == NULL)
    {
      *kind = KENNIS_QUERY_KIND_ANY;
      return TRUE;
    }

  if (!kennis_entry_kind_from_string (text, &entry_kind))
    {
      /* TRANSLATORS: “note” and “link” are typed as they are */
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("--kind must be “note” or “link”, not “%s”."), text);
      return FALSE;
    }

  *kind = (KennisQueryKind)entry_kind;
  return TRUE;
}
