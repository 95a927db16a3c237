/* kennis-capture.c — what a paste, a drop or `kennis --new-note TEXT` makes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kennis-capture.h"
#include "kennis-markdown-folder.h"
#include "kennis-url.h"

static gboolean
is_single_web_address (const char *text)
{
  return strpbrk (text, " \t\r\n") == NULL && kennis_url_is_web (text);
}

/* A Markdown heading's marks are not part of the title. */
static const char *
skip_heading_marks (const char *line)
{
  const char *p = line;

  while (*p == '#')
    p++;
  return p != line && (*p == ' ' || *p == '\0') ? p : line;
}

/* The first line as the title and the rest as the body; a first line too
 * long for a title is cut on a word and stays whole in the body. */
static void
split_note (KennisEntry *entry,
            const char  *text)
{
  const char *end = strchr (text, '\n');
  g_autofree char *line = end != NULL ? g_strndup (text, end - text) : g_strdup (text);
  const char *rest = end != NULL ? end + 1 : "";
  g_autofree char *title = g_strstrip (g_strdup (skip_heading_marks (g_strstrip (line))));

  if (g_utf8_strlen (title, -1) > KENNIS_CAPTURE_MAX_TITLE)
    {
      g_autofree char *cut = g_utf8_substring (title, 0, KENNIS_CAPTURE_MAX_TITLE);
      char *space = strrchr (cut, ' ');

      if (space != NULL && space > cut)
        *space = '\0';
      g_free (title);
      title = g_strconcat (g_strstrip (cut), "…", NULL);
      rest = text;
    }

  while (*rest == '\n' || *rest == '\r')
    rest++;
  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, rest);
}

/* Valid UTF-8 with "\n" line ends and no white space around it, or NULL
 * when nothing is left. */
static char *
dup_clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_auto(GStrv) lines = NULL;
  char *clean;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  lines = g_strsplit (valid, "\r\n", -1);
  clean = g_strstrip (g_strjoinv ("\n", lines));
  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

/**
 * kennis_capture_note_from_text:
 *
 * Returns: (transfer full) (nullable): a new, unsaved note, its first
 *   line the title, or %NULL when @text holds nothing but white space
 */
KennisEntry *
kennis_capture_note_from_text (const char *text)
{
  g_autofree char *clean = dup_clean_text (text);
  KennisEntry *entry;

  if (clean == NULL)
    return NULL;

  entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  split_note (entry, clean);
  return entry;
}

/**
 * kennis_capture_entry_from_text:
 *
 * A web address alone becomes a link; any other text a note, its first
 * line the title.
 *
 * Returns: (transfer full) (nullable): a new, unsaved entry, or %NULL when
 *   @text holds nothing but white space
 */
KennisEntry *
kennis_capture_entry_from_text (const char *text)
{
  g_autofree char *clean = dup_clean_text (text);
  KennisEntry *entry;

  if (clean == NULL || !is_single_web_address (clean))
    return kennis_capture_note_from_text (clean);

  entry = kennis_entry_new (KENNIS_ENTRY_KIND_LINK);
  kennis_entry_set_url (entry, clean);
  return entry;
}

static const char * const note_suffixes[] = { ".md", ".markdown", ".txt" };

gboolean
kennis_capture_is_note_file (const char *file_name)
{
  g_autofree char *lower = g_ascii_strdown (file_name != NULL ? file_name : "", -1);

  for (guint i = 0; i < G_N_ELEMENTS (note_suffixes); i++)
    if (g_str_has_suffix (lower, note_suffixes[i]))
      return TRUE;
  return FALSE;
}

/**
 * kennis_capture_note_from_file:
 * @file_name: the file's name, without folders
 *
 * A Markdown or text file as a note, read as an import of its folder
 * reads it: front matter when it has one, the file name as the title
 * when that says none.
 *
 * Returns: (transfer full): a new, unsaved entry, or %NULL with an error
 *   naming the file and line
 */
KennisEntry *
kennis_capture_note_from_file (const char  *file_name,
                               GBytes      *contents,
                               GError     **error)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecord) record = kennis_markdown_folder_read_note (file_name, contents, set, error);
  KennisEntry *entry;

  if (record == NULL)
    return NULL;

  entry = kennis_entry_new (record->kind);
  kennis_entry_set_title (entry, record->title);
  kennis_entry_set_body (entry, record->body);
  kennis_entry_set_url (entry, record->url);
  if (record->language != NULL && *record->language != '\0')
    kennis_entry_set_language (entry, record->language);
  kennis_entry_set_tags (entry, (const char * const *)record->tags);
  return entry;
}
