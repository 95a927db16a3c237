/* test-site.c — the static site: files, incremental updates, safety
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>

#include "kennis-feed-writer.h"
#include "kennis-share-test.h"
#include "kennis-site-writer.h"
#include "kennis-test-util.h"

typedef struct
{
  char             *folder;
  KennisSiteConfig *site;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("kennis-site-XXXXXX", &error);

  g_assert_no_error (error);
  /* The site folder does not exist yet: the writer makes it. */
  fixture->folder = g_build_filename (tmp, "site", NULL);
  g_steal_pointer (&tmp);
  fixture->site = kennis_share_test_site (fixture->folder, data != NULL ? data : "https://intranet.example/kennis/");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *tmp = g_path_get_dirname (fixture->folder);

  kennis_test_remove_tree (tmp);
  g_free (fixture->folder);
  kennis_site_config_free (fixture->site);
}

static void
collect_files (const char *root,
               const char *relative,
               GHashTable *files)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child, NULL);
      char *contents = NULL;

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        collect_files (root, child, files);
      else if (g_file_get_contents (child_path, &contents, NULL, NULL))
        g_hash_table_insert (files, g_steal_pointer (&child), contents);
    }
}

/* Every file of the site: relative path → contents. */
static GHashTable *
snapshot (const char *folder)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  collect_files (folder, "", files);
  return files;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @names sorted and joined with spaces, for one readable comparison. */
static char *
join_sorted (GPtrArray *names)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (names, i));
  g_ptr_array_sort (copy, compare_names);
  g_ptr_array_add (copy, NULL);
  return g_strjoinv (" ", (char **) copy->pdata);
}

/* The files whose contents differ between two snapshots, or that exist in
 * only one. */
static char *
changed_files (GHashTable *before,
               GHashTable *after)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (before, key), value) != 0)
      g_ptr_array_add (names, key);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (after, key))
      g_ptr_array_add (names, key);
  return join_sorted (names);
}

static char *
file_names (GHashTable *files)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  return join_sorted (names);
}

static void
write_all (Fixture   *fixture,
           GPtrArray *posts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kennis_site_write_all (fixture->site, posts, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (haystack, -1);

  return strstr (lower, needle) != NULL;
}

/* What every page must have, whatever is in it. */
static void
check_page (const char *name,
            const char *html)
{
  if (!g_str_has_suffix (name, ".html"))
    return;
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\""));
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self';"));
  g_assert_nonnull (strstr (html, "type=\"application/atom+xml\""));
  g_assert_nonnull (strstr (html, "type=\"application/rss+xml\""));
  g_assert_nonnull (strstr (html, "type=\"application/feed+json\""));
  g_assert_false (contains_ci (html, "<script"));
  g_assert_true (g_utf8_validate (html, -1, NULL));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
}

static void
check_feeds (Fixture   *fixture,
             GPtrArray *posts)
{
  g_autofree char *atom = g_build_filename (fixture->folder, "feed.atom", NULL);
  g_autofree char *rss = g_build_filename (fixture->folder, "feed.rss", NULL);
  g_autofree char *json = g_build_filename (fixture->folder, "feed.json", NULL);

  kennis_share_test_validate_atom (atom);
  kennis_share_test_feedparser (atom, "atom10", fixture->site, posts);
  kennis_share_test_feedparser (rss, "rss20", fixture->site, posts);
  kennis_share_test_feedparser (json, "json11", fixture->site, posts);
}

static void
test_full_export (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (5);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *written_names = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *post;
  const char *tag;

  g_assert_true (kennis_site_write_all_full (fixture->site, posts, written, NULL, &error));
  g_assert_no_error (error);

  files = snapshot (fixture->folder);
  names = file_names (files);
  g_assert_cmpstr (names, ==,
                   "feed.atom feed.json feed.rss index.html "
                   "posts/post-1.html posts/post-2.html posts/post-3.html posts/post-4.html posts/post-5.html "
                   "style.css tags/alpha.html tags/beta.html tags/gamma.html");
  written_names = join_sorted (written);
  g_assert_cmpstr (written_names, ==, names);

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    check_page (key, value);

  /* A post page: its language, title, body, tags and canonical URL. */
  post = g_hash_table_lookup (files, "posts/post-4.html");
  g_assert_true (g_str_has_prefix (post, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (post, "<h1>Post 4</h1>"));
  g_assert_nonnull (strstr (post, "<p>Body of post 4 &amp; more.</p>"));
  g_assert_nonnull (strstr (post, "<a href=\"../tags/beta.html\" rel=\"tag\">beta</a>"));
  g_assert_nonnull (strstr (post, "<link rel=\"canonical\" href=\"https://intranet.example/kennis/posts/post-4.html\">"));
  g_assert_nonnull (strstr (post, "<link rel=\"stylesheet\" href=\"../style.css\">"));
  g_assert_nonnull (strstr (post, "<time datetime=\"2026-03-01T13:00:00Z\">2026-03-01</time>"));

  /* Tag pages list exactly their posts, newest first. */
  tag = g_hash_table_lookup (files, "tags/gamma.html");
  g_assert_true (g_str_has_prefix (tag, "<!DOCTYPE html>\n<html lang=\"nl\">"));
  g_assert_nonnull (strstr (tag, "<a href=\"../posts/post-3.html\">Post 3</a>"));
  g_assert_null (strstr (tag, "post-4.html"));

  /* The index: newest first. */
  g_assert_true (strstr (g_hash_table_lookup (files, "index.html"), "posts/post-5.html")
                 < strstr (g_hash_table_lookup (files, "index.html"), "posts/post-1.html"));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (files, "style.css"), ":root"));
  g_assert_nonnull (strstr (g_hash_table_lookup (files, "style.css"), "prefers-color-scheme: dark"));

  check_feeds (fixture, posts);

  /* A second export of the same posts changes nothing. */
  g_ptr_array_set_size (written, 0);
  g_assert_true (kennis_site_write_all_full (fixture->site, posts, written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 0);
}

/* Sharing one edited post rewrites its page, the one index page that shows
 * it, its tags' pages and the feeds; nothing else. */
static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (45);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *written_names = NULL;
  const char * const old_tags[] = { "alpha", NULL };
  KennisPost *oldest = g_ptr_array_index (posts, 44);

  write_all (fixture, posts);
  g_assert_cmpstr (oldest->slug, ==, "post-1");

  /* Post 1 has only "alpha" and sits on the oldest archive page. */
  before = snapshot (fixture->folder);
  g_free (oldest->title);
  oldest->title = g_strdup ("Post 1, edited");
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, oldest, old_tags, written, NULL, &error));
  g_assert_no_error (error);
  after = snapshot (fixture->folder);
  changed = changed_files (before, after);
  written_names = join_sorted (written);
  g_assert_cmpstr (changed, ==, "feed.atom feed.json feed.rss page-1.html posts/post-1.html tags/alpha.html");
  g_assert_cmpstr (written_names, ==, changed);
  g_assert_nonnull (strstr (g_hash_table_lookup (after, "page-1.html"), "Post 1, edited"));

  /* A new tag gets a page; the old tag's page lists the post's tags, so it
   * changes too. */
  g_clear_pointer (&before, g_hash_table_unref);
  g_clear_pointer (&after, g_hash_table_unref);
  g_clear_pointer (&changed, g_free);
  g_clear_pointer (&written_names, g_free);
  g_ptr_array_set_size (written, 0);
  before = snapshot (fixture->folder);
  g_strfreev (oldest->tags);
  oldest->tags = g_strsplit ("alpha,Delta", ",", -1);
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, oldest, old_tags, written, NULL, &error));
  g_assert_no_error (error);
  after = snapshot (fixture->folder);
  changed = changed_files (before, after);
  written_names = join_sorted (written);
  g_assert_cmpstr (changed, ==, "feed.atom feed.json feed.rss page-1.html posts/post-1.html tags/alpha.html tags/delta.html");
  g_assert_cmpstr (written_names, ==, changed);
  g_assert_nonnull (strstr (g_hash_table_lookup (after, "tags/delta.html"), "Posts tagged “Delta”"));

  /* Sharing it again unchanged writes nothing. */
  g_ptr_array_set_size (written, 0);
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, oldest, NULL, written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 0);

  /* A new publication date moves it to the front: every index page that
   * shifts is rewritten, not only the one that showed it, and its tags'
   * pages (newest first) too. */
  g_ptr_array_set_size (written, 0);
  g_ptr_array_steal_index (posts, 44);
  g_ptr_array_insert (posts, 0, oldest);
  g_date_time_unref (oldest->published);
  oldest->published = g_date_time_new_utc (2027, 1, 1, 0, 0, 0);
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, oldest, NULL, written, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&written_names, g_free);
  written_names = join_sorted (written);
  g_assert_cmpstr (written_names, ==, "feed.atom feed.json feed.rss index.html page-1.html page-2.html posts/post-1.html "
                   "tags/alpha.html tags/delta.html");
  g_clear_pointer (&after, g_hash_table_unref);
  after = snapshot (fixture->folder);
  g_assert_nonnull (strstr (g_hash_table_lookup (after, "page-2.html"), "posts/post-26.html"));
  g_assert_null (strstr (g_hash_table_lookup (after, "page-1.html"), "posts/post-1.html"));
}

static void
test_new_post (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *page = g_build_filename (fixture->folder, "posts", "post-9.html", NULL);
  KennisPost *post = kennis_share_test_post (9, "Brand new", NULL);
  g_autofree char *id = kennis_feed_entry_id (fixture->site, post);
  g_autofree char *atom_path = g_build_filename (fixture->folder, "feed.atom", NULL);

  write_all (fixture, posts);
  g_ptr_array_insert (posts, 0, post);
  g_assert_true (kennis_site_write_post (fixture->site, posts, post, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (page, G_FILE_TEST_EXISTS));
  g_file_get_contents (atom_path, &atom, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (atom, id));
  check_feeds (fixture, posts);
}

/* A new post on a large site changes the index and the newest archive
 * page (and the one before it when a page is added), never all of them. */
static void
test_new_post_pages (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (40);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  KennisPost *post;

  write_all (fixture, posts);

  /* 41 posts: a second archive page starts; the first now links to it. */
  post = kennis_share_test_post (41, "Forty-one", NULL);
  g_ptr_array_insert (posts, 0, post);
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, post, NULL, written, NULL, &error));
  g_assert_no_error (error);
  names = join_sorted (written);
  g_assert_cmpstr (names, ==, "feed.atom feed.json feed.rss index.html page-1.html page-2.html posts/post-41.html");
  files = snapshot (fixture->folder);
  g_assert_nonnull (strstr (g_hash_table_lookup (files, "page-2.html"), "posts/post-21.html"));
  g_assert_nonnull (strstr (g_hash_table_lookup (files, "page-1.html"), "<a href=\"page-2.html\" rel=\"prev\">"));

  /* 42: only the index and the newest archive page move. */
  g_ptr_array_set_size (written, 0);
  g_clear_pointer (&names, g_free);
  post = kennis_share_test_post (42, "Forty-two", NULL);
  g_ptr_array_insert (posts, 0, post);
  g_assert_true (kennis_site_write_post_full (fixture->site, posts, post, NULL, written, NULL, &error));
  g_assert_no_error (error);
  names = join_sorted (written);
  g_assert_cmpstr (names, ==, "feed.atom feed.json feed.rss index.html page-2.html posts/post-42.html");

  /* What was written incrementally is what a full export writes. */
  g_ptr_array_set_size (written, 0);
  g_assert_true (kennis_site_write_all_full (fixture->site, posts, written, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 0);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(KennisPost) removed = NULL;
  g_autofree char *id = NULL;
  GHashTableIter iter;
  gpointer key, value;

  write_all (fixture, posts);

  /* Post 3 is the only one with "gamma". */
  removed = g_ptr_array_steal_index (posts, 1);
  g_assert_cmpstr (removed->slug, ==, "post-3");
  id = kennis_feed_entry_id (fixture->site, removed);
  g_assert_true (kennis_site_remove_post (fixture->site, posts, removed, NULL, &error));
  g_assert_no_error (error);

  files = snapshot (fixture->folder);
  g_assert_false (g_hash_table_contains (files, "posts/post-3.html"));
  g_assert_false (g_hash_table_contains (files, "tags/gamma.html"));
  g_assert_true (g_hash_table_contains (files, "tags/alpha.html"));
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_null (strstr (value, "post-3.html"));
      g_assert_null (strstr (value, id));
      g_assert_null (strstr (value, "Post 3<"));
    }
  check_feeds (fixture, posts);
}

static int
count (const char *haystack,
       const char *needle)
{
  int n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_pagination (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (45);
  g_autoptr(GHashTable) files = NULL;
  const char *first, *second, *third;

  write_all (fixture, posts);
  files = snapshot (fixture->folder);
  /* The index has the newest 20; archive pages count from the oldest,
   * so the newest archive page holds the 5 left over. */
  first = g_hash_table_lookup (files, "index.html");
  second = g_hash_table_lookup (files, "page-2.html");
  third = g_hash_table_lookup (files, "page-1.html");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_nonnull (third);
  g_assert_false (g_hash_table_contains (files, "page-3.html"));

  g_assert_cmpint (count (first, "<li "), ==, 20);
  g_assert_cmpint (count (second, "<li "), ==, 5);
  g_assert_cmpint (count (third, "<li "), ==, 20);
  g_assert_nonnull (strstr (first, "<a href=\"page-2.html\" rel=\"next\">Older posts</a>"));
  g_assert_null (strstr (first, "rel=\"prev\""));
  g_assert_nonnull (strstr (second, "<a href=\"index.html\" rel=\"prev\">Newer posts</a>"));
  g_assert_nonnull (strstr (second, "<a href=\"page-1.html\" rel=\"next\">"));
  g_assert_nonnull (strstr (second, "posts/post-21.html"));
  g_assert_nonnull (strstr (third, "<a href=\"page-2.html\" rel=\"prev\">"));
  g_assert_null (strstr (third, "rel=\"next\""));
  g_assert_nonnull (strstr (third, "Archive, page 1"));
  g_assert_nonnull (strstr (third, "posts/post-1.html"));
  g_assert_nonnull (strstr (third, "posts/post-20.html"));

  /* Fewer posts: the pages past the last one go. */
  g_ptr_array_set_size (posts, 15);
  write_all (fixture, posts);
  g_clear_pointer (&files, g_hash_table_unref);
  files = snapshot (fixture->folder);
  g_assert_true (g_hash_table_contains (files, "index.html"));
  g_assert_false (g_hash_table_contains (files, "page-1.html"));
  g_assert_false (g_hash_table_contains (files, "page-2.html"));
  g_assert_null (strstr (g_hash_table_lookup (files, "index.html"), "rel=\"next\""));
}

/* Only the posts the router hands over appear; posts no longer given are
 * gone from every file after a full export. */
static void
test_only_given_posts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);
  g_autoptr(GHashTable) files = NULL;
  KennisPost *secret = g_ptr_array_index (posts, 0);
  GHashTableIter iter;
  gpointer key, value;

  g_free (secret->title);
  secret->title = g_strdup ("Secret plans");
  g_strfreev (secret->tags);
  secret->tags = g_strsplit ("confidential", ",", -1);
  write_all (fixture, posts);

  g_ptr_array_remove_index (posts, 0);
  write_all (fixture, posts);
  files = snapshot (fixture->folder);
  g_assert_false (g_hash_table_contains (files, "posts/post-2.html"));
  g_assert_false (g_hash_table_contains (files, "tags/confidential.html"));
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_null (strstr (value, "Secret plans"));
      g_assert_null (strstr (value, "confidential"));
    }
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GRegex) safe_name = g_regex_new ("^(posts|tags)/[a-z0-9_-]+\\.html$", 0, 0, NULL);
  KennisPost *hostile = kennis_share_test_hostile_post (7);
  GHashTableIter iter;
  gpointer key, value;
  const char *page;

  g_free (hostile->slug);
  hostile->slug = g_strdup ("../../<script>évil");
  g_free (fixture->site->title);
  fixture->site->title = g_strdup ("<script>alert(2)</script> Kennis \x0b ]]>");
  g_ptr_array_insert (posts, 1, hostile);
  write_all (fixture, posts);

  files = snapshot (fixture->folder);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      check_page (key, value);
      if (strchr (key, '/') != NULL)
        g_assert_true (g_regex_match (safe_name, key, 0, NULL));
      g_assert_null (strstr (value, "\x0b"));
      g_assert_null (strstr (value, "\x01"));
    }

  page = g_hash_table_lookup (files, "posts/script-vil.html");
  g_assert_nonnull (page);
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>\n<html lang=\"ar\">"));
  g_assert_nonnull (strstr (page, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;  ]]&gt; مرحبا שלום 👩‍💻 &amp; &quot;quotes&quot; &apos;single&apos;</h1>"));
  g_assert_nonnull (strstr (page, "<title>&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (page, "<p class=\"link\"><a href=\"https://example.org/a?b=1&amp;c=&lt;2&gt;\""));
  g_assert_nonnull (strstr (page, "&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
  g_assert_cmpuint (strlen (page), >, 100 * 1024);
  g_assert_true (g_hash_table_contains (files, "tags/script-alert-1-script.html"));

  check_feeds (fixture, posts);
}

static void
test_duplicate_slug (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (3);
  g_autoptr(GError) error = NULL;
  KennisPost *post = g_ptr_array_index (posts, 0);

  g_free (post->slug);
  post->slug = g_strdup ("POST-1");  /* the same file as post 1's page */
  g_assert_false (kennis_site_write_all (fixture->site, posts, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_false (g_file_test (fixture->folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (kennis_site_write_post (fixture->site, posts, post, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_relative_links (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);
  g_autoptr(GHashTable) files = NULL;
  GHashTableIter iter;
  gpointer key, value;

  write_all (fixture, posts);
  files = snapshot (fixture->folder);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_str_has_suffix (key, ".html"))
        continue;
      g_assert_null (strstr (value, "rel=\"canonical\""));
      g_assert_null (strstr (value, "http://"));
      g_assert_null (strstr (value, "https://"));
    }
  check_feeds (fixture, posts);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (kennis_site_write_all (fixture->site, posts, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Cancels once the export has written a few post pages. */
typedef struct
{
  char         *posts_folder;
  GCancellable *cancellable;
  gint          stop;
} Canceller;

static gpointer
cancel_midway (gpointer data)
{
  Canceller *canceller = data;

  while (!g_atomic_int_get (&canceller->stop))
    {
      g_autoptr(GDir) dir = g_dir_open (canceller->posts_folder, 0, NULL);
      guint n = 0;

      while (dir != NULL && g_dir_read_name (dir) != NULL)
        n++;
      if (n >= 5)
        {
          g_cancellable_cancel (canceller->cancellable);
          break;
        }
      g_usleep (200);
    }
  return NULL;
}

/* An export cancelled midway leaves only complete pages and no temporary
 * files; the next export completes the site. */
static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) posts = kennis_share_test_posts (400);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autofree char *posts_folder = g_build_filename (fixture->folder, "posts", NULL);
  Canceller canceller = { posts_folder, cancellable, 0 };
  GThread *thread;
  GHashTableIter iter;
  gpointer key, value;
  guint n_pages = 0;
  gboolean ok;

  thread = g_thread_new ("cancel-midway", cancel_midway, &canceller);
  ok = kennis_site_write_all (fixture->site, posts, cancellable, &error);
  g_atomic_int_set (&canceller.stop, TRUE);
  g_thread_join (thread);
  /* Normally cancelled partway; on a very fast disk it may have finished. */
  if (!ok)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  else
    g_test_message ("the export finished before it was cancelled");

  files = snapshot (fixture->folder);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = strrchr (key, '/') ? strrchr (key, '/') + 1 : key;

      /* GLib's temporary files are "<name>.XXXXXX". */
      g_assert_true (g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".css")
                     || g_str_has_prefix (name, "feed."));
      g_assert_false (g_str_has_prefix (name, "feed.") && strchr (name + strlen ("feed."), '.') != NULL);
      if (!g_str_has_suffix (name, ".html"))
        continue;
      n_pages++;
      g_assert_true (g_str_has_prefix (value, "<!DOCTYPE html>\n"));
      g_assert_true (g_str_has_suffix (value, "</body>\n</html>\n"));
      {
        htmlDocPtr doc = htmlReadMemory (value, strlen (value), key, "UTF-8",
                                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

        g_assert_nonnull (doc);
        g_assert_cmpstr ((const char *) xmlDocGetRootElement (doc)->name, ==, "html");
        xmlFreeDoc (doc);
      }
    }
  g_assert_cmpuint (n_pages, >, 0);

  g_clear_error (&error);
  g_assert_true (kennis_site_write_all (fixture->site, posts, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&files, g_hash_table_unref);
  files = snapshot (fixture->folder);
  g_assert_true (g_hash_table_contains (files, "index.html"));
  /* 400 posts: the index and archive pages 1 (oldest) to 19. */
  g_assert_true (g_hash_table_contains (files, "page-1.html"));
  g_assert_true (g_hash_table_contains (files, "page-19.html"));
  g_assert_false (g_hash_table_contains (files, "page-20.html"));
  g_assert_true (g_hash_table_contains (files, "feed.atom"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/site/full-export", Fixture, NULL, fixture_set_up, test_full_export, fixture_tear_down);
  g_test_add ("/site/incremental", Fixture, NULL, fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add ("/site/new-post", Fixture, NULL, fixture_set_up, test_new_post, fixture_tear_down);
  g_test_add ("/site/new-post-pages", Fixture, NULL, fixture_set_up, test_new_post_pages, fixture_tear_down);
  g_test_add ("/site/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  g_test_add ("/site/pagination", Fixture, NULL, fixture_set_up, test_pagination, fixture_tear_down);
  g_test_add ("/site/only-given-posts", Fixture, NULL, fixture_set_up, test_only_given_posts, fixture_tear_down);
  g_test_add ("/site/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/site/duplicate-slug", Fixture, NULL, fixture_set_up, test_duplicate_slug, fixture_tear_down);
  g_test_add ("/site/relative-links", Fixture, "", fixture_set_up, test_relative_links, fixture_tear_down);
  g_test_add ("/site/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/site/interrupted", Fixture, NULL, fixture_set_up, test_interrupted, fixture_tear_down);

  return g_test_run ();
}
