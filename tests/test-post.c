/* test-post.c — an entry rendered into what every target publishes
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-entry.h"
#include "kennis-post.h"

static KennisEntry *
make_entry (const char *title,
            const char *body,
            const char *url)
{
  KennisEntry *entry = kennis_entry_new (url ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE);
  const char *tags[] = { "Leren", "werk", NULL };

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, body);
  kennis_entry_set_url (entry, url);
  kennis_entry_set_language (entry, "nl");
  kennis_entry_set_tags (entry, tags);
  return entry;
}

static void
test_render (void)
{
  g_autoptr(KennisEntry) entry = make_entry ("Creëer een leerplan",
                                             "Eerst **lezen**.\n\n<script>alert(1)</script>\n\n"
                                             "[klik](javascript:alert(1)) en https://example.org/plan",
                                             NULL);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 27, 10, 0, 0);
  g_autoptr(KennisPost) post = NULL;

  post = kennis_post_new_from_entry (entry, "creeer-een-leerplan", when);
  g_assert_cmpstr (post->title, ==, "Creëer een leerplan");
  g_assert_cmpstr (post->slug, ==, "creeer-een-leerplan");
  g_assert_cmpstr (post->language, ==, "nl");
  g_assert_cmpuint (g_strv_length (post->tags), ==, 2);
  g_assert_true (g_date_time_equal (post->published, when));
  g_assert_nonnull (strstr (post->html, "<strong>lezen</strong>"));
  g_assert_null (strstr (post->html, "<script"));
  g_assert_null (strstr (post->html, "javascript:"));
  g_assert_nonnull (strstr (post->html, "href=\"https://example.org/plan\""));
  g_assert_nonnull (strstr (post->text, "lezen"));
  g_assert_null (strstr (post->text, "**"));
  g_assert_null (post->url);
}

static void
test_link_and_fallback_title (void)
{
  g_autoptr(KennisEntry) link = make_entry ("", "", "https://example.org/read");
  g_autoptr(KennisEntry) bad = make_entry ("Bad link", "", "javascript:alert(1)");
  g_autoptr(KennisEntry) empty = make_entry ("", "", NULL);
  g_autoptr(KennisPost) a = kennis_post_new_from_entry (link, "read", NULL);
  g_autoptr(KennisPost) b = kennis_post_new_from_entry (bad, "bad-link", NULL);
  g_autoptr(KennisPost) c = kennis_post_new_from_entry (empty, "entry", NULL);

  g_assert_cmpstr (a->title, ==, "https://example.org/read");
  g_assert_cmpstr (a->url, ==, "https://example.org/read");
  g_assert_nonnull (a->published);
  /* A link a reader could not safely follow is not published. */
  g_assert_null (b->url);
  g_assert_cmpstr (c->title, ==, "Untitled");
}

/* "Changed since shared" is decided by this hash: what a reader sees. */
static void
test_hash (void)
{
  g_autoptr(KennisEntry) entry = make_entry ("Title", "Body", NULL);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) second = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  g_autoptr(KennisPost) a = kennis_post_new_from_entry (entry, "title", first);
  g_autoptr(KennisPost) b = kennis_post_new_from_entry (entry, "title", second);
  g_autoptr(KennisPost) c = NULL;
  g_autoptr(KennisPost) d = NULL;
  g_autofree char *ha = kennis_post_dup_hash (a);
  g_autofree char *hb = kennis_post_dup_hash (b);
  g_autofree char *hc = NULL;
  g_autofree char *hd = NULL;

  g_assert_cmpuint (strlen (ha), ==, 64);
  g_assert_cmpstr (ha, ==, hb);

  kennis_entry_set_body (entry, "Body, edited");
  c = kennis_post_new_from_entry (entry, "title", first);
  hc = kennis_post_dup_hash (c);
  g_assert_cmpstr (ha, !=, hc);

  kennis_entry_add_tag (entry, "new");
  d = kennis_post_new_from_entry (entry, "title", first);
  hd = kennis_post_dup_hash (d);
  g_assert_cmpstr (hc, !=, hd);
}

/* A snapshot read back is the same post, Unicode and hostile text included. */
static void
test_json_round_trip (void)
{
  g_autoptr(KennisEntry) entry = make_entry ("Café \"quotes\" ]]> \u05e9\u05dc\u05d5\u05dd", "Body with <b>html</b>",
                                             "https://example.org/x");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 27, 10, 0, 0);
  g_autoptr(KennisPost) post = kennis_post_new_from_entry (entry, "cafe", when);
  g_autofree char *json = NULL;
  g_autoptr(KennisPost) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kennis_post_dup_hash (post);
  g_autofree char *back_hash = NULL;

  /* Entries that were never saved have no id; shared ones always do. */
  post->id = g_strdup ("33333333-3333-4333-8333-333333333333");
  json = kennis_post_to_json (post);

  back = kennis_post_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->id, ==, post->id);
  g_assert_cmpstr (back->title, ==, post->title);
  g_assert_cmpstr (back->html, ==, post->html);
  g_assert_cmpstr (back->url, ==, post->url);
  g_assert_cmpstr (back->slug, ==, "cafe");
  g_assert_true (g_strv_equal ((const char * const *)back->tags, (const char * const *)post->tags));
  g_assert_true (g_date_time_equal (back->published, when));
  back_hash = kennis_post_dup_hash (back);
  g_assert_cmpstr (back_hash, ==, hash);

  g_assert_null (kennis_post_new_from_json ("{\"title\":\"no id\"}", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (kennis_post_new_from_json ("not json", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post/render", test_render);
  g_test_add_func ("/post/link-and-fallback-title", test_link_and_fallback_title);
  g_test_add_func ("/post/hash", test_hash);
  g_test_add_func ("/post/json-round-trip", test_json_round_trip);

  return g_test_run ();
}
