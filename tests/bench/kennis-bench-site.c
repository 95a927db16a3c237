/* kennis-bench-site.c — measures the static site export against its targets
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "kennis-post.h"
#include "kennis-site-writer.h"
#include "kennis-test-util.h"

#define N_POSTS       10000
#define EDIT_RUNS     7

static const char * const tag_names[] = {
  "werk", "team", "kennis", "leren", "project", "design", "security", "privacy",
  "performance", "release", "meeting", "research", "onderzoek", "klant", "beleid",
  "training", "data", "feed", "blog", "idee", "gnome", "sqlite", "rust", "c",
};

static KennisPost *
make_post (guint    n,
           GRand   *rand,
           GDateTime *start)
{
  KennisPost *post = kennis_post_new ();
  GString *html = g_string_new (NULL);
  GString *text = g_string_new (NULL);
  guint n_tags = g_rand_int_range (rand, 1, 5);

  post->id = g_strdup_printf ("6f1d8a2c-0000-4000-8000-%012u", n);
  post->title = g_strdup_printf ("Notitie %u over kennis delen", n);
  post->slug = g_strdup_printf ("notitie-%u-over-kennis-delen", n);
  while (html->len < 1000)
    {
      g_string_append (html, "<p>Een alinea met <em>nadruk</em>, een <a href=\"https://example.org/\">link</a> en wat tekst over het werk van het team.</p>\n");
      g_string_append (text, "Een alinea met nadruk, een link en wat tekst over het werk van het team.\n");
    }
  post->html = g_string_free (html, FALSE);
  post->text = g_string_free (text, FALSE);
  if (n % 5 == 0)
    post->url = g_strdup_printf ("https://example.org/artikel/%u", n);
  g_free (post->language);
  post->language = g_strdup (n % 3 == 0 ? "en" : "nl");
  g_strfreev (post->tags);
  post->tags = g_new0 (char *, n_tags + 1);
  for (guint t = 0; t < n_tags; t++)
    post->tags[t] = g_strdup (tag_names[(n * 7 + t * 5) % G_N_ELEMENTS (tag_names)]);
  post->published = g_date_time_add_minutes (start, n * 37);
  post->updated = g_date_time_ref (post->published);
  return post;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4287);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2020, 1, 1, 8, 0, 0);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify) kennis_post_free);
  g_autoptr(KennisSiteConfig) site = kennis_site_config_new ();
  g_autofree char *tmp = g_dir_make_tmp ("kennis-bench-site-XXXXXX", &error);
  double edits[EDIT_RUNS];
  gint64 begin;
  double full;

  if (tmp == NULL)
    g_error ("%s", error->message);

  for (guint i = N_POSTS; i > 0; i--)
    g_ptr_array_add (posts, make_post (i, rand, start));

  g_free (site->folder);
  site->folder = g_build_filename (tmp, "site", NULL);
  g_free (site->title);
  site->title = g_strdup ("Kennis van het team");
  g_free (site->author);
  site->author = g_strdup ("Anna de Vries");
  g_free (site->base_url);
  site->base_url = g_strdup ("https://intranet.example/kennis/");
  g_free (site->language);
  site->language = g_strdup ("nl");

  begin = g_get_monotonic_time ();
  if (!kennis_site_write_all (site, posts, NULL, &error))
    g_error ("%s", error->message);
  full = (g_get_monotonic_time () - begin) / 1000.0;
  printf ("full export of %u posts: %.0f ms (target ≤ 3000 ms)\n", N_POSTS, full);

  /* Edit one post in the middle of the site, a different one each run:
   * its title and one tag change. */
  for (guint run = 0; run < EDIT_RUNS; run++)
    {
      KennisPost *post = g_ptr_array_index (posts, 4000 + run * 111);
      g_autofree char *old_tag = g_strdup (post->tags[0]);
      const char * const old_tags[] = { old_tag, NULL };

      g_free (post->title);
      post->title = g_strdup_printf ("Bewerkte notitie %u", run);
      g_free (post->tags[0]);
      post->tags[0] = g_strdup ("bewerkt");

      begin = g_get_monotonic_time ();
      if (!kennis_site_write_post (site, posts, post, old_tags, NULL, &error))
        g_error ("%s", error->message);
      edits[run] = (g_get_monotonic_time () - begin) / 1000.0;
    }
  qsort (edits, EDIT_RUNS, sizeof edits[0], compare_doubles);
  printf ("re-share of one edited post: median %.1f ms, range %.1f–%.1f ms over %d runs (target ≤ 50 ms)\n",
          edits[EDIT_RUNS / 2], edits[0], edits[EDIT_RUNS - 1], EDIT_RUNS);

  /* A new post: the index and the newest archive page change. */
  {
    KennisPost *post = make_post (N_POSTS + 1, rand, start);

    g_ptr_array_insert (posts, 0, post);
    begin = g_get_monotonic_time ();
    if (!kennis_site_write_post (site, posts, post, NULL, NULL, &error))
      g_error ("%s", error->message);
    printf ("share of one new post: %.1f ms (target ≤ 50 ms)\n",
            (g_get_monotonic_time () - begin) / 1000.0);
  }

  kennis_test_remove_tree (tmp);
  return 0;
}
