/* kennis-bookmarks-format.c — the Netscape bookmark file that browsers and
 * bookmarking services import and export
 *
 * Reading goes through libxml2's HTML parser, never regular expressions:
 * real files have unclosed <DT> and <p>, attributes in any case, and
 * descriptions that run over several lines. Writing follows what the
 * strictest reader (Chrome's, line-based and case-sensitive) accepts.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>

#include "kennis-audience.h"
#include "kennis-bookmarks-format.h"
#include "kennis-link-info.h"
#include "kennis-url.h"

/* --- Reading ----------------------------------------------------------- */

typedef struct
{
  KennisRecordSet *set;
  GPtrArray       *folders;      /* names of the folders around the node */
  char            *next_folder;  /* an <H3> waiting for its <DL> */
  KennisRecord    *last;         /* the bookmark a <DD> describes */
  const char      *public_name;
  guint            n_links;
} Reader;

static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  /* libxml2's HTML parser gives attribute names in lower case. */
  xmlChar *value = xmlGetProp (node, (const xmlChar *)name);
  char *copy = value != NULL ? g_strdup ((const char *)value) : NULL;

  xmlFree (value);
  return copy;
}

static gboolean
parse_flag (const char *value)
{
  return value != NULL &&
         (g_ascii_strcasecmp (value, "1") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
          g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "on") == 0);
}

/* The last second GDateTime can hold, 9999-12-31 23:59:59 UTC. */
#define LAST_DATE_SECONDS G_GINT64_CONSTANT (253402300799)

/* Seconds, as the format says; some services write milliseconds or
 * microseconds. Nonsense, and dates past the year 9999, read as 0 (the
 * time of the import). */
static gint64
parse_date (const char *value)
{
  g_autofree char *digits = g_strstrip (g_strdup (value != NULL ? value : ""));
  guint64 n;
  gint64 usec;

  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT64 / 2, &n, NULL))
    return 0;
  if (n > G_GUINT64_CONSTANT (100000000000000))
    usec = (gint64)n;
  else if (n > G_GUINT64_CONSTANT (100000000000))
    usec = (gint64)n * 1000;
  else
    usec = (gint64)n * G_USEC_PER_SEC;
  return usec / G_USEC_PER_SEC <= LAST_DATE_SECONDS ? usec : 0;
}

static char *
collapse_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *)node->name, name) == 0;
}

static gboolean
is_item (xmlNode *node)
{
  return is_element (node, "dl") || is_element (node, "dt") || is_element (node, "dd") ||
         is_element (node, "a") || is_element (node, "h3");
}

/* The text of @node up to the first item inside it: an unclosed <A> or
 * <DD> holds, wrongly nested, the bookmarks that follow it. */
static char *
dup_own_text (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  for (xmlNode *child = node->children; child != NULL && !is_item (child); child = child->next)
    {
      xmlChar *content = xmlNodeGetContent (child);

      if (content != NULL)
        g_string_append (out, (const char *)content);
      xmlFree (content);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_title (xmlNode *node)
{
  g_autofree char *text = dup_own_text (node);
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return collapse_space (valid);
}

static char *
dup_description (xmlNode *dd)
{
  g_autofree char *text = dup_own_text (dd);

  return g_strstrip (g_utf8_make_valid (text, -1));
}

static void
add_tags (KennisRecord *record,
          const char   *tags)
{
  g_auto(GStrv) names = g_strsplit (tags != NULL ? tags : "", ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (*names[i] != '\0')
        kennis_record_add_tag (record, names[i]);
    }
}

static void
read_link (Reader  *reader,
           xmlNode *a)
{
  g_autofree char *href = dup_attribute (a, "href");
  g_autofree char *tags = dup_attribute (a, "tags");
  g_autofree char *private = dup_attribute (a, "private");
  g_autofree char *feed = dup_attribute (a, "feedurl");
  g_autofree char *added = dup_attribute (a, "add_date");
  g_autofree char *modified = dup_attribute (a, "last_modified");
  KennisRecord *record;

  reader->last = NULL;
  if (href != NULL)
    g_strstrip (href);
  /* Bookmarklets, Firefox's place: queries and live feeds are not pages. */
  if (!kennis_url_is_web (href) || feed != NULL)
    return;

  record = kennis_record_new (KENNIS_ENTRY_KIND_LINK);
  record->url = g_steal_pointer (&href);
  record->title = dup_title (a);
  if (*record->title == '\0')
    {
      g_free (record->title);
      record->title = g_strdup (record->url);
    }
  record->created_at = parse_date (added);
  record->updated_at = parse_date (modified);
  if (record->updated_at < record->created_at)
    record->updated_at = record->created_at;

  for (guint i = 0; i < reader->folders->len; i++)
    if (reader->folders->pdata[i] != NULL)
      kennis_record_add_tag (record, reader->folders->pdata[i]);
  add_tags (record, tags);

  /* Only a bookmark marked as not private is for everyone: without the
   * mark, as in a browser's file, it stays "Only me". */
  if (private != NULL && !parse_flag (private))
    kennis_record_add_audience (record, reader->public_name);

  g_ptr_array_add (reader->set->entries, record);
  reader->last = record;
  reader->n_links++;
}

/* Folders the browser keeps for itself say nothing about a bookmark. */
static char *
dup_folder_name (xmlNode *h3)
{
  g_autofree char *toolbar = dup_attribute (h3, "personal_toolbar_folder");
  g_autofree char *unfiled = dup_attribute (h3, "unfiled_bookmarks_folder");
  char *name;

  if (parse_flag (toolbar) || parse_flag (unfiled))
    return NULL;
  name = dup_title (h3);
  if (*name == '\0')
    g_clear_pointer (&name, g_free);
  return name;
}

static void
walk (Reader  *reader,
      xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (is_element (node, "a"))
        read_link (reader, node);
      else if (is_element (node, "h3"))
        {
          g_free (reader->next_folder);
          reader->next_folder = dup_folder_name (node);
          reader->last = NULL;
        }
      else if (is_element (node, "dd"))
        {
          if (reader->last != NULL && reader->last->body == NULL)
            reader->last->body = dup_description (node);
          reader->last = NULL;
        }

      if (is_element (node, "dl"))
        {
          g_ptr_array_add (reader->folders, g_steal_pointer (&reader->next_folder));
          walk (reader, node->children);
          g_ptr_array_remove_index (reader->folders, reader->folders->len - 1);
          reader->last = NULL;
        }
      else
        walk (reader, node->children);
    }
}

/**
 * kennis_bookmarks_format_read:
 * @display_name: the file's name, for messages
 *
 * Folders become tags, `TAGS` too; `PRIVATE="0"` makes a bookmark Public,
 * anything else keeps it "Only me"; `ADD_DATE` and `LAST_MODIFIED` are kept
 * and `<DD>` becomes the body.
 *
 * Returns: (transfer full): the bookmarks, or %NULL when the file holds
 *   none
 */
KennisRecordSet *
kennis_bookmarks_format_read (GBytes      *data,
                              const char  *display_name,
                              GError     **error)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { set, folders, NULL, NULL, NULL, 0 };
  gsize length = 0;
  const char *text = g_bytes_get_data (data, &length);
  g_autofree char *utf8 = NULL;
  htmlDocPtr doc;

  /* Decoded first: libxml2 reads undeclared bytes as Latin-1, and one
   * stray byte in a file that says UTF-8 makes it read the rest as Latin-1.
   * Old exports without a <meta> were written in Windows-1252. */
  utf8 = kennis_link_info_decode_html (text != NULL ? text : "", length, NULL, "WINDOWS-1252");
  if (strlen (utf8) > G_MAXINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is too large to import."), display_name);
      return NULL;
    }
  doc = htmlReadMemory (utf8, (int)strlen (utf8), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
  reader.public_name = kennis_record_set_add_audience (set, KENNIS_AUDIENCE_PUBLIC, NULL);
  if (doc != NULL)
    walk (&reader, xmlDocGetRootElement (doc));
  g_free (reader.next_folder);
  xmlFreeDoc (doc);

  if (reader.n_links == 0 && (length < 9 || g_ascii_strncasecmp (text, "<!DOCTYPE", 9) != 0 ||
                              g_strstr_len (text, length, "NETSCAPE-Bookmark-file") == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a bookmark file: it holds no web addresses."), display_name);
      return NULL;
    }
  return g_steal_pointer (&set);
}

/* --- Writing ----------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

/* In HREF the characters that would end the attribute or a tag are
 * percent-encoded, and "&" is written as "&amp;", as HTML wants: an HTML
 * parser would otherwise read "&amp;" or "&reg;" in an address as a
 * character. */
static void
append_url (GString    *out,
            const char *url)
{
  for (const char *p = url; *p != '\0'; p++)
    {
      if (*p == '&')
        g_string_append (out, "&amp;");
      else if (*p == '"')
        g_string_append (out, "%22");
      else if (*p == '<')
        g_string_append (out, "%3C");
      else if (*p == '>')
        g_string_append (out, "%3E");
      else
        g_string_append_c (out, *p);
    }
}

static gboolean
is_public (KennisRecordSet *set,
           KennisRecord    *record)
{
  for (guint i = 0; i < set->audiences->len; i++)
    {
      KennisRecordAudience *audience = g_ptr_array_index (set->audiences, i);

      if (g_strcmp0 (audience->key, KENNIS_AUDIENCE_PUBLIC) == 0)
        return g_strv_contains ((const char * const *)record->audiences, audience->name);
    }
  return FALSE;
}

static void
append_link (GString         *out,
             KennisRecordSet *set,
             KennisRecord    *record)
{
  g_string_append (out, "<DT><A HREF=\"");
  append_url (out, record->url);
  g_string_append_printf (out, "\" ADD_DATE=\"%" G_GINT64_FORMAT "\" LAST_MODIFIED=\"%" G_GINT64_FORMAT "\""
                          " PRIVATE=\"%d\" TAGS=\"",
                          record->created_at / G_USEC_PER_SEC, record->updated_at / G_USEC_PER_SEC,
                          is_public (set, record) ? 0 : 1);
  for (guint i = 0; record->tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strdelimit (g_strdup (record->tags[i]), ",", ' ');

      if (i > 0)
        g_string_append_c (out, ',');
      append_escaped (out, tag);
    }
  g_string_append (out, "\">");
  append_escaped (out, record->title != NULL && *record->title != '\0' ? record->title : record->url);
  g_string_append (out, "</A>\n");
  if (record->body != NULL && *record->body != '\0')
    {
      g_string_append (out, "<DD>");
      append_escaped (out, record->body);
      g_string_append_c (out, '\n');
    }
}

/**
 * kennis_bookmarks_format_write:
 *
 * Writes the links of @set (notes have no address and are left out).
 *
 * Returns: (transfer full): the file, UTF-8
 */
GBytes *
kennis_bookmarks_format_write (KennisRecordSet *set)
{
  GString *out = g_string_sized_new (1024 + set->entries->len * 256);

  g_string_append (out,
                   "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
                   "<!-- This is an automatically generated file.\n"
                   "     It will be read and overwritten.\n"
                   "     DO NOT EDIT! -->\n"
                   "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n"
                   "<TITLE>Bookmarks</TITLE>\n"
                   "<H1>Bookmarks</H1>\n"
                   "<DL><p>\n");
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);

      if (kennis_url_is_web (record->url))
        append_link (out, set, record);
    }
  g_string_append (out, "</DL><p>\n");

  return g_string_free_to_bytes (out);
}
