/* fuzz-feeds.c — libFuzzer target: the Atom, RSS and JSON feeds of any posts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever a post holds (title, HTML, text, tags, URL, language, slug, and
 * dates from year 1 to 9999), the feeds Kennis writes must be documents
 * their readers accept: Atom and RSS well-formed XML that libxml2 parses
 * without recovering, JSON Feed valid JSON. Anything else aborts.
 *
 * The input is a list of fields separated by 0x1f (the ASCII unit
 * separator): the site's title, author, base URL and language, then seven
 * fields a post (title, html, text, tags separated by ',', url, language,
 * slug) followed by one field whose bytes give its dates; at most four
 * posts. Missing fields are NULL, so short inputs test those too.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libxml/parser.h>

#include "kennis-feed-writer.h"

#define SEPARATOR  '\x1f'
#define MAX_POSTS  4
#define POST_FIELDS 8

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what GDateTime holds. */
#define FIRST_SECOND G_GINT64_CONSTANT (-62135596800)
#define LAST_SECOND  G_GINT64_CONSTANT (253402300799)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Field @n of @fields, or NULL when the input has fewer. */
static const char *
field (GPtrArray *fields,
       guint      n)
{
  return n < fields->len ? g_ptr_array_index (fields, n) : NULL;
}

static GDateTime *
date_from_bytes (const char *bytes,
                 guint       skip)
{
  guint64 value = 0;
  gsize length;

  if (bytes == NULL)
    return NULL;
  length = strlen (bytes);
  if (length <= skip)
    return NULL;
  for (gsize i = skip; i < length && i < skip + 8; i++)
    value = value << 8 | (guchar) bytes[i];
  return g_date_time_new_from_unix_utc (FIRST_SECOND + (gint64) (value % (guint64) (LAST_SECOND - FIRST_SECOND + 1)));
}

static void
post_free (gpointer data)
{
  KennisPost *post = data;

  g_free (post->id);
  g_free (post->title);
  g_free (post->html);
  g_free (post->text);
  g_free (post->url);
  g_free (post->slug);
  g_free (post->language);
  g_strfreev (post->tags);
  g_clear_pointer (&post->published, g_date_time_unref);
  g_clear_pointer (&post->updated, g_date_time_unref);
  g_free (post);
}

static void
silence (void       *context,
         const char *message,
         ...)
{
}

static void
check_xml (const char *document)
{
  xmlDocPtr doc;

  if (document == NULL)
    return;
  doc = xmlReadMemory (document, strlen (document), "feed.xml", "UTF-8", XML_PARSE_NONET);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    abort ();
  xmlFreeDoc (doc);
}

static void
check_json (const char *document)
{
  g_autoptr(JsonParser) parser = NULL;

  if (document == NULL)
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, document, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (post_free);
  KennisSiteConfig site = { 0 };
  g_autofree char *atom = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *json = NULL;
  const char *start = input;

  xmlSetGenericErrorFunc (NULL, silence);

  /* g_strndup() stops at a NUL byte; the fields are what comes before. */
  for (;;)
    {
      const char *end = strchr (start, SEPARATOR);

      g_ptr_array_add (fields, end ? g_strndup (start, end - start) : g_strdup (start));
      if (end == NULL)
        break;
      start = end + 1;
    }

  site.folder = (char *) "/nonexistent";
  site.title = (char *) field (fields, 0);
  site.author = (char *) field (fields, 1);
  site.base_url = (char *) field (fields, 2);
  site.language = (char *) field (fields, 3);

  for (guint i = 4; i < fields->len && posts->len < MAX_POSTS; i += POST_FIELDS)
    {
      KennisPost *post = g_new0 (KennisPost, 1);
      const char *tags = field (fields, i + 3);
      const char *dates = field (fields, i + 7);

      post->id = g_strdup_printf ("6f1d8a2c-0000-4000-8000-%012u", posts->len);
      post->title = g_strdup (field (fields, i));
      post->html = g_strdup (field (fields, i + 1));
      post->text = g_strdup (field (fields, i + 2));
      post->tags = tags != NULL ? g_strsplit (tags, ",", -1) : NULL;
      post->url = g_strdup (field (fields, i + 4));
      /* Never NULL in a KennisPost, but it may be anything else. */
      post->language = g_strdup (field (fields, i + 5) ? field (fields, i + 5) : "");
      post->slug = g_strdup (field (fields, i + 6));
      post->published = date_from_bytes (dates, 0);
      post->updated = date_from_bytes (dates, 8);
      g_ptr_array_add (posts, post);
    }

  atom = kennis_feed_write_atom (&site, posts, NULL);
  rss = kennis_feed_write_rss (&site, posts, NULL);
  json = kennis_feed_write_json (&site, posts, NULL);
  /* Every post has an id, so none of them may refuse. */
  if (atom == NULL || rss == NULL || json == NULL)
    abort ();

  check_xml (atom);
  check_xml (rss);
  check_json (json);

  return 0;
}
