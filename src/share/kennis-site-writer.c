/* kennis-site-writer.c — a static blog with feeds, written into a folder
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kennis-feed-writer.h"
#include "kennis-site-writer.h"

/* How much of a post's text the index and tag pages show. */
#define EXCERPT_CHARS 200

/* Pages allow no script at all; styles only from style.css; images from
 * anywhere, because notes link to them. */
#define CONTENT_SECURITY_POLICY \
  "default-src 'none'; style-src 'self'; img-src * data:; media-src *; " \
  "base-uri 'none'; form-action 'none'"

typedef struct
{
  const KennisSiteConfig *config;
  GPtrArray              *posts;
  GPtrArray              *written;
  GCancellable           *cancellable;
  char                   *title;      /* clean, not escaped */
  const char             *language;   /* valid, or "und" */
  GHashTable             *tag_slugs;  /* tag → its page's slug; tags repeat a lot */

  /* A full export renders and writes pages on worker threads; tag_slugs
   * is only read then (collect_tags() filled it first). */
  GMutex                  lock;       /* guards written and error */
  GError                 *error;      /* the first failure of a worker */
  gint                    failed;     /* atomic: stop starting new pages */
} Site;

/* The posts that share one tag page: tags whose slugs are equal. */
typedef struct
{
  GPtrArray *names;   /* char *, as first written */
  GPtrArray *posts;   /* const KennisPost *, newest first */
} TagPage;

static const char style_css[] =
  ":root {\n"
  "  color-scheme: light dark;\n"
  "  --text: #1f1f1f;\n"
  "  --muted: #5e5c64;\n"
  "  --background: #ffffff;\n"
  "  --accent: #1c71d8;\n"
  "  --line: #deddda;\n"
  "}\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  :root {\n"
  "    --text: #f6f5f4;\n"
  "    --muted: #c0bfbc;\n"
  "    --background: #1e1e1e;\n"
  "    --accent: #78aeed;\n"
  "    --line: #3d3846;\n"
  "  }\n"
  "}\n"
  "body {\n"
  "  margin: 0 auto;\n"
  "  max-width: 42rem;\n"
  "  padding: 1rem;\n"
  "  font-family: system-ui, sans-serif;\n"
  "  line-height: 1.6;\n"
  "  color: var(--text);\n"
  "  background: var(--background);\n"
  "  overflow-wrap: break-word;\n"
  "}\n"
  "a { color: var(--accent); }\n"
  "header.site { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }\n"
  "header.site a { color: var(--text); font-weight: bold; text-decoration: none; }\n"
  "ul.posts { list-style: none; padding: 0; }\n"
  "ul.posts li { margin-bottom: 1.5rem; }\n"
  "ul.posts h2 { font-size: 1.2rem; margin: 0; }\n"
  ".meta, .excerpt, footer { color: var(--muted); }\n"
  ".meta { font-size: 0.9rem; }\n"
  ".link { font-size: 1.1rem; font-weight: bold; }\n"
  ".content img { max-width: 100%; height: auto; }\n"
  ".content pre { overflow-x: auto; }\n"
  "nav.pages { display: flex; justify-content: space-between; gap: 1rem; }\n"
  "footer { border-top: 1px solid var(--line); margin-top: 2rem; font-size: 0.9rem; }\n";

static void
tag_page_free (gpointer data)
{
  TagPage *page = data;

  g_ptr_array_unref (page->names);
  g_ptr_array_unref (page->posts);
  g_free (page);
}

static void
site_clear (Site *site)
{
  g_clear_pointer (&site->title, g_free);
  g_clear_pointer (&site->tag_slugs, g_hash_table_unref);
  g_clear_error (&site->error);
  g_mutex_clear (&site->lock);
}

static const char *
tag_slug (Site       *site,
          const char *tag)
{
  char *slug = g_hash_table_lookup (site->tag_slugs, tag);

  if (slug == NULL)
    {
      slug = kennis_feed_tag_slug (tag);
      g_hash_table_insert (site->tag_slugs, g_strdup (tag), slug);
    }
  return slug;
}

static void
site_init (Site                   *site,
           const KennisSiteConfig *config,
           GPtrArray              *posts,
           GPtrArray              *written,
           GCancellable           *cancellable)
{
  site->config = config;
  site->posts = posts;
  site->written = written;
  site->cancellable = cancellable;
  g_mutex_init (&site->lock);
  site->tag_slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  site->title = kennis_feed_clean_text (config->title);
  g_strstrip (site->title);
  if (*site->title == '\0')
    {
      g_free (site->title);
      site->title = g_strdup ("Kennis");
    }
  site->language = kennis_feed_language (config->language);
  if (site->language == NULL)
    site->language = "und";
}

/* Appends @text as HTML text or attribute value: cleaned, then escaped.
 * The same as g_markup_escape_text (kennis_feed_clean_text (text)), in
 * one pass without copies for valid UTF-8, which is nearly all text;
 * pages list thousands of titles, tags and URLs. */
static void
append_escaped (GString    *out,
                const char *text)
{
  const char *p;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *clean = kennis_feed_clean_text (text);
      g_autofree char *escaped = g_markup_escape_text (clean, -1);

      g_string_append (out, escaped);
      return;
    }

  for (p = text; *p != '\0';)
    {
      const char *run = p;
      gunichar c;

      /* Printable ASCII that needs no escaping: copy runs of it at once. */
      while ((guchar) *p >= 0x20 && (guchar) *p < 0x7f
             && *p != '&' && *p != '<' && *p != '>' && *p != '\'' && *p != '"')
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;

      c = g_utf8_get_char (p);
      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\'':
          g_string_append (out, "&apos;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\t':
        case '\n':
        case '\r':
          g_string_append_c (out, c);
          break;
        default:
          /* What XML 1.0 forbids is dropped (kennis_feed_clean_text); the
           * C1 controls are written as references (g_markup_escape_text). */
          if (c < 0x20 || c == 0xfffe || c == 0xffff)
            break;
          if ((c >= 0x7f && c <= 0x84) || (c >= 0x86 && c <= 0x9f))
            g_string_append_printf (out, "&#x%x;", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
      p = g_utf8_next_char (p);
    }
}

/* @value, zero-padded to @width digits; @value is never negative here. */
static void
append_number (GString *out,
               int      value,
               int      width)
{
  char digits[16];
  int i = sizeof digits;

  do
    {
      digits[--i] = '0' + value % 10;
      value /= 10;
      width--;
    }
  while ((value > 0 || width > 0) && i > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

/* kennis_feed_format_rfc3339() for the machine, the day where it was
 * written for people; without printf, since every list item has one. */
static void
append_date (GString    *out,
             GDateTime  *date)
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;

  if (date == NULL)
    return;
  utc = g_date_time_get_utc_offset (date) == 0 ? g_date_time_ref (date) : g_date_time_to_utc (date);
  g_date_time_get_ymd (utc, &year, &month, &day);
  g_string_append (out, "<time datetime=\"");
  append_number (out, year, 4);
  g_string_append_c (out, '-');
  append_number (out, month, 2);
  g_string_append_c (out, '-');
  append_number (out, day, 2);
  g_string_append_c (out, 'T');
  append_number (out, g_date_time_get_hour (utc), 2);
  g_string_append_c (out, ':');
  append_number (out, g_date_time_get_minute (utc), 2);
  g_string_append_c (out, ':');
  append_number (out, g_date_time_get_second (utc), 2);
  g_string_append (out, "Z\">");
  /* Digits only, so the same in every language. */
  g_date_time_get_ymd (date, &year, &month, &day);
  append_number (out, year, 4);
  g_string_append_c (out, '-');
  append_number (out, month, 2);
  g_string_append_c (out, '-');
  append_number (out, day, 2);
  g_string_append (out, "</time>");
}

/* The post's language when it differs from the page's, as an attribute. */
static void
append_lang (GString    *out,
             const char *language,
             const char *page_language)
{
  const char *valid = kennis_feed_language (language);

  if (valid != NULL && g_ascii_strcasecmp (valid, page_language) != 0)
    g_string_append_printf (out, " lang=\"%s\"", valid);
}

/* A link post's address, prominent; only http, https and mailto become
 * links, anything else is shown as text. */
static void
append_link_url (GString          *out,
                 const KennisPost *post)
{
  if (post->url == NULL || *post->url == '\0')
    return;

  g_string_append (out, "<p class=\"link\">");
  if (kennis_feed_url_is_safe (post->url))
    {
      g_string_append (out, "<a href=\"");
      append_escaped (out, post->url);
      g_string_append (out, "\" rel=\"noopener noreferrer\">");
      append_escaped (out, post->url);
      g_string_append (out, "</a>");
    }
  else
    append_escaped (out, post->url);
  g_string_append (out, "</p>\n");
}

static void
append_tags (GString          *out,
             Site             *site,
             const KennisPost *post,
             const char       *root)
{
  gboolean first = TRUE;

  for (guint i = 0; post->tags != NULL && post->tags[i] != NULL; i++)
    {
      const char *slug;

      if (*post->tags[i] == '\0')
        continue;
      slug = tag_slug (site, post->tags[i]);
      g_string_append (out, first ? "<a href=\"" : ", <a href=\"");
      g_string_append (out, root);
      g_string_append (out, "tags/");
      g_string_append (out, slug);
      g_string_append (out, ".html\" rel=\"tag\">");
      append_escaped (out, post->tags[i]);
      g_string_append (out, "</a>");
      first = FALSE;
    }
}

static gboolean
has_tags (const KennisPost *post)
{
  for (guint i = 0; post->tags != NULL && post->tags[i] != NULL; i++)
    if (*post->tags[i] != '\0')
      return TRUE;
  return FALSE;
}

/* The head of every page; @root leads back to the site's folder ("" or
 * "../"); @title is plain text. */
static void
page_begin (GString    *out,
            Site       *site,
            const char *root,
            const char *language,
            const char *title,
            const char *path)
{
  g_string_append_printf (out,
                          "<!DOCTYPE html>\n"
                          "<html lang=\"%s\">\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                          "<meta name=\"generator\" content=\"Kennis\">\n"
                          "<title>",
                          language, CONTENT_SECURITY_POLICY);
  append_escaped (out, title);
  g_string_append_printf (out, "</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">\n", root);
  if (site->config->base_url != NULL && *site->config->base_url != '\0')
    {
      g_autofree char *canonical = kennis_feed_site_url (site->config, path);

      g_string_append (out, "<link rel=\"canonical\" href=\"");
      append_escaped (out, canonical);
      g_string_append (out, "\">\n");
    }
  g_string_append_printf (out, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"%s" KENNIS_FEED_ATOM_FILE "\">\n", root);
  g_string_append_printf (out, "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"%s" KENNIS_FEED_RSS_FILE "\">\n", root);
  g_string_append_printf (out, "<link rel=\"alternate\" type=\"application/feed+json\" title=\"JSON Feed\" href=\"%s" KENNIS_FEED_JSON_FILE "\">\n", root);
  g_string_append_printf (out, "</head>\n<body>\n<header class=\"site\"><p><a href=\"%sindex.html\" dir=\"auto\">", root);
  append_escaped (out, site->title);
  g_string_append (out, "</a></p></header>\n<main>\n");
}

static void
page_end (GString    *out,
          const char *root)
{
  g_string_append_printf (out,
                          "</main>\n<footer><p>%s "
                          "<a href=\"%s" KENNIS_FEED_ATOM_FILE "\">Atom</a> · "
                          "<a href=\"%s" KENNIS_FEED_RSS_FILE "\">RSS</a> · "
                          "<a href=\"%s" KENNIS_FEED_JSON_FILE "\">JSON Feed</a></p></footer>\n"
                          "</body>\n</html>\n",
                          _("Follow this site:"), root, root, root);
}

/* The first EXCERPT_CHARS characters of the post's text. */
static void
append_excerpt (GString          *out,
                const KennisPost *post)
{
  g_autofree char *head = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *escaped = NULL;
  const char *end;
  guint n = 0;

  if (post->text == NULL || *post->text == '\0')
    return;

  /* At most four bytes a character: never read more than is shown. */
  head = g_strndup (post->text, EXCERPT_CHARS * 4);
  clean = kennis_feed_clean_text (head);
  for (end = clean; *end != '\0' && n < EXCERPT_CHARS; end = g_utf8_next_char (end))
    n++;
  escaped = g_markup_escape_text (clean, end - clean);
  g_string_append (out, "<p class=\"excerpt\">");
  g_string_append (out, escaped);
  if (*end != '\0' || post->text[strlen (head)] != '\0')
    g_string_append (out, "…");
  g_string_append (out, "</p>\n");
}

/* One post in a list on an index or tag page, which live at the root and in
 * tags/ respectively. */
static void
append_list_item (GString          *out,
                  Site             *site,
                  const KennisPost *post,
                  const char       *root)
{
  g_autofree char *slug = kennis_feed_post_slug (post);

  g_string_append (out, "<li dir=\"auto\"");
  append_lang (out, post->language, site->language);
  g_string_append (out, "><h2><a href=\"");
  g_string_append (out, root);
  g_string_append (out, "posts/");
  g_string_append (out, slug);
  g_string_append (out, ".html\">");
  append_escaped (out, post->title);
  g_string_append (out, "</a></h2>\n");
  append_link_url (out, post);
  g_string_append (out, "<p class=\"meta\">");
  append_date (out, post->published != NULL ? post->published : post->updated);
  if (has_tags (post))
    {
      g_string_append (out, " · ");
      append_tags (out, site, post, root);
    }
  g_string_append (out, "</p>\n");
  append_excerpt (out, post);
  g_string_append (out, "</li>\n");
}

static char *
render_post (Site             *site,
             const KennisPost *post,
             const char       *path)
{
  GString *out = g_string_sized_new (4096 + (post->html ? strlen (post->html) : 0));
  g_autofree char *title = kennis_feed_clean_text (post->title);
  g_autofree char *head_title = g_strdup_printf ("%s — %s", title, site->title);
  const char *language = kennis_feed_language (post->language);

  page_begin (out, site, "../", language ? language : site->language, head_title, path);
  g_string_append (out, "<article dir=\"auto\">\n<h1>");
  append_escaped (out, post->title);
  g_string_append (out, "</h1>\n");
  append_link_url (out, post);
  g_string_append_printf (out, "<p class=\"meta\">%s ", _("Published"));
  append_date (out, post->published != NULL ? post->published : post->updated);
  if (post->published != NULL && post->updated != NULL
      && g_date_time_compare (post->updated, post->published) > 0)
    {
      g_string_append_printf (out, " · %s ", _("Updated"));
      append_date (out, post->updated);
    }
  g_string_append (out, "</p>\n<div class=\"content\">\n");
  /* Safe HTML from the Markdown renderer, cleaned of characters no
   * document may hold. */
  if (post->html != NULL)
    {
      g_autofree char *html = kennis_feed_clean_text (post->html);

      g_string_append (out, html);
    }
  g_string_append (out, "\n</div>\n");
  if (has_tags (post))
    {
      g_string_append_printf (out, "<p class=\"tags\">%s: ", _("Tags"));
      append_tags (out, site, post, "../");
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</article>\n");
  page_end (out, "../");
  return g_string_free (out, FALSE);
}

/* The index shows the newest posts; older ones are on archive pages
 * counted from the oldest, so that a new post changes the index and the
 * newest archive page, not every page of a large site. */
static guint
n_archive_pages (Site *site)
{
  guint n = site->posts->len;

  if (n <= KENNIS_SITE_POSTS_PER_PAGE)
    return 0;
  return (n - 1) / KENNIS_SITE_POSTS_PER_PAGE;
}

/* Page 0 is the index; archive pages are 1 (the oldest) and up. */
static char *
index_page_name (guint page)
{
  if (page == 0)
    return g_strdup ("index.html");
  return g_strdup_printf ("page-%u.html", page);
}

/* Which page lists the post at @position in the newest-first list. */
static guint
page_of_position (Site  *site,
                  guint  position)
{
  if (position < KENNIS_SITE_POSTS_PER_PAGE)
    return 0;
  return (site->posts->len - 1 - position) / KENNIS_SITE_POSTS_PER_PAGE + 1;
}

/* The positions page @page lists, from @first up to before @end. */
static void
page_positions (Site  *site,
                guint  page,
                guint *first,
                guint *end)
{
  guint n = site->posts->len;

  if (page == 0)
    {
      *first = 0;
      *end = MIN (n, KENNIS_SITE_POSTS_PER_PAGE);
      return;
    }
  *first = n - MIN (page * KENNIS_SITE_POSTS_PER_PAGE, n - KENNIS_SITE_POSTS_PER_PAGE);
  *end = n - (page - 1) * KENNIS_SITE_POSTS_PER_PAGE;
}

static void
append_page_link (GString    *out,
                  guint       page,
                  const char *rel,
                  const char *label)
{
  g_autofree char *name = index_page_name (page);

  g_string_append_printf (out, "<a href=\"%s\" rel=\"%s\">%s</a>\n", name, rel, label);
}

static char *
render_index (Site  *site,
              guint  page)
{
  GString *out = g_string_sized_new (16384);
  guint n_archive = n_archive_pages (site);
  g_autofree char *name = index_page_name (page);
  g_autofree char *head_title = NULL;
  /* Translators: an older page of the list of posts; 1 is the oldest. */
  g_autofree char *archive_page = g_strdup_printf (_("Archive, page %u"), page);
  guint first, end;

  if (page == 0)
    head_title = g_strdup (site->title);
  else
    head_title = g_strdup_printf ("%s — %s", site->title, archive_page);

  page_begin (out, site, "", site->language, head_title, page == 0 ? "" : name);
  g_string_append (out, "<h1 dir=\"auto\">");
  append_escaped (out, site->title);
  g_string_append (out, "</h1>\n");
  if (site->posts->len == 0)
    g_string_append_printf (out, "<p>%s</p>\n", _("No posts yet."));
  else
    {
      page_positions (site, page, &first, &end);
      g_string_append (out, "<ul class=\"posts\">\n");
      for (guint i = first; i < end; i++)
        append_list_item (out, site, g_ptr_array_index (site->posts, i), "");
      g_string_append (out, "</ul>\n");
    }

  if (n_archive > 0)
    {
      g_string_append (out, "<nav class=\"pages\">\n");
      if (page > 0)
        {
          append_page_link (out, page == n_archive ? 0 : page + 1, "prev", _("Newer posts"));
          g_string_append_printf (out, "<span>%s</span>\n", archive_page);
        }
      if (page == 0)
        append_page_link (out, n_archive, "next", _("Older posts"));
      else if (page > 1)
        append_page_link (out, page - 1, "next", _("Older posts"));
      g_string_append (out, "</nav>\n");
    }
  page_end (out, "");
  return g_string_free (out, FALSE);
}

static char *
render_tag (Site       *site,
            const char *slug,
            TagPage    *tag)
{
  GString *out = g_string_sized_new (16384);
  g_autofree char *path = g_strconcat ("tags/", slug, ".html", NULL);
  g_autofree char *names = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *head_title = NULL;

  g_ptr_array_add (tag->names, NULL);
  names = g_strjoinv (", ", (char **) tag->names->pdata);
  g_ptr_array_remove_index (tag->names, tag->names->len - 1);
  /* Translators: the heading of a page that lists the posts with one tag;
   * %s is the tag. */
  heading = g_strdup_printf (_("Posts tagged “%s”"), names);
  head_title = g_strdup_printf ("%s — %s", heading, site->title);

  page_begin (out, site, "../", site->language, head_title, path);
  g_string_append (out, "<h1 dir=\"auto\">");
  append_escaped (out, heading);
  g_string_append (out, "</h1>\n<ul class=\"posts\">\n");
  for (guint i = 0; i < tag->posts->len; i++)
    append_list_item (out, site, g_ptr_array_index (tag->posts, i), "../");
  g_string_append (out, "</ul>\n");
  page_end (out, "../");
  return g_string_free (out, FALSE);
}

/* --- Files ------------------------------------------------------------- */

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Writes @data to @folder/@name (folder "" is the site's root) unless the
 * file already holds exactly that. Atomic: the page goes to a temporary
 * file that is renamed over the old one, so a reader, an interrupted
 * export or a crash sees the old page or the new one, never half of one.
 *
 * The temporary file is synced before it replaces a page that exists
 * (CONSISTENT with ONLY_EXISTING): without that, a crash could leave an
 * empty file where a good page was. A page that did not exist before has
 * nothing to lose, so it is not synced; the next export writes it again
 * if a crash emptied it, since it then differs. Plain CONSISTENT (like
 * DURABLE) syncs the file and its folder for every page, also a new one:
 * in GLib 2.74 that is two fsync() calls per file, most of the time a
 * full export of 10,000 posts took. */
static gboolean
write_file (Site        *site,
            const char  *folder,
            const char  *name,
            const char  *data,
            GError     **error)
{
  g_autofree char *path = g_build_filename (site->config->folder, folder, name, NULL);
  g_autofree char *old = NULL;
  gsize old_length = 0;
  gsize length = strlen (data);

  if (g_cancellable_set_error_if_cancelled (site->cancellable, error))
    return FALSE;

  if (g_file_get_contents (path, &old, &old_length, NULL)
      && old_length == length && memcmp (old, data, length) == 0)
    return TRUE;

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0644, error))
    return FALSE;

  if (site->written != NULL)
    {
      g_mutex_lock (&site->lock);
      g_ptr_array_add (site->written,
                       *folder != '\0' ? g_strconcat (folder, "/", name, NULL) : g_strdup (name));
      g_mutex_unlock (&site->lock);
    }
  return TRUE;
}

static gboolean
remove_file (Site        *site,
             const char  *folder,
             const char  *name,
             GError     **error)
{
  g_autofree char *path = g_build_filename (site->config->folder, folder, name, NULL);

  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not remove “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_folders (Site    *site,
                 GError **error)
{
  g_autofree char *posts = g_build_filename (site->config->folder, "posts", NULL);
  g_autofree char *tags = g_build_filename (site->config->folder, "tags", NULL);

  return make_folder (site->config->folder, error)
         && make_folder (posts, error)
         && make_folder (tags, error);
}

/* Two posts must never share a page; slugs are meant to be unique, and
 * this refuses to overwrite one post's page with another's. With @only,
 * checks just that post's slug. */
static gboolean
check_slugs (Site              *site,
             const KennisPost  *only,
             GError           **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *only_slug = only != NULL ? kennis_feed_post_slug (only) : NULL;

  if (only != NULL)
    g_hash_table_insert (seen, g_strdup (only_slug), (gpointer) only);

  for (guint i = 0; i < site->posts->len; i++)
    {
      const KennisPost *post = g_ptr_array_index (site->posts, i);
      g_autofree char *slug = NULL;
      const KennisPost *other;

      /* Checking one slug against 10,000 posts: a slug starts with the
       * first letter, digit or '_' of post->slug, lowercased, so most
       * posts need no slug made. Without one it comes from the id. */
      if (only != NULL)
        {
          const char *p = post->slug != NULL ? post->slug : "";

          while (*p != '\0' && !g_ascii_isalnum (*p) && *p != '_')
            p++;
          if (*p != '\0' && g_ascii_tolower (*p) != only_slug[0])
            continue;
        }
      slug = kennis_feed_post_slug (post);
      other = g_hash_table_lookup (seen, slug);
      if (other != NULL && g_strcmp0 (other->id, post->id) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Two posts would have the same page “%s”."), slug);
          return FALSE;
        }
      if (only == NULL)
        g_hash_table_insert (seen, g_steal_pointer (&slug), (gpointer) post);
    }
  return TRUE;
}

static gboolean
write_post_page (Site              *site,
                 const KennisPost  *post,
                 GError           **error)
{
  g_autofree char *slug = kennis_feed_post_slug (post);
  g_autofree char *name = g_strconcat (slug, ".html", NULL);
  g_autofree char *path = g_strconcat ("posts/", name, NULL);
  g_autofree char *html = render_post (site, post, path);

  return write_file (site, "posts", name, html, error);
}

static gboolean
index_page_exists (Site  *site,
                   guint  page)
{
  g_autofree char *name = index_page_name (page);
  g_autofree char *path = g_build_filename (site->config->folder, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The archive pages that can change when @post is shared, @first to
 * @last (the index is always looked at). An edit that leaves the post
 * where it was changes its page only; a new post changes the pages from
 * its own to the newest, which for a new post is one or two; a post
 * that moved or a site that shrank needs them all. */
static void
index_pages_to_update (Site             *site,
                       const KennisPost *post,
                       guint            *first,
                       guint            *last)
{
  g_autofree char *slug = kennis_feed_post_slug (post);
  g_autofree char *link = g_strdup_printf ("<a href=\"posts/%s.html\">", slug);
  g_autofree char *post_file = g_strdup_printf ("%s.html", slug);
  g_autofree char *post_path = g_build_filename (site->config->folder, "posts", post_file, NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *old = NULL;
  guint n_archive = n_archive_pages (site);
  guint page = G_MAXUINT;

  *first = 1;
  *last = n_archive;
  for (guint i = 0; i < site->posts->len && page == G_MAXUINT; i++)
    if (g_strcmp0 (((KennisPost *) g_ptr_array_index (site->posts, i))->id, post->id) == 0)
      page = page_of_position (site, i);
  if (page == G_MAXUINT || index_page_exists (site, n_archive + 1))
    return;

  if (!g_file_test (post_path, G_FILE_TEST_EXISTS))
    {
      /* From its page up, each page starts one post later; the page
       * before the newest links to a newest page that may be new. */
      if (n_archive > 0)
        *first = MAX (1, MIN (page == 0 ? n_archive : page, n_archive - 1));
      return;
    }

  name = index_page_name (page);
  path = g_build_filename (site->config->folder, name, NULL);
  if (g_file_get_contents (path, &old, NULL, NULL) && strstr (old, link) != NULL
      && (n_archive == 0 || index_page_exists (site, n_archive)))
    {
      *first = MAX (page, 1);
      *last = page;
    }
}

/* Writes the index and archive pages @first to @last, each only when its
 * content changes. */
static gboolean
write_index_pages (Site    *site,
                   guint    first,
                   guint    last,
                   GError **error)
{
  for (guint page = first; page <= last; page++)
    {
      g_autofree char *file = index_page_name (page);
      g_autofree char *html = render_index (site, page);

      if (!write_file (site, "", file, html, error))
        return FALSE;
    }
  return TRUE;
}

/* Removes archive pages past the newest one. */
static gboolean
remove_extra_index_pages (Site    *site,
                          GError **error)
{
  guint n_archive = n_archive_pages (site);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (site->config->folder, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *digits = name + strlen ("page-");
      char *end = NULL;
      guint64 page;

      if (!g_str_has_prefix (name, "page-") || !g_ascii_isdigit (*digits))
        continue;
      page = g_ascii_strtoull (digits, &end, 10);
      if (strcmp (end, ".html") != 0 || (page >= 1 && page <= n_archive))
        continue;
      if (!remove_file (site, "", name, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes the index and archive pages @first to @last where their content
 * changes, and removes archive pages past the newest. */
static gboolean
write_index (Site    *site,
             guint    first,
             guint    last,
             GError **error)
{
  return write_index_pages (site, 0, 0, error)
         && write_index_pages (site, MAX (first, 1), MIN (last, n_archive_pages (site)), error)
         && remove_extra_index_pages (site, error);
}

/* The tag pages, by slug; with @only_slugs, just those. */
static GHashTable *
collect_tags (Site       *site,
              GHashTable *only_slugs)
{
  GHashTable *pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tag_page_free);

  for (guint i = 0; i < site->posts->len; i++)
    {
      const KennisPost *post = g_ptr_array_index (site->posts, i);

      for (guint t = 0; post->tags != NULL && post->tags[t] != NULL; t++)
        {
          const char *slug;
          TagPage *page;

          if (*post->tags[t] == '\0')
            continue;
          slug = tag_slug (site, post->tags[t]);
          if (only_slugs != NULL && !g_hash_table_contains (only_slugs, slug))
            continue;

          page = g_hash_table_lookup (pages, slug);
          if (page == NULL)
            {
              page = g_new0 (TagPage, 1);
              page->names = g_ptr_array_new_with_free_func (g_free);
              page->posts = g_ptr_array_new ();
              g_hash_table_insert (pages, g_strdup (slug), page);
            }
          /* A post with "Rust" and "rust" is listed once. */
          if (page->posts->len == 0 || g_ptr_array_index (page->posts, page->posts->len - 1) != post)
            g_ptr_array_add (page->posts, (gpointer) post);

          {
            gboolean known = FALSE;

            for (guint n = 0; n < page->names->len && !known; n++)
              known = g_utf8_collate (g_ptr_array_index (page->names, n), post->tags[t]) == 0;
            if (!known && page->names->len < 5)
              g_ptr_array_add (page->names, kennis_feed_clean_text (post->tags[t]));
          }
        }
    }
  return pages;
}

static gboolean
write_tag_pages (Site        *site,
                 GHashTable  *pages,
                 GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strconcat (key, ".html", NULL);
      g_autofree char *html = render_tag (site, key, value);

      if (!write_file (site, "tags", name, html, error))
        return FALSE;
    }
  return TRUE;
}

/* --- A full export on worker threads ----------------------------------- */

/* Rendering and writing 10,000 pages is most of a full export, and each
 * page is independent of the others, so two threads share the work. */
#define EXPORT_THREADS   2
#define EXPORT_CHUNK    64   /* posts or index pages a job writes */

typedef enum
{
  JOB_POSTS,
  JOB_INDEX,
  JOB_TAG,
} JobKind;

typedef struct
{
  JobKind     kind;
  guint       first;   /* JOB_POSTS: posts [first, last); */
  guint       last;    /* JOB_INDEX: pages first to last */
  const char *slug;    /* JOB_TAG */
  TagPage    *tag;
} Job;

static void
site_fail (Site   *site,
           GError *error)
{
  g_mutex_lock (&site->lock);
  if (site->error == NULL)
    site->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&site->lock);
  g_atomic_int_set (&site->failed, TRUE);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autofree Job *job = data;
  Site *site = user_data;
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (job->kind)
    {
    case JOB_POSTS:
      for (guint i = job->first; ok && i < job->last && !g_atomic_int_get (&site->failed); i++)
        ok = write_post_page (site, g_ptr_array_index (site->posts, i), &error);
      break;
    case JOB_INDEX:
      if (!g_atomic_int_get (&site->failed))
        ok = write_index_pages (site, job->first, job->last, &error);
      break;
    case JOB_TAG:
      if (!g_atomic_int_get (&site->failed))
        {
          g_autofree char *name = g_strconcat (job->slug, ".html", NULL);
          g_autofree char *html = render_tag (site, job->slug, job->tag);

          ok = write_file (site, "tags", name, html, &error);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    site_fail (site, error);
}

static void
push_job (GThreadPool *pool,
          JobKind      kind,
          guint        first,
          guint        last,
          const char  *slug,
          TagPage     *tag)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->first = first;
  job->last = last;
  job->slug = slug;
  job->tag = tag;
  g_thread_pool_push (pool, job, NULL);
}

/* Writes every post page, index page and tag page of @tags, on worker
 * threads; returns when all are written or one failed. */
static gboolean
write_pages_in_parallel (Site        *site,
                         GHashTable  *tags,
                         GError     **error)
{
  GThreadPool *pool = g_thread_pool_new (run_job, site, EXPORT_THREADS, TRUE, error);
  guint n_pages = n_archive_pages (site) + 1;
  GHashTableIter iter;
  gpointer key, value;

  if (pool == NULL)
    return FALSE;

  /* The biggest jobs first, so that neither thread is left with one at
   * the end. */
  g_hash_table_iter_init (&iter, tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    push_job (pool, JOB_TAG, 0, 0, key, value);
  for (guint page = 0; page < n_pages; page += EXPORT_CHUNK)
    push_job (pool, JOB_INDEX, page, MIN (page + EXPORT_CHUNK, n_pages) - 1, NULL, NULL);
  for (guint i = 0; i < site->posts->len; i += EXPORT_CHUNK)
    push_job (pool, JOB_POSTS, i, MIN (i + EXPORT_CHUNK, site->posts->len), NULL, NULL);

  g_thread_pool_free (pool, FALSE, TRUE);

  if (site->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&site->error));
      return FALSE;
    }
  return TRUE;
}

/* Rewrites the pages of the tags with @slugs; a tag no post has any more
 * loses its page. */
static gboolean
update_tags (Site        *site,
             GHashTable  *slugs,
             GError     **error)
{
  g_autoptr(GHashTable) pages = collect_tags (site, slugs);
  GHashTableIter iter;
  gpointer key;

  if (!write_tag_pages (site, pages, error))
    return FALSE;

  g_hash_table_iter_init (&iter, slugs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (pages, key))
      {
        g_autofree char *name = g_strconcat (key, ".html", NULL);

        if (!remove_file (site, "tags", name, error))
          return FALSE;
      }
  return TRUE;
}

static void
add_tag_slugs (Site               *site,
               GHashTable         *slugs,
               const char * const *tags)
{
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (*tags[i] != '\0')
      g_hash_table_add (slugs, g_strdup (tag_slug (site, tags[i])));
}

static gboolean
write_feeds (Site    *site,
             GError **error)
{
  g_autoptr(GPtrArray) newest = g_ptr_array_new ();
  g_autofree char *atom = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < site->posts->len && i < KENNIS_SITE_FEED_ITEMS; i++)
    g_ptr_array_add (newest, g_ptr_array_index (site->posts, i));

  if ((atom = kennis_feed_write_atom (site->config, newest, error)) == NULL
      || (rss = kennis_feed_write_rss (site->config, newest, error)) == NULL
      || (json = kennis_feed_write_json (site->config, newest, error)) == NULL)
    return FALSE;

  return write_file (site, "", KENNIS_FEED_ATOM_FILE, atom, error)
         && write_file (site, "", KENNIS_FEED_RSS_FILE, rss, error)
         && write_file (site, "", KENNIS_FEED_JSON_FILE, json, error);
}

/* Removes the pages in @folder that no longer belong to anything in
 * @keep (slugs). Only "*.html" files: nothing else there is ours. */
static gboolean
remove_stale (Site        *site,
              const char  *folder,
              GHashTable  *keep,
              GError     **error)
{
  g_autofree char *path = g_build_filename (site->config->folder, folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *slug = NULL;

      if (!g_str_has_suffix (name, ".html"))
        continue;
      slug = g_strndup (name, strlen (name) - strlen (".html"));
      if (!g_hash_table_contains (keep, slug))
        g_ptr_array_add (stale, g_strdup (name));
    }
  for (guint i = 0; i < stale->len; i++)
    if (!remove_file (site, folder, g_ptr_array_index (stale, i), error))
      return FALSE;
  return TRUE;
}

/* --- Public API --------------------------------------------------------- */

/**
 * kennis_site_write_all_full:
 * @site: the site
 * @posts: (element-type KennisPost): every post of the site, newest first
 * @written: (nullable) (element-type utf8): collects the files written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes the whole site into @site->folder: style.css, every post page,
 * the index pages, every tag page and the three feeds, and removes pages of
 * posts and tags that are no longer there. Files whose content does not
 * change are left alone.
 *
 * Returns: %TRUE on success
 */
gboolean
kennis_site_write_all_full (const KennisSiteConfig *config,
                            GPtrArray              *posts,
                            GPtrArray              *written,
                            GCancellable           *cancellable,
                            GError                **error)
{
  Site site = { 0 };
  g_autoptr(GHashTable) tags = NULL;
  g_autoptr(GHashTable) post_slugs = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (config != NULL && config->folder != NULL && *config->folder != '\0', FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);

  site_init (&site, config, posts, written, cancellable);
  if (!check_slugs (&site, NULL, error) || !prepare_folders (&site, error))
    goto out;

  if (!write_file (&site, "", "style.css", style_css, error))
    goto out;

  /* Before the threads start: this fills site.tag_slugs with every tag. */
  tags = collect_tags (&site, NULL);
  if (!write_pages_in_parallel (&site, tags, error))
    goto out;

  post_slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < posts->len; i++)
    g_hash_table_add (post_slugs, kennis_feed_post_slug (g_ptr_array_index (posts, i)));

  ok = remove_extra_index_pages (&site, error)
       && write_feeds (&site, error)
       && remove_stale (&site, "posts", post_slugs, error)
       && remove_stale (&site, "tags", tags, error);

out:
  site_clear (&site);
  return ok;
}

gboolean
kennis_site_write_all (const KennisSiteConfig *config,
                       GPtrArray              *posts,
                       GCancellable           *cancellable,
                       GError                **error)
{
  return kennis_site_write_all_full (config, posts, NULL, cancellable, error);
}

/**
 * kennis_site_write_post_full:
 * @site: the site
 * @posts: (element-type KennisPost): every post of the site, newest first,
 *   @changed among them
 * @changed: the post that was added or edited
 * @old_tags: (nullable): its tags before the edit
 * @written: (nullable) (element-type utf8): collects the files written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Updates the site after one post was shared or edited: its page, the
 * index pages and the pages of its old and new tags (each only when its
 * content changes), and the feeds.
 *
 * Returns: %TRUE on success
 */
gboolean
kennis_site_write_post_full (const KennisSiteConfig *config,
                             GPtrArray              *posts,
                             const KennisPost       *changed,
                             const char * const     *old_tags,
                             GPtrArray              *written,
                             GCancellable           *cancellable,
                             GError                **error)
{
  Site site = { 0 };
  g_autoptr(GHashTable) slugs = NULL;
  guint first, last;
  gboolean ok = FALSE;

  g_return_val_if_fail (config != NULL && config->folder != NULL && *config->folder != '\0', FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);
  g_return_val_if_fail (changed != NULL, FALSE);

  site_init (&site, config, posts, written, cancellable);
  if (!check_slugs (&site, changed, error) || !prepare_folders (&site, error))
    goto out;

  slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_tag_slugs (&site, slugs, (const char * const *) changed->tags);
  add_tag_slugs (&site, slugs, old_tags);

  index_pages_to_update (&site, changed, &first, &last);
  ok = write_file (&site, "", "style.css", style_css, error)
       && write_index (&site, first, last, error)
       && write_post_page (&site, changed, error)
       && update_tags (&site, slugs, error)
       && write_feeds (&site, error);

out:
  site_clear (&site);
  return ok;
}

gboolean
kennis_site_write_post (const KennisSiteConfig *config,
                        GPtrArray              *posts,
                        const KennisPost       *changed,
                        const char * const     *old_tags,
                        GCancellable           *cancellable,
                        GError                **error)
{
  return kennis_site_write_post_full (config, posts, changed, old_tags, NULL, cancellable, error);
}

/**
 * kennis_site_remove_post_full:
 * @site: the site
 * @posts: (element-type KennisPost): every post of the site, newest first,
 *   without @removed
 * @removed: the post that is no longer shared
 * @written: (nullable) (element-type utf8): collects the files written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Deletes @removed's page and updates the index pages, its tags' pages
 * (a tag left without posts loses its page) and the feeds.
 *
 * Returns: %TRUE on success
 */
gboolean
kennis_site_remove_post_full (const KennisSiteConfig *config,
                              GPtrArray              *posts,
                              const KennisPost       *removed,
                              GPtrArray              *written,
                              GCancellable           *cancellable,
                              GError                **error)
{
  Site site = { 0 };
  g_autoptr(GHashTable) slugs = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *name = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (config != NULL && config->folder != NULL && *config->folder != '\0', FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);
  g_return_val_if_fail (removed != NULL, FALSE);

  site_init (&site, config, posts, written, cancellable);
  if (!prepare_folders (&site, error))
    goto out;

  slug = kennis_feed_post_slug (removed);
  name = g_strconcat (slug, ".html", NULL);
  slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_tag_slugs (&site, slugs, (const char * const *) removed->tags);

  /* The feeds first: once the page is gone, no feed may point at it. */
  ok = write_feeds (&site, error)
       && remove_file (&site, "posts", name, error)
       && write_index (&site, 1, G_MAXUINT, error)
       && update_tags (&site, slugs, error);

out:
  site_clear (&site);
  return ok;
}

gboolean
kennis_site_remove_post (const KennisSiteConfig *config,
                         GPtrArray              *posts,
                         const KennisPost       *removed,
                         GCancellable           *cancellable,
                         GError                **error)
{
  return kennis_site_remove_post_full (config, posts, removed, NULL, cancellable, error);
}
