/* test-feeds.c — Atom, RSS and JSON Feed, checked by real validators
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "kennis-feed-writer.h"
#include "kennis-share-test.h"
#include "kennis-test-util.h"

typedef char *(*FeedWriter) (const KennisSiteConfig *, GPtrArray *, GError **);

static char *
write_feed (const char             *folder,
            const char             *name,
            FeedWriter              writer,
            const KennisSiteConfig *site,
            GPtrArray              *posts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = writer (site, posts, &error);
  char *path = g_build_filename (folder, name, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Writes all three feeds of @posts and runs every validator over them. */
static void
check_all_feeds (const KennisSiteConfig *site,
                 GPtrArray              *posts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("kennis-feeds-XXXXXX", &error);
  g_autofree char *atom = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  atom = write_feed (folder, "feed.atom", kennis_feed_write_atom, site, posts);
  rss = write_feed (folder, "feed.rss", kennis_feed_write_rss, site, posts);
  json = write_feed (folder, "feed.json", kennis_feed_write_json, site, posts);

  kennis_share_test_validate_atom (atom);
  kennis_share_test_feedparser (atom, "atom10", site, posts);
  kennis_share_test_feedparser (rss, "rss20", site, posts);
  kennis_share_test_feedparser (json, "json11", site, posts);

  kennis_test_remove_tree (folder);
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) date = g_date_time_new (zone, 2026, 5, 1, 12, 0, 7.25);
  g_autofree char *rfc3339 = kennis_feed_format_rfc3339 (date);
  g_autofree char *rfc822 = NULL;
  g_autofree char *empty = kennis_feed_format_rfc3339 (NULL);
  const char *old_locale = setlocale (LC_ALL, NULL);
  g_autofree char *saved = g_strdup (old_locale);

  /* Not "+02", not microseconds: UTC with a Z. */
  g_assert_cmpstr (rfc3339, ==, "2026-05-01T10:00:07Z");
  g_assert_cmpstr (empty, ==, "2026-01-01T00:00:00Z");

  /* English names whatever the locale; a German or Dutch one when the
   * machine has it. */
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    setlocale (LC_ALL, "nl_NL.UTF-8");
  rfc822 = kennis_feed_format_rfc822 (date);
  setlocale (LC_ALL, saved);
  g_assert_cmpstr (rfc822, ==, "Fri, 01 May 2026 10:00:07 GMT");
}

static void
test_clean_text (void)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
    { "plain", "plain" },
    { "a\x01" "b\x0b" "c\x0c" "d\x1f" "e", "abcde" },
    { "tab\there\nnew\rline", "tab\there\nnew\rline" },
    { "keep \xef\xbf\xbd but not \xef\xbf\xbe or \xef\xbf\xbf", "keep \xef\xbf\xbd but not  or " },
    { "emoji 👩‍💻 مرحبا", "emoji 👩‍💻 مرحبا" },
    { "bad \xff byte", "bad \xef\xbf\xbd byte" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = kennis_feed_clean_text (cases[i].in);

      g_assert_cmpstr (clean, ==, cases[i].out);
    }
}

static void
test_ids (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://Intranet.Example:8443/kennis");
  g_autoptr(KennisSiteConfig) bare = kennis_share_test_site (NULL, "");
  g_autoptr(KennisPost) post = kennis_share_test_post (1, NULL, NULL);
  g_autofree char *id = kennis_feed_entry_id (site, post);
  g_autofree char *bare_id = kennis_feed_entry_id (bare, post);
  g_autofree char *url = kennis_feed_post_url (site, post);
  g_autofree char *bare_url = kennis_feed_post_url (bare, post);
  g_autofree char *edited_id = NULL;

  g_assert_cmpstr (id, ==, "tag:intranet.example,2026:entry/0b5c2a7e-1d3f-4c6a-9e21-000000000001");
  g_assert_cmpstr (bare_id, ==, "tag:kennis.invalid,2026:entry/0b5c2a7e-1d3f-4c6a-9e21-000000000001");
  g_assert_cmpstr (url, ==, "https://Intranet.Example:8443/kennis/posts/post-1.html");
  g_assert_cmpstr (bare_url, ==, "posts/post-1.html");

  /* An edit changes title, slug and dates, never the id. */
  g_free (post->title);
  post->title = g_strdup ("Another title");
  g_clear_pointer (&post->updated, g_date_time_unref);
  post->updated = g_date_time_new_utc (2031, 1, 1, 0, 0, 0);
  edited_id = kennis_feed_entry_id (site, post);
  g_assert_cmpstr (edited_id, ==, id);

  /* A host that is no DNS name (an IP literal) or none at all gets the
   * fallback. fuzz-feeds found the first read after free, the second
   * freed twice. */
  {
    const char * const hosts[] = { "https://[::1]/kennis/", "https://intra%20net.example/", "http://a_b/",
                                   "https:///kennis/", "https://./" };

    for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
      {
        g_autoptr(KennisSiteConfig) odd = kennis_share_test_site (NULL, hosts[i]);
        g_autofree char *odd_id = kennis_feed_entry_id (odd, post);

        g_assert_cmpstr (odd_id, ==, "tag:kennis.invalid,2026:entry/0b5c2a7e-1d3f-4c6a-9e21-000000000001");
      }
  }
}

static void
test_slugs (void)
{
  static const struct {
    const char *slug, *page;
  } cases[] = {
    { "hello-world", "hello-world" },
    { "../../etc/passwd", "etc-passwd" },
    { "C:\\Windows\\x", "c-windows-x" },
    { "Über café", "ber-caf" },
    { "con", "con-" },
    { "", "post-0b5c2a7e-1d3f-4c6a-9e21-000000000003" },
  };
  static const struct {
    const char *tag, *page;
  } tags[] = {
    { "Rust", "rust" },
    { "C++", "c" },
    { "<script>", "script" },
    { "Café", "cafe" },
    { "entry", "entry" },
    { "nul", "nul-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KennisPost) post = kennis_share_test_post (3, NULL, NULL);
      g_autofree char *slug = NULL;

      g_free (post->slug);
      post->slug = g_strdup (cases[i].slug);
      slug = kennis_feed_post_slug (post);
      g_assert_cmpstr (slug, ==, cases[i].page);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_autofree char *slug = kennis_feed_tag_slug (tags[i].tag);

      g_assert_cmpstr (slug, ==, tags[i].page);
    }

  /* Tags with nothing to write in ASCII get a stable hashed name, the same
   * for every case of the same word, different for different words. */
  {
    g_autofree char *a = kennis_feed_tag_slug ("Ωμέγα");
    g_autofree char *b = kennis_feed_tag_slug ("ΩΜΈΓΑ");
    g_autofree char *arabic = kennis_feed_tag_slug ("عربي");

    g_assert_true (g_str_has_prefix (arabic, "tag-"));
    g_assert_cmpuint (strlen (arabic), ==, strlen ("tag-") + 10);
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (a, !=, arabic);
  }
}

static void
test_valid_feeds (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/kennis/");
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (5);
  KennisPost *link = g_ptr_array_index (posts, 1);

  link->url = g_strdup ("https://example.org/article");
  check_all_feeds (site, posts);
}

/* Without a base URL the links are relative, but the feeds stay valid. */
static void
test_relative_feeds (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "");
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (3);

  check_all_feeds (site, posts);
}

static void
test_empty_feeds (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/");
  g_autoptr(GPtrArray) posts = g_ptr_array_new ();

  g_free (site->author);
  site->author = g_strdup ("");  /* the feed falls back to the site's title */
  check_all_feeds (site, posts);
}

static void
test_hostile_feeds (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/");
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);

  g_free (site->title);
  site->title = g_strdup ("Site \x0b <b>bold</b> & ]]>");
  g_ptr_array_insert (posts, 1, kennis_share_test_hostile_post (7));
  check_all_feeds (site, posts);
}

/* libxml2 drops a whole text node with U+000B in it; the title must keep
 * everything else. */
static void
test_vertical_tab_keeps_text (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/");
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify) kennis_post_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *rss = NULL;
  xmlDocPtr doc;
  xmlXPathContextPtr context;
  xmlXPathObjectPtr result;

  g_ptr_array_add (posts, kennis_share_test_post (1, "before\x0b" "after", NULL));
  atom = kennis_feed_write_atom (site, posts, &error);
  g_assert_no_error (error);
  rss = kennis_feed_write_rss (site, posts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (rss, "<title>beforeafter</title>"));

  doc = xmlReadMemory (atom, strlen (atom), "feed.atom", NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
  result = xmlXPathEvalExpression (BAD_CAST "string(/a:feed/a:entry/a:title)", context);
  g_assert_cmpstr ((const char *) result->stringval, ==, "beforeafter");
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
}

/* The validator must be able to say no: a feed with a "+02" date and no
 * id fails the schema, and a relative id fails our own rules. */
static void
test_validator_rejects (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("kennis-feeds-XXXXXX", &error);
  g_autofree char *path = g_build_filename (folder, "bad.atom", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "data", "atom.rng", NULL);
  const char *argv[] = { g_getenv ("KENNIS_XMLLINT"), "--noout", "--relaxng", schema, path, NULL };
  static const char bad[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
    "  <title>Bad</title>\n"
    "  <updated>2026-05-01T12:00:00+02</updated>\n"
    "</feed>\n";

  g_assert_no_error (error);
  g_assert_nonnull (argv[0]);
  g_file_set_contents (path, bad, -1, &error);
  g_assert_no_error (error);
  g_assert_false (kennis_share_test_run (argv, NULL));

  /* The schema lets this one through; our rules do not. */
  {
    static const char relative[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      "  <id>/relative</id><title>Bad</title>\n"
      "  <updated>2026-05-01T12:00:00Z</updated>\n"
      "  <author><name>A</name></author>\n"
      "  <link rel=\"self\" href=\"https://x.example/feed.atom\"/>\n"
      "</feed>\n";
    g_autofree char *problem = NULL;

    g_file_set_contents (path, relative, -1, &error);
    g_assert_no_error (error);
    g_assert_true (kennis_share_test_run (argv, NULL));
    problem = kennis_share_test_atom_problem (path);
    g_assert_cmpstr (problem, ==, "id /relative is not absolute");
  }
  kennis_test_remove_tree (folder);
}

static void
test_json_feed (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/kennis/");
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KennisPost *link = g_ptr_array_index (posts, 0);
  JsonObject *root, *item;
  JsonArray *items;

  link->url = g_strdup ("https://example.org/article");
  text = kennis_feed_write_json (site, posts, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "https://jsonfeed.org/version/1.1");
  g_assert_cmpstr (json_object_get_string_member (root, "feed_url"), ==, "https://intranet.example/kennis/feed.json");
  g_assert_cmpstr (json_object_get_string_member (root, "home_page_url"), ==, "https://intranet.example/kennis/");
  g_assert_cmpstr (json_object_get_string_member (root, "language"), ==, "nl");
  items = json_object_get_array_member (root, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);

  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "external_url"), ==, "https://example.org/article");
  g_assert_cmpstr (json_object_get_string_member (item, "url"), ==, "https://intranet.example/kennis/posts/post-2.html");
  g_assert_cmpstr (json_object_get_string_member (item, "content_text"), ==, "Body of post 2 & more.");
  g_assert_nonnull (strstr (json_object_get_string_member (item, "content_html"), "Body of post 2 &amp; more."));
  g_assert_cmpstr (json_object_get_string_member (item, "date_published"), ==, "2026-03-01T11:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (item, "date_modified"), ==, "2026-03-01T11:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (item, "language"), ==, "en");
  g_assert_false (json_object_has_member (json_array_get_object_element (items, 1), "external_url"));
}

/* Dates, link relations and unsafe link URLs in Atom and RSS. */
static void
test_atom_and_rss_details (void)
{
  g_autoptr(KennisSiteConfig) site = kennis_share_test_site (NULL, "https://intranet.example/");
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *rss = NULL;
  KennisPost *oldest = g_ptr_array_index (posts, 2);
  KennisPost *newest = g_ptr_array_index (posts, 0);

  /* The oldest post was edited last: the feed's updated is its date. */
  g_date_time_unref (oldest->updated);
  oldest->updated = g_date_time_new_utc (2026, 4, 2, 8, 0, 0);
  newest->url = g_strdup ("javascript:alert(1)");

  atom = kennis_feed_write_atom (site, posts, &error);
  g_assert_no_error (error);
  rss = kennis_feed_write_rss (site, posts, &error);
  g_assert_no_error (error);

  g_assert_nonnull (strstr (atom, "<updated>2026-04-02T08:00:00Z</updated>\n  <author>"));
  g_assert_nonnull (strstr (atom, "xml:lang=\"nl\""));
  g_assert_nonnull (strstr (atom, "<entry xml:lang=\"en\">"));
  g_assert_nonnull (strstr (atom, "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://intranet.example/feed.atom\"/>"));
  g_assert_nonnull (strstr (atom, "<category term=\"gamma\"/>"));
  g_assert_nonnull (strstr (atom, "<content type=\"html\">&lt;p&gt;javascript:alert(1)&lt;/p&gt;"));
  g_assert_null (strstr (atom, "href=\"javascript:"));
  g_assert_null (strstr (atom, "rel=\"related\""));

  g_assert_nonnull (strstr (rss, "<lastBuildDate>Thu, 02 Apr 2026 08:00:00 GMT</lastBuildDate>"));
  g_assert_nonnull (strstr (rss, "<pubDate>Sun, 01 Mar 2026 12:00:00 GMT</pubDate>"));
  g_assert_nonnull (strstr (rss, "<guid isPermaLink=\"false\">tag:intranet.example,2026:entry/"));
  g_assert_nonnull (strstr (rss, "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"https://intranet.example/feed.rss\"/>"));
  g_assert_nonnull (strstr (rss, "<dc:creator>Anna de Vries</dc:creator>"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feeds/dates", test_dates);
  g_test_add_func ("/feeds/clean-text", test_clean_text);
  g_test_add_func ("/feeds/ids", test_ids);
  g_test_add_func ("/feeds/slugs", test_slugs);
  g_test_add_func ("/feeds/details", test_atom_and_rss_details);
  g_test_add_func ("/feeds/json", test_json_feed);
  g_test_add_func ("/feeds/vertical-tab", test_vertical_tab_keeps_text);
  g_test_add_func ("/feeds/validate/rejects", test_validator_rejects);
  g_test_add_func ("/feeds/validate/valid", test_valid_feeds);
  g_test_add_func ("/feeds/validate/relative", test_relative_feeds);
  g_test_add_func ("/feeds/validate/empty", test_empty_feeds);
  g_test_add_func ("/feeds/validate/hostile", test_hostile_feeds);

  return g_test_run ();
}
