/* kennis-markdown-folder.c — a folder of Markdown files, as Obsidian, Zim
 * and static site generators keep them
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One note per file, with an optional YAML front matter block. Kennis reads
 * the small part of YAML that front matter uses in practice — `key: value`
 * with plain, 'single' and "double" quoted scalars, flow and block lists,
 * block scalars and comments — and writes every value double-quoted, so
 * that any title survives the way back.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kennis-audience.h"
#include "kennis-format.h"
#include "kennis-markdown-folder.h"
#include "kennis-slug.h"
#include "kennis-url.h"

#define READ_ATTRIBUTES                      \
  G_FILE_ATTRIBUTE_STANDARD_NAME ","         \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_TYPE ","         \
  G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","    \
  G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK ","   \
  G_FILE_ATTRIBUTE_TIME_MODIFIED ","         \
  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC

static const char * const note_extensions[] = { ".md", ".markdown", ".txt" };

/* Keys that name tags in the front matter of the common generators. */
static const char * const tag_keys[] = { "tags", "tag", "keywords", "categories" };

/* A file to read, found below the folder. */
typedef struct
{
  GFile  *file;
  char   *relative;  /* display names joined by '/', e.g. "werk/x.md" */
  gint64  modified;  /* µs since the Unix epoch */
} Source;

typedef struct
{
  GHashTable *scalars;  /* key → text */
  GHashTable *lists;    /* key → GPtrArray of texts */
  char       *key;      /* the last key, which list items and indented lines continue */
  char        joiner;   /* how indented lines join the last key's text; 0: they may not */
} FrontMatter;

static void
source_free (Source *source)
{
  g_object_unref (source->file);
  g_free (source->relative);
  g_free (source);
}

static int
source_compare (gconstpointer a,
                gconstpointer b)
{
  const Source *source_a = *(const Source * const *)a;
  const Source *source_b = *(const Source * const *)b;

  return strcmp (source_a->relative, source_b->relative);
}

static void
front_matter_init (FrontMatter *front)
{
  front->scalars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  front->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  front->key = NULL;
  front->joiner = 0;
}

static void
front_matter_clear (FrontMatter *front)
{
  g_clear_pointer (&front->scalars, g_hash_table_unref);
  g_clear_pointer (&front->lists, g_hash_table_unref);
  g_clear_pointer (&front->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FrontMatter, front_matter_clear)

/* Reading YAML scalars */

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Whether only blanks or a comment follow @p. */
static gboolean
rest_is_empty (const char *p)
{
  p = skip_blanks (p);
  return *p == '\0' || *p == '#';
}

static void
append_unicode_escape (GString     *out,
                       const char **p)
{
  gunichar c = 0;

  for (guint i = 1; i <= 4; i++)
    {
      if (!g_ascii_isxdigit ((*p)[i]))
        return;
      c = c * 16 + g_ascii_xdigit_value ((*p)[i]);
    }
  *p += 4;

  /* A NUL or a lone surrogate would break the text. */
  if (c != 0 && g_unichar_validate (c))
    g_string_append_unichar (out, c);
}

/* @p is at the opening quote; returns FALSE when the closing one is missing. */
static gboolean
read_double_quoted (const char **p,
                    char       **value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *q = *p + 1; *q != '\0'; q++)
    {
      if (*q == '"')
        {
          *p = q + 1;
          *value = g_string_free (g_steal_pointer (&out), FALSE);
          return TRUE;
        }
      if (*q != '\\' || q[1] == '\0')
        {
          g_string_append_c (out, *q);
          continue;
        }

      q++;
      switch (*q)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u': append_unicode_escape (out, &q); break;
        default: g_string_append_c (out, *q); break;
        }
    }
  return FALSE;
}

/* In single quotes YAML has one escape: '' for '. */
static gboolean
read_single_quoted (const char **p,
                    char       **value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *q = *p + 1; *q != '\0'; q++)
    {
      if (*q != '\'')
        g_string_append_c (out, *q);
      else if (q[1] == '\'')
        g_string_append_c (out, *q++);
      else
        {
          *p = q + 1;
          *value = g_string_free (g_steal_pointer (&out), FALSE);
          return TRUE;
        }
    }
  return FALSE;
}

/* A plain scalar ends at one of @stops or at a comment, which YAML starts
 * with " #" so that "https://example.org/#top" stays whole. */
static char *
read_plain (const char **p,
            const char  *stops)
{
  const char *start = *p;
  const char *q = start;
  char *value;

  while (*q != '\0' && strchr (stops, *q) == NULL
         && !(*q == '#' && (q == start || q[-1] == ' ' || q[-1] == '\t')))
    q++;
  *p = q;

  value = g_strstrip (g_strndup (start, q - start));
  if (g_str_equal (value, "~") || g_str_equal (value, "null"))
    value[0] = '\0';
  return value;
}

/* Reads one scalar at @p, past leading blanks. Returns FALSE when a quote
 * is not closed. */
static gboolean
read_scalar (const char **p,
             const char  *stops,
             char       **value)
{
  *p = skip_blanks (*p);
  if (**p == '"')
    return read_double_quoted (p, value);
  if (**p == '\'')
    return read_single_quoted (p, value);

  *value = read_plain (p, stops);
  return TRUE;
}

/* "[a, 'b c', "d"]" on one line. */
static gboolean
read_flow_list (const char *p,
                GPtrArray  *items)
{
  for (p++; ; p++)
    {
      g_autofree char *item = NULL;

      if (!read_scalar (&p, ",]", &item))
        return FALSE;
      if (item[0] != '\0')
        g_ptr_array_add (items, g_steal_pointer (&item));

      p = skip_blanks (p);
      if (*p == ']')
        break;
      if (*p != ',')
        return FALSE;
    }
  return rest_is_empty (p + 1);
}

/* Front matter lines */

/* Finds "key:" followed by a blank or the line's end; YAML needs the blank,
 * so "https://…" is no key. */
static gboolean
split_key (const char  *line,
           char       **key,
           const char **value)
{
  const char *colon = line;

  while ((colon = strchr (colon, ':')) != NULL
         && colon[1] != '\0' && colon[1] != ' ' && colon[1] != '\t')
    colon++;
  if (colon == NULL)
    return FALSE;

  *key = g_strstrip (g_strndup (line, colon - line));
  if ((*key)[0] == '\0')
    {
      g_clear_pointer (key, g_free);
      return FALSE;
    }
  *value = skip_blanks (colon + 1);
  return TRUE;
}

static void
front_matter_continue (FrontMatter *front,
                       const char  *text)
{
  const char *old = g_hash_table_lookup (front->scalars, front->key);
  char *joined;

  if (old == NULL || old[0] == '\0')
    joined = g_strdup (text);
  else
    joined = g_strdup_printf ("%s%c%s", old, front->joiner, text);
  g_hash_table_insert (front->scalars, g_strdup (front->key), joined);
}

static gboolean
front_matter_add_item (FrontMatter *front,
                       const char  *text)
{
  GPtrArray *items;
  g_autofree char *item = NULL;

  if (front->key == NULL || !read_scalar (&text, "", &item) || !rest_is_empty (text))
    return FALSE;

  items = g_hash_table_lookup (front->lists, front->key);
  if (items == NULL)
    {
      items = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (front->lists, g_strdup (front->key), items);
    }
  if (item[0] != '\0')
    g_ptr_array_add (items, g_steal_pointer (&item));
  return TRUE;
}

/* "key: value", starting the key that later lines may continue. */
static gboolean
front_matter_add_key (FrontMatter *front,
                      const char  *key,
                      const char  *value)
{
  g_autofree char *text = NULL;

  g_free (front->key);
  front->key = g_ascii_strdown (key, -1);
  g_hash_table_remove (front->lists, front->key);
  front->joiner = ' ';

  if (*value == '|' || *value == '>')
    {
      /* A block scalar: the indented lines below are its text. */
      front->joiner = *value == '|' ? '\n' : ' ';
      text = g_strdup ("");
    }
  else if (*value == '[')
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

      g_hash_table_insert (front->lists, g_strdup (front->key), items);
      front->joiner = 0;
      if (!read_flow_list (value, items))
        return FALSE;
      text = g_strdup ("");
    }
  else
    {
      if (*value == '"' || *value == '\'')
        front->joiner = 0;
      if (!read_scalar (&value, "", &text) || !rest_is_empty (value))
        return FALSE;
    }

  g_hash_table_insert (front->scalars, g_strdup (front->key), g_steal_pointer (&text));
  return TRUE;
}

/* Returns FALSE for a line that is none of `key: value`, a list item, a
 * comment, a blank line or the text of a block scalar. */
static gboolean
front_matter_add_line (FrontMatter *front,
                       const char  *line)
{
  const char *text = skip_blanks (line);
  gboolean indented = text != line;
  g_autofree char *key = NULL;
  const char *value = NULL;

  if (*text == '\0')
    return TRUE;
  if (indented && front->key != NULL && front->joiner == '\n')
    {
      front_matter_continue (front, text);
      return TRUE;
    }
  if (*text == '#')
    return TRUE;
  if (text[0] == '-' && (text[1] == ' ' || text[1] == '\t' || text[1] == '\0'))
    return front_matter_add_item (front, text + 1);

  if (indented && front->key != NULL)
    {
      /* A nested mapping, which no key Kennis reads has, or a plain scalar
       * that goes on over more lines. */
      if (split_key (text, &key, &value))
        return TRUE;
      if (front->joiner == 0)
        return FALSE;
      front_matter_continue (front, text);
      return TRUE;
    }

  return !indented && split_key (text, &key, &value) && front_matter_add_key (front, key, value);
}

/* Returns the next line of @cursor without its line end and trailing
 * blanks, or NULL at the end. */
static char *
next_line (const char **cursor)
{
  const char *start = *cursor;
  const char *end;

  if (*start == '\0')
    return NULL;

  end = strchr (start, '\n');
  *cursor = end != NULL ? end + 1 : start + strlen (start);
  return g_strchomp (g_strndup (start, (end != NULL ? end : *cursor) - start));
}

/* Reads the front matter of @text, if it has one, and points @body past it. */
static gboolean
split_front_matter (const char   *text,
                    const char   *relative,
                    FrontMatter  *front,
                    const char  **body,
                    GError      **error)
{
  const char *cursor = text;
  g_autofree char *first = next_line (&cursor);

  *body = text;
  if (first == NULL || !g_str_equal (first, "---"))
    return TRUE;

  for (guint number = 2; ; number++)
    {
      g_autofree char *line = next_line (&cursor);

      if (line == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s”, line %u: the front matter is not closed with “---”."),
                       relative, 1u);
          return FALSE;
        }
      if (g_str_equal (line, "---") || g_str_equal (line, "..."))
        {
          *body = cursor;
          return TRUE;
        }
      if (!front_matter_add_line (front, line))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s”, line %u: Kennis cannot read this front matter line."),
                       relative, number);
          return FALSE;
        }
    }
}

/* Front matter values */

/* The first of @key and @other (nullable) with a non-empty scalar. */
static const char *
front_matter_get (FrontMatter *front,
                  const char  *key,
                  const char  *other)
{
  const char *value = g_hash_table_lookup (front->scalars, key);

  if ((value == NULL || value[0] == '\0') && other != NULL)
    value = g_hash_table_lookup (front->scalars, other);
  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* A list, or a scalar of comma-separated items, as people write tags. */
static GStrv
front_matter_dup_items (FrontMatter *front,
                        const char  *key)
{
  GPtrArray *list = g_hash_table_lookup (front->lists, key);
  const char *scalar = g_hash_table_lookup (front->scalars, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) split = NULL;

  if (list != NULL)
    {
      for (guint i = 0; i < list->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (list, i));
    }
  else if (scalar != NULL)
    {
      split = g_strsplit (scalar, ",", -1);
      for (guint i = 0; split[i] != NULL; i++)
        if (g_strstrip (split[i])[0] != '\0')
          g_strv_builder_add (builder, split[i]);
    }
  return g_strv_builder_end (builder);
}

static gboolean
read_digits (const char **p,
             guint        n_digits,
             int         *value)
{
  *value = 0;
  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += n_digits;
  return TRUE;
}

static gboolean
skip_char (const char **p,
           char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* YYYY-MM-DD and YYYY-MM-DD HH:MM, which g_date_time_new_from_iso8601()
 * does not take, in UTC. */
static GDateTime *
parse_short_time (const char *text)
{
  const char *p = text;
  int year, month, day;
  int hour = 0, minute = 0;

  if (!read_digits (&p, 4, &year) || !skip_char (&p, '-')
      || !read_digits (&p, 2, &month) || !skip_char (&p, '-')
      || !read_digits (&p, 2, &day))
    return NULL;
  if ((skip_char (&p, ' ') || skip_char (&p, 'T'))
      && (!read_digits (&p, 2, &hour) || !skip_char (&p, ':') || !read_digits (&p, 2, &minute)))
    return NULL;
  if (*p != '\0')
    return NULL;

  return g_date_time_new_utc (year, month, day, hour, minute, 0);
}

static gboolean
parse_time (const char *text,
            gint64     *usec)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    time = parse_short_time (text);
  if (time == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* Making records */

/* The file name without its extension. */
static char *
source_dup_stem (const Source *source)
{
  const char *slash = strrchr (source->relative, '/');
  const char *name = slash != NULL ? slash + 1 : source->relative;
  const char *dot = strrchr (name, '.');

  return g_strndup (name, dot != NULL ? (gsize)(dot - name) : strlen (name));
}

static void
record_add_tags (KennisRecord *record,
                 FrontMatter  *front,
                 const Source *source)
{
  g_auto(GStrv) folders = g_strsplit (source->relative, "/", -1);

  for (guint i = 0; i < G_N_ELEMENTS (tag_keys); i++)
    {
      g_auto(GStrv) tags = front_matter_dup_items (front, tag_keys[i]);

      for (guint j = 0; tags[j] != NULL; j++)
        kennis_record_add_tag (record, tags[j]);
    }

  /* Obsidian and Zim users sort notes into folders; the last part is the
   * file's own name. */
  for (guint i = 0; folders[i] != NULL && folders[i + 1] != NULL; i++)
    kennis_record_add_tag (record, folders[i]);
}

/* Built-in audiences go by their key, which does not change with the
 * language Kennis runs in. */
static void
record_add_audiences (KennisRecord    *record,
                      KennisRecordSet *set,
                      FrontMatter     *front)
{
  g_auto(GStrv) names = front_matter_dup_items (front, "audiences");

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name;

      if (kennis_audience_builtin_name (names[i])[0] != '\0')
        name = kennis_record_set_add_audience (set, names[i], NULL);
      else
        name = kennis_record_set_add_audience (set, NULL, names[i]);
      kennis_record_add_audience (record, name);
    }
}

static KennisRecord *
record_new_from_file (KennisRecordSet *set,
                      FrontMatter     *front,
                      const Source    *source,
                      const char      *body)
{
  const char *url = front_matter_get (front, "url", "link");
  const char *title = front_matter_get (front, "title", NULL);
  const char *id = front_matter_get (front, "id", NULL);
  KennisEntryKind kind = kennis_url_is_web (url) ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE;
  KennisRecord *record;

  /* "kind: link" makes a link only of a web address. */
  if (kennis_entry_kind_from_string (front_matter_get (front, "kind", NULL), &kind) &&
      !kennis_url_is_web (url))
    kind = KENNIS_ENTRY_KIND_NOTE;
  record = kennis_record_new (kind);
  record->title = title != NULL ? g_strdup (title) : source_dup_stem (source);
  record->body = g_strdup (body);
  record->url = g_strdup (url);
  record->language = g_strdup (front_matter_get (front, "language", "lang"));
  if (id != NULL && g_uuid_string_is_valid (id))
    record->id = g_strdup (id);

  if (!parse_time (front_matter_get (front, "date", "created"), &record->created_at))
    record->created_at = source->modified;
  parse_time (front_matter_get (front, "updated", "modified"), &record->updated_at);

  record_add_tags (record, front, source);
  record_add_audiences (record, set, front);
  return record;
}

/* Reading files */

/* UTF-8 without a BOM, and with "\n" line ends when the first line ends in
 * "\r\n". Only then: a body that Kennis wrote keeps any "\r" it had. */
static char *
decode_text (const char *data,
             gsize       length)
{
  g_autofree char *converted = NULL;
  g_autofree char *valid = NULL;
  gsize converted_length = 0;
  const char *first_end;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  /* Older Windows editors saved in the ANSI code page. Five bytes have no
   * character in it; a file with one of them is read as broken UTF-8. */
  if (!g_utf8_validate_len (data, length, NULL))
    converted = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, &converted_length, NULL);
  if (converted != NULL)
    valid = g_utf8_make_valid (converted, converted_length);
  else
    valid = g_utf8_make_valid (data, length);

  first_end = strchr (valid, '\n');
  if (first_end != NULL && first_end > valid && first_end[-1] == '\r')
    {
      GString *text = g_string_new (valid);

      g_string_replace (text, "\r\n", "\n", 0);
      return g_string_free (text, FALSE);
    }
  return g_steal_pointer (&valid);
}

static const char *
skip_blank_lines (const char *text)
{
  const char *line = text;

  for (;;)
    {
      const char *p = line;

      while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
      if (*p == '\0')
        return p;
      if (*p != '\n')
        return line;
      line = p + 1;
    }
}

static KennisRecord *
read_text (KennisRecordSet  *set,
           const Source     *source,
           const char       *data,
           gsize             length,
           GError          **error)
{
  g_auto(FrontMatter) front = { 0 };
  g_autofree char *text = decode_text (data, length);
  const char *body = NULL;

  front_matter_init (&front);
  if (!split_front_matter (text, source->relative, &front, &body, error))
    return NULL;

  return record_new_from_file (set, &front, source, skip_blank_lines (body));
}

static KennisRecord *
read_source (KennisRecordSet  *set,
             const Source     *source,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_load_contents (source->file, cancellable, &data, &length, NULL, error))
    return NULL;

  return read_text (set, source, data, length, error);
}

/**
 * kennis_markdown_folder_read_note:
 * @name: the file's name, for the title when it has none and for messages
 * @set: where audiences the note names go
 *
 * Reads one file as an import of its folder would, e.g. a file dropped on
 * the window. Its creation time is left 0 (now).
 *
 * Returns: (transfer full): the note, or %NULL with an error naming the
 *   file and line
 */
KennisRecord *
kennis_markdown_folder_read_note (const char       *name,
                                  GBytes           *contents,
                                  KennisRecordSet  *set,
                                  GError          **error)
{
  Source source = { NULL, (char *)name, 0 };
  gsize length = 0;
  const char *data = g_bytes_get_data (contents, &length);

  return read_text (set, &source, data != NULL ? data : "", length, error);
}

static gboolean
is_note_file (GFileInfo *info)
{
  g_autofree char *name = g_ascii_strdown (g_file_info_get_name (info), -1);

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (note_extensions); i++)
    if (g_str_has_suffix (name, note_extensions[i]))
      return TRUE;
  return FALSE;
}

static Source *
source_new (GFile      *file,
            GFileInfo  *info,
            const char *relative)
{
  Source *source = g_new0 (Source, 1);

  source->file = g_object_ref (file);
  source->relative = g_strdup (relative);
  source->modified =
    g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
    + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return source;
}

/* Adds the note files below @dir, whose path in the folder is @prefix.
 * Linked folders are not followed, so a link to a parent cannot loop. */
static gboolean
collect_sources (GFile         *dir,
                 const char    *prefix,
                 GPtrArray     *sources,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (dir, READ_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *relative = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        return TRUE;

      /* .obsidian, .git, .trash: settings and history, not notes. */
      if (g_file_info_get_is_hidden (info) || g_file_info_get_name (info)[0] == '.')
        continue;

      relative = g_strconcat (prefix, g_file_info_get_display_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY && !g_file_info_get_is_symlink (info))
        {
          g_autofree char *sub_prefix = g_strconcat (relative, "/", NULL);

          if (!collect_sources (child, sub_prefix, sources, cancellable, error))
            return FALSE;
        }
      else if (is_note_file (info))
        g_ptr_array_add (sources, source_new (child, info, relative));
    }
}

/* Writing files */

/* Double quotes take any text on one line. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_field (GString    *out,
              const char *key,
              const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  g_string_append_printf (out, "%s: ", key);
  append_quoted (out, value);
  g_string_append_c (out, '\n');
}

static void
append_list (GString            *out,
             const char         *key,
             const char * const *items)
{
  if (items == NULL || items[0] == NULL)
    return;

  g_string_append_printf (out, "%s: [", key);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_quoted (out, items[i]);
    }
  g_string_append (out, "]\n");
}

/* Always with six digits of microseconds, which
 * g_date_time_format_iso8601() leaves out when they are zero. */
static void
append_time (GString    *out,
             const char *key,
             gint64      usec)
{
  /* 0 means "when imported", which a later import decides. */
  g_autofree char *text = usec != 0 ? kennis_format_timestamp (usec) : NULL;

  if (text != NULL)
    g_string_append_printf (out, "%s: %s\n", key, text);
}

/* A built-in audience by its key, so that an import in another language
 * finds it; the user's own by name. */
static GStrv
dup_audience_words (KennisRecordSet *set,
                    KennisRecord    *record)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; record->audiences[i] != NULL; i++)
    {
      const char *word = record->audiences[i];

      for (guint j = 0; j < set->audiences->len; j++)
        {
          KennisRecordAudience *audience = g_ptr_array_index (set->audiences, j);

          if (audience->key != NULL && g_str_equal (audience->name, word))
            word = audience->key;
        }
      g_strv_builder_add (builder, word);
    }
  return g_strv_builder_end (builder);
}

static char *
build_document (KennisRecordSet *set,
                KennisRecord    *record)
{
  g_auto(GStrv) audiences = dup_audience_words (set, record);
  GString *out = g_string_new ("---\ntitle: ");

  append_quoted (out, record->title);
  g_string_append_c (out, '\n');
  append_field (out, "id", record->id);
  append_time (out, "date", record->created_at);
  append_time (out, "updated", record->updated_at);
  append_field (out, "url", record->url);
  /* A note with a web address would read back as a link. */
  if (record->kind == KENNIS_ENTRY_KIND_NOTE && kennis_url_is_web (record->url))
    append_field (out, "kind", "note");
  append_field (out, "language", record->language);
  append_list (out, "tags", (const char * const *)record->tags);
  append_list (out, "audiences", (const char * const *)audiences);
  g_string_append (out, "---\n\n");
  g_string_append (out, record->body != NULL ? record->body : "");
  return g_string_free (out, FALSE);
}

/* Every name in @folder, in lower case: on Windows and macOS "Hello.md"
 * and "hello.md" are one file. */
static GHashTable *
list_taken_names (GFile         *folder,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  if (children == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        return g_steal_pointer (&names);
      g_hash_table_add (names, g_ascii_strdown (g_file_info_get_name (info), -1));
    }
}

static gboolean
name_taken_cb (const char *candidate,
               gpointer    data)
{
  GHashTable *taken = data;
  g_autofree char *name = g_strconcat (candidate, ".md", NULL);

  return g_hash_table_contains (taken, name);
}

/* Creating rather than replacing: a file that appeared after the folder
 * was listed is not overwritten either. */
static gboolean
create_file (GFile         *file,
             const char    *contents,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileOutputStream) stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, error);

  return stream != NULL
         && g_output_stream_write_all (G_OUTPUT_STREAM (stream), contents, strlen (contents),
                                       NULL, cancellable, error)
         && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static gboolean
write_record (KennisRecordSet  *set,
              KennisRecord     *record,
              GFile            *folder,
              GHashTable       *taken,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autofree char *document = build_document (set, record);
  g_autofree char *slug = kennis_slug_from_title (record->title);

  for (;;)
    {
      g_autofree char *unique = kennis_slug_make_unique (slug, name_taken_cb, taken);
      g_autofree char *name = g_strconcat (unique, ".md", NULL);
      g_autoptr(GFile) file = g_file_get_child (folder, name);
      g_autoptr(GError) local_error = NULL;

      g_hash_table_add (taken, g_steal_pointer (&name));
      if (create_file (file, document, cancellable, &local_error))
        return TRUE;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

/**
 * kennis_markdown_folder_read:
 * @folder: a folder of notes
 *
 * Reads every .md, .markdown and .txt file below @folder, in its
 * sub-folders too, into one note or link each; hidden files and folders
 * such as .obsidian or .git are skipped. Files are read in the order of
 * their paths, so reading a folder twice gives the same set.
 *
 * Returns: (transfer full): the records, or %NULL with @error set, for
 *   example naming the file and line of front matter Kennis cannot read
 */
KennisRecordSet *
kennis_markdown_folder_read (GFile         *folder,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!collect_sources (folder, "", sources, cancellable, error))
    return NULL;
  g_ptr_array_sort (sources, source_compare);

  for (guint i = 0; i < sources->len; i++)
    {
      KennisRecord *record;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      record = read_source (set, g_ptr_array_index (sources, i), cancellable, error);
      if (record == NULL)
        return NULL;
      g_ptr_array_add (set->entries, record);
    }
  return g_steal_pointer (&set);
}

/**
 * kennis_markdown_folder_write:
 * @set: the records to write
 * @folder: where to write them; made when missing
 *
 * Writes one NAME.md per record, with its fields in front matter. NAME is
 * made from the title with kennis_slug_from_title() and numbered where
 * needed, so no file already in @folder is overwritten.
 *
 * Returns: %FALSE with @error set when a file could not be written
 */
gboolean
kennis_markdown_folder_write (KennisRecordSet  *set,
                              GFile            *folder,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(GHashTable) taken = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_make_directory_with_parents (folder, cancellable, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  taken = list_taken_names (folder, cancellable, error);
  if (taken == NULL)
    return FALSE;

  for (guint i = 0; i < set->entries->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !write_record (set, g_ptr_array_index (set->entries, i), folder, taken, cancellable, error))
        return FALSE;
    }
  return TRUE;
}
