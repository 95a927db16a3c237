/* kennis-feed-writer.c — Atom, RSS and JSON Feed documents from posts
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libxml/xmlwriter.h>

#include "kennis-feed-writer.h"
#include "kennis-slug.h"

/* The date part of every tag: URI (RFC 4151) Kennis mints. It is fixed on
 * purpose: an id must never change, not when the entry is edited, re-shared
 * or moved, and not when the year turns. 2026 is the year Kennis started
 * minting these names. */
#define TAG_DATE "2026"

/* A host that can never belong to anyone (RFC 2606), for sites without a
 * base URL. */
#define FALLBACK_HOST "kennis.invalid"

/* What an empty feed says it was last updated: a feed needs an updated date
 * even with nothing in it, and a fixed one does not change on every export. */
#define EMPTY_FEED_YEAR 2026

/* What kennis_slug_from_title() answers for a title with nothing in it
 * that can be written in ASCII. */
#define TAG_FALLBACK_SLUG "entry"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define DC_NS   "http://purl.org/dc/elements/1.1/"
#define JSON_FEED_VERSION "https://jsonfeed.org/version/1.1"

static const char * const week_days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Device names Windows will not create a file for, with any extension. */
static const char * const reserved_names[] = {
  "con", "prn", "aux", "nul",
  "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
  "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
};

static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD
         || (c >= 0x20 && c <= 0xD7FF)
         || (c >= 0xE000 && c <= 0xFFFD)
         || (c >= 0x10000 && c <= 0x10FFFF);
}

/**
 * kennis_feed_clean_text:
 * @text: (nullable): any text
 *
 * Makes @text valid UTF-8 and drops every character XML 1.0 does not allow
 * (most C0 controls, U+FFFE, U+FFFF, lone surrogates). libxml2 drops a whole
 * text node that holds one of them, so every string goes through here before
 * it is written into a feed or a page.
 *
 * Returns: (transfer full): the cleaned text, never %NULL
 */
char *
kennis_feed_clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (p = valid; *p != '\0';)
    {
      const char *next;
      gunichar c;

      /* Plain ASCII is the common case: copy runs of it at once. */
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x80)
        {
          const char *run = p;

          while ((guchar) *p >= 0x20 && (guchar) *p < 0x80)
            p++;
          g_string_append_len (out, run, p - run);
          continue;
        }

      c = g_utf8_get_char (p);
      next = g_utf8_next_char (p);
      if (is_xml_char (c))
        g_string_append_len (out, p, next - p);
      p = next;
    }

  return g_string_free (out, FALSE);
}

/* Lowercase ASCII letters and digits, and '_' when @keep_underscore; every
 * other run of bytes becomes one '-', none at either end. */
static char *
slugify (const char *text,
         gboolean    keep_underscore)
{
  GString *out = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = text ? text : ""; *p != '\0' && out->len < 100; p++)
    {
      char c = g_ascii_tolower (*p);

      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (keep_underscore && c == '_'))
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          g_string_append_c (out, c);
          dash = FALSE;
        }
      else
        dash = TRUE;
    }

  return g_string_free (out, FALSE);
}

/* Takes @slug; returns it, or a safe variant of it. */
static char *
avoid_reserved_name (char *slug)
{
  for (guint i = 0; i < G_N_ELEMENTS (reserved_names); i++)
    if (strcmp (slug, reserved_names[i]) == 0)
      {
        char *safe = g_strconcat (slug, "-", NULL);

        g_free (slug);
        return safe;
      }
  return slug;
}

/**
 * kennis_feed_post_slug:
 * @post: a post
 *
 * The file name of @post's page, without ".html": its slug, reduced to
 * lowercase ASCII letters, digits, '-' and '_' so that no title character
 * and no path separator ever reaches the file system, and never a name
 * Windows reserves.
 *
 * Returns: (transfer full): the slug, never empty
 */
char *
kennis_feed_post_slug (const KennisPost *post)
{
  char *slug = slugify (post->slug, TRUE);

  if (*slug == '\0')
    {
      g_autofree char *from_id = g_strconcat ("post-", post->id ? post->id : "", NULL);

      g_free (slug);
      slug = slugify (from_id, TRUE);
    }
  return avoid_reserved_name (slug);
}

/**
 * kennis_feed_tag_slug:
 * @tag: a tag name
 *
 * The file name of @tag's page, without ".html": kennis_slug_from_title(),
 * so lowercase ASCII letters, digits and '-' ("Café" is "cafe"). Tags that
 * differ only in what that drops (case, "C#" and "C++") share a page. A tag
 * with nothing that can be written in ASCII (Arabic, Chinese, emoji) gets a
 * name from a hash of its case-folded text instead of the slug's generic
 * fallback, so such tags do not all share one page.
 *
 * Returns: (transfer full): the slug, never empty
 */
char *
kennis_feed_tag_slug (const char *tag)
{
  char *slug = kennis_slug_from_title (tag);
  g_autofree char *plain = slugify (tag, FALSE);

  if (strcmp (slug, TAG_FALLBACK_SLUG) == 0 && strcmp (plain, TAG_FALLBACK_SLUG) != 0)
    {
      g_autofree char *valid = g_utf8_make_valid (tag ? tag : "", -1);
      g_autofree char *folded = g_utf8_casefold (valid, -1);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, folded, -1);

      g_free (slug);
      slug = g_strdup_printf ("tag-%.10s", hash);
    }
  return slug;
}

/* The base URL with exactly one '/' at the end, or "" when there is none. */
static char *
base_url (const KennisSiteConfig *site)
{
  g_autofree char *clean = kennis_feed_clean_text (site->base_url);

  g_strstrip (clean);
  if (*clean == '\0')
    return g_strdup ("");
  if (g_str_has_suffix (clean, "/"))
    return g_steal_pointer (&clean);
  return g_strconcat (clean, "/", NULL);
}

/**
 * kennis_feed_site_url:
 * @site: the site
 * @path: a path inside the site, e.g. "posts/x.html" or "" for the home page
 *
 * Returns: (transfer full): the absolute URL of @path, or @path itself when
 *   the site has no base URL ("index.html" for the home page)
 */
char *
kennis_feed_site_url (const KennisSiteConfig *site,
                      const char             *path)
{
  g_autofree char *base = base_url (site);

  if (*base == '\0')
    return g_strdup (*path != '\0' ? path : "index.html");
  return g_strconcat (base, path, NULL);
}

char *
kennis_feed_post_url (const KennisSiteConfig *site,
                      const KennisPost       *post)
{
  g_autofree char *slug = kennis_feed_post_slug (post);
  g_autofree char *path = g_strconcat ("posts/", slug, ".html", NULL);

  return kennis_feed_site_url (site, path);
}

/* The host for tag: URIs: the base URL's, when it is a plain DNS name. */
static char *
tag_authority (const KennisSiteConfig *site,
               char                  **path_out)
{
  g_autofree char *base = base_url (site);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  if (path_out != NULL)
    *path_out = g_strdup ("/");
  if (*base != '\0')
    uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      host = g_ascii_strdown (g_uri_get_host (uri), -1);
      for (const char *p = host; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
          {
            /* Not a DNS name (an IP literal, or a percent-encoded host). */
            g_clear_pointer (&host, g_free);
            break;
          }
    }
  /* host is freed on return: an empty one ("https:///x") was freed twice. */
  if (host == NULL || *host == '\0' || *host == '.')
    return g_strdup (FALLBACK_HOST);

  if (path_out != NULL && *g_uri_get_path (uri) != '\0')
    {
      GString *path = g_string_new (NULL);

      /* Keep only characters a tag: URI's specific part may hold as-is. */
      for (const char *p = g_uri_get_path (uri); *p != '\0'; p++)
        if (g_ascii_isalnum (*p) || strchr ("-._~/%", *p) != NULL)
          g_string_append_c (path, *p);
      g_free (*path_out);
      *path_out = g_string_free (path, FALSE);
    }
  return g_steal_pointer (&host);
}

/**
 * kennis_feed_entry_id:
 * @site: the site
 * @post: a post
 *
 * A stable id for @post in every feed: `tag:<host>,2026:entry/<uuid>`, with
 * the host of the base URL (or "kennis.invalid" without one). It depends on
 * nothing an edit changes.
 *
 * Returns: (transfer full): the id
 */
char *
kennis_feed_entry_id (const KennisSiteConfig *site,
                      const KennisPost       *post)
{
  g_autofree char *host = tag_authority (site, NULL);
  g_autofree char *specific = slugify (post->id != NULL && *post->id != '\0' ? post->id : post->slug,
                                       FALSE);

  return g_strdup_printf ("tag:%s," TAG_DATE ":entry/%s", host, specific);
}

static char *
feed_id (const KennisSiteConfig *site)
{
  g_autofree char *path = NULL;
  g_autofree char *host = tag_authority (site, &path);

  return g_strdup_printf ("tag:%s," TAG_DATE ":feed%s", host, path);
}

/**
 * kennis_feed_format_rfc3339:
 * @date: (nullable): a time in any zone
 *
 * Returns: (transfer full): @date in UTC as `2026-05-01T10:00:00Z`; Atom
 *   validators reject what g_date_time_format_iso8601() writes ("+02",
 *   microseconds)
 */
char *
kennis_feed_format_rfc3339 (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return g_strdup_printf ("%d-01-01T00:00:00Z", EMPTY_FEED_YEAR);
  utc = g_date_time_to_utc (date);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/**
 * kennis_feed_format_rfc822:
 * @date: (nullable): a time in any zone
 *
 * Returns: (transfer full): @date in GMT as `Fri, 01 May 2026 10:00:00 GMT`,
 *   with English names whatever the locale (`%a` and `%b` are localised)
 */
char *
kennis_feed_format_rfc822 (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    utc = g_date_time_new_utc (EMPTY_FEED_YEAR, 1, 1, 0, 0, 0);
  else
    utc = g_date_time_to_utc (date);
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          week_days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/**
 * kennis_feed_language:
 * @language: (nullable): a language tag
 *
 * Returns: (nullable): @language when it has the shape of a language tag
 *   (letters, then '-'-separated groups of up to 8 letters or digits), so
 *   it can go into xml:lang and lang attributes; %NULL otherwise
 */
const char *
kennis_feed_language (const char *language)
{
  const char *p = language;
  guint n = 0;

  if (language == NULL || *language == '\0')
    return NULL;

  for (; g_ascii_isalpha (*p); p++)
    if (++n > 8)
      return NULL;
  if (n == 0)
    return NULL;
  while (*p == '-')
    {
      p++;
      for (n = 0; g_ascii_isalnum (*p); p++)
        if (++n > 8)
          return NULL;
      if (n == 0)
        return NULL;
    }
  return *p == '\0' ? language : NULL;
}

/**
 * kennis_feed_url_is_safe:
 * @url: (nullable): a web address a user typed
 *
 * Returns: whether @url may become a link: http, https or mailto only
 */
gboolean
kennis_feed_url_is_safe (const char *url)
{
  const char *scheme = url != NULL ? g_uri_peek_scheme (url) : NULL;

  return scheme != NULL
         && (strcmp (scheme, "http") == 0 || strcmp (scheme, "https") == 0
             || strcmp (scheme, "mailto") == 0);
}

static const char *
non_empty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static char *
site_title (const KennisSiteConfig *site)
{
  g_autofree char *title = kennis_feed_clean_text (site->title);

  if (*g_strstrip (title) == '\0')
    return g_strdup ("Kennis");
  return g_steal_pointer (&title);
}

/* Who wrote the feed: a feed needs an author; without a name, the site's. */
static char *
site_author (const KennisSiteConfig *site)
{
  g_autofree char *author = kennis_feed_clean_text (site->author);

  if (*g_strstrip (author) == '\0')
    return site_title (site);
  return g_steal_pointer (&author);
}

static GDateTime *
post_updated (const KennisPost *post)
{
  return post->updated != NULL ? post->updated : post->published;
}

static GDateTime *
post_published (const KennisPost *post)
{
  return post->published != NULL ? post->published : post->updated;
}

/* The newest change of any post; posts come newest-published first, but an
 * older post may have been edited last. */
static GDateTime *
feed_updated (GPtrArray *posts)
{
  GDateTime *newest = NULL;

  for (guint i = 0; i < posts->len; i++)
    {
      GDateTime *updated = post_updated (g_ptr_array_index (posts, i));

      if (updated != NULL && (newest == NULL || g_date_time_compare (updated, newest) > 0))
        newest = updated;
    }
  return newest;
}

/* The HTML a feed carries: a link post's address first, then the body. */
static char *
content_html (const KennisPost *post)
{
  g_autofree char *html = kennis_feed_clean_text (post->html);
  g_autofree char *url = NULL;
  g_autofree char *escaped = NULL;

  if (non_empty (post->url) == NULL)
    return g_steal_pointer (&html);

  url = kennis_feed_clean_text (post->url);
  escaped = g_markup_escape_text (url, -1);
  if (kennis_feed_url_is_safe (url))
    return g_strdup_printf ("<p><a href=\"%s\">%s</a></p>\n%s", escaped, escaped, html);
  return g_strdup_printf ("<p>%s</p>\n%s", escaped, html);
}

static gboolean
check_input (const KennisSiteConfig *site,
             GPtrArray              *posts,
             GError                **error)
{
  for (guint i = 0; i < posts->len; i++)
    {
      const KennisPost *post = g_ptr_array_index (posts, i);

      if (post == NULL || non_empty (post->id) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A post without an id cannot go into a feed."));
          return FALSE;
        }
    }
  return TRUE;
}

/* --- XML ---------------------------------------------------------------- */

typedef struct
{
  xmlBufferPtr     buffer;
  xmlTextWriterPtr writer;
  gboolean         failed;
} Xml;

static void
xml_open (Xml *xml)
{
  xml->buffer = xmlBufferCreate ();
  xml->writer = xmlNewTextWriterMemory (xml->buffer, 0);
  xml->failed = xml->writer == NULL;
  if (!xml->failed)
    {
      xmlTextWriterSetIndent (xml->writer, 1);
      xmlTextWriterSetIndentString (xml->writer, BAD_CAST "  ");
      xml->failed = xmlTextWriterStartDocument (xml->writer, "1.0", "UTF-8", NULL) < 0;
    }
}

static char *
xml_close (Xml     *xml,
           GError **error)
{
  char *text = NULL;

  if (!xml->failed)
    xml->failed = xmlTextWriterEndDocument (xml->writer) < 0;
  g_clear_pointer (&xml->writer, xmlFreeTextWriter);  /* flushes into the buffer */
  if (!xml->failed)
    text = g_strdup ((const char *) xmlBufferContent (xml->buffer));
  xmlBufferFree (xml->buffer);
  if (text == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the feed."));
  return text;
}

static void
xml_start (Xml        *xml,
           const char *name)
{
  if (!xml->failed)
    xml->failed = xmlTextWriterStartElement (xml->writer, BAD_CAST name) < 0;
}

static void
xml_end (Xml *xml)
{
  if (!xml->failed)
    xml->failed = xmlTextWriterEndElement (xml->writer) < 0;
}

static void
xml_attr (Xml        *xml,
          const char *name,
          const char *value)
{
  g_autofree char *clean = kennis_feed_clean_text (value);

  if (!xml->failed)
    xml->failed = xmlTextWriterWriteAttribute (xml->writer, BAD_CAST name, BAD_CAST clean) < 0;
}

static void
xml_text (Xml        *xml,
          const char *text)
{
  g_autofree char *clean = kennis_feed_clean_text (text);

  if (!xml->failed)
    xml->failed = xmlTextWriterWriteString (xml->writer, BAD_CAST clean) < 0;
}

static void
xml_element (Xml        *xml,
             const char *name,
             const char *text)
{
  xml_start (xml, name);
  xml_text (xml, text);
  xml_end (xml);
}

static void
xml_link (Xml        *xml,
          const char *name,
          const char *rel,
          const char *type,
          const char *href)
{
  xml_start (xml, name);
  if (rel != NULL)
    xml_attr (xml, "rel", rel);
  if (type != NULL)
    xml_attr (xml, "type", type);
  xml_attr (xml, "href", href);
  xml_end (xml);
}

/* --- Atom --------------------------------------------------------------- */

/**
 * kennis_feed_write_atom:
 * @site: the site
 * @posts: (element-type KennisPost): the posts, newest first
 * @error: return location for an error
 *
 * Writes an Atom 1.0 feed (RFC 4287) of every post in @posts.
 *
 * Returns: (transfer full): the feed document, UTF-8
 */
char *
kennis_feed_write_atom (const KennisSiteConfig *site,
                        GPtrArray              *posts,
                        GError                **error)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *self = NULL;
  g_autofree char *home = NULL;
  const char *language;
  Xml xml;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (posts != NULL, NULL);

  if (!check_input (site, posts, error))
    return NULL;

  base = base_url (site);
  id = feed_id (site);
  title = site_title (site);
  author = site_author (site);
  updated = kennis_feed_format_rfc3339 (feed_updated (posts));
  self = kennis_feed_site_url (site, KENNIS_FEED_ATOM_FILE);
  home = kennis_feed_site_url (site, "");
  language = kennis_feed_language (site->language);

  xml_open (&xml);
  xml_start (&xml, "feed");
  xml_attr (&xml, "xmlns", ATOM_NS);
  if (language != NULL)
    xml_attr (&xml, "xml:lang", language);
  /* Relative links inside the HTML content resolve against the site. */
  if (*base != '\0')
    xml_attr (&xml, "xml:base", base);

  xml_element (&xml, "id", id);
  xml_element (&xml, "title", title);
  xml_element (&xml, "updated", updated);
  xml_start (&xml, "author");
  xml_element (&xml, "name", author);
  xml_end (&xml);
  xml_link (&xml, "link", "self", "application/atom+xml", self);
  xml_link (&xml, "link", "alternate", "text/html", home);
  xml_element (&xml, "generator", "Kennis");

  for (guint i = 0; i < posts->len && !xml.failed; i++)
    {
      const KennisPost *post = g_ptr_array_index (posts, i);
      g_autofree char *entry_id = kennis_feed_entry_id (site, post);
      g_autofree char *entry_updated = kennis_feed_format_rfc3339 (post_updated (post));
      g_autofree char *entry_published = kennis_feed_format_rfc3339 (post_published (post));
      g_autofree char *page = kennis_feed_post_url (site, post);
      g_autofree char *html = content_html (post);
      const char *entry_language = kennis_feed_language (post->language);

      xml_start (&xml, "entry");
      if (entry_language != NULL)
        xml_attr (&xml, "xml:lang", entry_language);
      xml_element (&xml, "id", entry_id);
      xml_start (&xml, "title");
      xml_attr (&xml, "type", "text");
      xml_text (&xml, post->title);
      xml_end (&xml);
      xml_element (&xml, "updated", entry_updated);
      xml_element (&xml, "published", entry_published);
      xml_link (&xml, "link", "alternate", "text/html", page);
      if (kennis_feed_url_is_safe (post->url))
        xml_link (&xml, "link", "related", NULL, post->url);
      for (guint t = 0; post->tags != NULL && post->tags[t] != NULL; t++)
        {
          g_autofree char *tag = kennis_feed_clean_text (post->tags[t]);

          if (*tag == '\0')
            continue;
          xml_start (&xml, "category");
          xml_attr (&xml, "term", tag);
          xml_end (&xml);
        }
      xml_start (&xml, "content");
      xml_attr (&xml, "type", "html");
      xml_text (&xml, html);
      xml_end (&xml);
      xml_end (&xml);
    }

  xml_end (&xml);
  return xml_close (&xml, error);
}

/* --- RSS ---------------------------------------------------------------- */

/**
 * kennis_feed_write_rss:
 * @site: the site
 * @posts: (element-type KennisPost): the posts, newest first
 * @error: return location for an error
 *
 * Writes an RSS 2.0 feed of every post in @posts; guids are the same tag:
 * ids the Atom feed uses, so they are not permalinks.
 *
 * Returns: (transfer full): the feed document, UTF-8
 */
char *
kennis_feed_write_rss (const KennisSiteConfig *site,
                       GPtrArray              *posts,
                       GError                **error)
{
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *self = NULL;
  g_autofree char *home = NULL;
  const char *language;
  Xml xml;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (posts != NULL, NULL);

  if (!check_input (site, posts, error))
    return NULL;

  title = site_title (site);
  author = site_author (site);
  updated = kennis_feed_format_rfc822 (feed_updated (posts));
  self = kennis_feed_site_url (site, KENNIS_FEED_RSS_FILE);
  home = kennis_feed_site_url (site, "");
  language = kennis_feed_language (site->language);

  xml_open (&xml);
  xml_start (&xml, "rss");
  xml_attr (&xml, "version", "2.0");
  xml_attr (&xml, "xmlns:atom", ATOM_NS);
  xml_attr (&xml, "xmlns:dc", DC_NS);
  xml_start (&xml, "channel");
  xml_element (&xml, "title", title);
  xml_element (&xml, "link", home);
  xml_element (&xml, "description", title);
  if (language != NULL)
    xml_element (&xml, "language", language);
  xml_element (&xml, "lastBuildDate", updated);
  xml_element (&xml, "generator", "Kennis");
  xml_link (&xml, "atom:link", "self", "application/rss+xml", self);

  for (guint i = 0; i < posts->len && !xml.failed; i++)
    {
      const KennisPost *post = g_ptr_array_index (posts, i);
      g_autofree char *entry_id = kennis_feed_entry_id (site, post);
      g_autofree char *published = kennis_feed_format_rfc822 (post_published (post));
      g_autofree char *page = kennis_feed_post_url (site, post);
      g_autofree char *html = content_html (post);

      xml_start (&xml, "item");
      xml_element (&xml, "title", post->title);
      xml_element (&xml, "link", page);
      xml_element (&xml, "description", html);
      xml_start (&xml, "guid");
      xml_attr (&xml, "isPermaLink", "false");
      xml_text (&xml, entry_id);
      xml_end (&xml);
      xml_element (&xml, "pubDate", published);
      xml_element (&xml, "dc:creator", author);
      for (guint t = 0; post->tags != NULL && post->tags[t] != NULL; t++)
        {
          g_autofree char *tag = kennis_feed_clean_text (post->tags[t]);

          if (*tag != '\0')
            xml_element (&xml, "category", tag);
        }
      xml_end (&xml);
    }

  xml_end (&xml);
  xml_end (&xml);
  return xml_close (&xml, error);
}

/* --- JSON Feed ---------------------------------------------------------- */

static void
json_member (JsonBuilder *builder,
             const char  *name,
             const char  *value)
{
  g_autofree char *clean = kennis_feed_clean_text (value);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, clean);
}

/**
 * kennis_feed_write_json:
 * @site: the site
 * @posts: (element-type KennisPost): the posts, newest first
 * @error: return location for an error
 *
 * Writes a JSON Feed 1.1 of every post in @posts.
 *
 * Returns: (transfer full): the feed document, UTF-8
 */
char *
kennis_feed_write_json (const KennisSiteConfig *site,
                        GPtrArray              *posts,
                        GError                **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  const char *language;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (posts != NULL, NULL);

  if (!check_input (site, posts, error))
    return NULL;

  base = base_url (site);
  title = site_title (site);
  author = site_author (site);
  language = kennis_feed_language (site->language);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_member (builder, "version", JSON_FEED_VERSION);
  json_member (builder, "title", title);
  /* Both must be absolute: without a base URL they are left out. */
  if (*base != '\0')
    {
      g_autofree char *feed_url = kennis_feed_site_url (site, KENNIS_FEED_JSON_FILE);

      json_member (builder, "home_page_url", base);
      json_member (builder, "feed_url", feed_url);
    }
  if (language != NULL)
    json_member (builder, "language", language);
  json_builder_set_member_name (builder, "authors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_member (builder, "name", author);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < posts->len; i++)
    {
      const KennisPost *post = g_ptr_array_index (posts, i);
      g_autofree char *entry_id = kennis_feed_entry_id (site, post);
      g_autofree char *published = kennis_feed_format_rfc3339 (post_published (post));
      g_autofree char *modified = kennis_feed_format_rfc3339 (post_updated (post));
      g_autofree char *page = kennis_feed_post_url (site, post);
      g_autofree char *html = content_html (post);
      const char *entry_language = kennis_feed_language (post->language);

      json_builder_begin_object (builder);
      json_member (builder, "id", entry_id);
      json_member (builder, "url", page);
      if (kennis_feed_url_is_safe (post->url))
        json_member (builder, "external_url", post->url);
      json_member (builder, "title", post->title);
      json_member (builder, "content_html", html);
      json_member (builder, "content_text", post->text);
      json_member (builder, "date_published", published);
      json_member (builder, "date_modified", modified);
      if (entry_language != NULL)
        json_member (builder, "language", entry_language);
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint t = 0; post->tags != NULL && post->tags[t] != NULL; t++)
        {
          g_autofree char *tag = kennis_feed_clean_text (post->tags[t]);

          if (*tag != '\0')
            json_builder_add_string_value (builder, tag);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
