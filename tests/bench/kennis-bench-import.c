/* kennis-bench-import.c — measures bookmark import and JSON export against
 * their targets: 100,000 bookmarks in ≤ 10 s, 100,000 entries out as JSON
 * in ≤ 5 s
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>

#include "kennis-bookmarks-format.h"
#include "kennis-store.h"
#include "kennis-store-records.h"
#include "kennis-test-util.h"
#include "kennis-transfer.h"

#define N_BOOKMARKS 100000
#define PER_FOLDER  1000

static const char * const words[] = {
  "kennis", "team", "project", "notitie", "klant", "werk", "data", "open", "bron",
  "gtk", "linux", "windows", "delen", "leren", "vraag", "antwoord", "beleid", "idee",
};

/* A file shaped like a browser's or a bookmarking service's export:
 * folders of 1,000, tags, descriptions, half of it private. */
static GBytes *
make_bookmarks (GRand *rand)
{
  GString *out = g_string_new ("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
                               "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n"
                               "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n");

  for (guint n = 0; n < N_BOOKMARKS; n++)
    {
      const char *a = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      const char *b = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (n % PER_FOLDER == 0)
        g_string_append_printf (out, "%s<DT><H3>Map %u</H3>\n<DL><p>\n", n > 0 ? "</DL><p>\n" : "",
                                n / PER_FOLDER);
      g_string_append_printf (out,
                              "<DT><A HREF=\"https://example.org/%s/%u?q=%u\" ADD_DATE=\"%u\" PRIVATE=\"%u\""
                              " TAGS=\"%s,%s\">Over %s en %s, deel %u</A>\n"
                              "<DD>Een beschrijving van deze pagina over %s en %s.\n",
                              a, n, g_rand_int (rand), 1600000000 + n * 60, n % 2, a, b, a, b, n, b, a);
    }
  g_string_append (out, "</DL><p>\n</DL><p>\n");
  return g_string_free_to_bytes (out);
}

static double
seconds_since (gint64 begin)
{
  return (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer data)
{
  guint *calls = data;

  (*calls)++;
}

/* While an import runs on its worker, the main loop (the window's) must
 * keep turning: a 5 ms tick records the longest wait between two ticks. */
typedef struct
{
  GMainLoop *loop;
  gint64     last_tick;
  gint64     longest_gap;
  guint      progress_calls;
  gboolean   ok;
} Responsive;

static gboolean
tick_cb (gpointer data)
{
  Responsive *r = data;
  gint64 now = g_get_monotonic_time ();

  r->longest_gap = MAX (r->longest_gap, now - r->last_tick);
  r->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Responsive *r = data;
  g_autoptr(GError) error = NULL;

  r->ok = kennis_transfer_import_finish (KENNIS_STORE (source), result, NULL, &error);
  if (!r->ok)
    g_printerr ("%s\n", error->message);
  g_main_loop_quit (r->loop);
}

static void
measure_responsiveness (const char *dir,
                        GFile      *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = g_build_filename (dir, "responsive.db", NULL);
  g_autoptr(KennisStore) store = kennis_store_open (db_path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Responsive r = { loop, g_get_monotonic_time (), 0, 0, FALSE };
  guint tick;

  if (store == NULL)
    g_error ("%s", error->message);
  tick = g_timeout_add (5, tick_cb, &r);
  kennis_transfer_import_async (store, file, KENNIS_TRANSFER_FORMAT_AUTO, progress_cb, &r.progress_calls,
                                NULL, async_done_cb, &r);
  g_main_loop_run (loop);
  g_source_remove (tick);
  printf ("main loop during an import on the worker: longest gap between 5 ms ticks %.1f ms, "
          "%u progress reports\n", r.longest_gap / 1000.0, r.progress_calls);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4287);
  g_autofree char *tmp = g_dir_make_tmp ("kennis-bench-import-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) json = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autoptr(KennisRecordSet) set = NULL;
  KennisImportCounts counts = { 0, 0 };
  guint progress_calls = 0;
  guint n_exported = 0;
  gint64 begin;
  double parse, total;

  if (tmp == NULL)
    g_error ("%s", error->message);
  db_path = g_build_filename (tmp, "kennis.db", NULL);
  file_path = g_build_filename (tmp, "bookmarks.html", NULL);
  json_path = g_build_filename (tmp, "notebook.json", NULL);

  data = make_bookmarks (rand);
  if (!g_file_set_contents (file_path, g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error))
    g_error ("%s", error->message);
  printf ("bookmark file: %u bookmarks, %.1f MB\n", N_BOOKMARKS, g_bytes_get_size (data) / 1e6);

  begin = g_get_monotonic_time ();
  set = kennis_bookmarks_format_read (data, "bookmarks.html", &error);
  if (set == NULL)
    g_error ("%s", error->message);
  parse = seconds_since (begin);
  g_clear_pointer (&set, kennis_record_set_free);

  store = kennis_store_open (db_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  file = g_file_new_for_path (file_path);
  begin = g_get_monotonic_time ();
  if (!kennis_transfer_import (store, file, KENNIS_TRANSFER_FORMAT_AUTO, progress_cb, &progress_calls,
                               NULL, &counts, &error))
    g_error ("%s", error->message);
  total = seconds_since (begin);
  printf ("import of %u bookmarks: %.2f s (reading the file %.2f s), %u progress reports (target ≤ 10 s)\n",
          counts.added, total, parse, progress_calls);

  json = g_file_new_for_path (json_path);
  begin = g_get_monotonic_time ();
  if (!kennis_transfer_export (store, json, KENNIS_TRANSFER_FORMAT_JSON, NULL, &n_exported, &error))
    g_error ("%s", error->message);
  printf ("JSON export of %u entries: %.2f s (target ≤ 5 s)\n", n_exported, seconds_since (begin));

  measure_responsiveness (tmp, file);

  g_clear_object (&store);
  kennis_test_remove_tree (tmp);
  return 0;
}
