/* test-safety.c — every committed entry survives kill -9 of the writer
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#ifdef G_OS_UNIX
#include <signal.h>
#endif

#include "kennis-entry.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

#define ROUNDS            3
#define LINES_BEFORE_KILL 60

static char *self_path;

/* The child: saves entries through the store until it is killed, and after
 * each commit prints "<id> <title>" on a line of its own. */
static int
run_writer (const char *path,
            const char *round)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = kennis_store_open (path, &error);
  g_autoptr(KennisEntry) previous = NULL;
  g_autofree char *body = g_strnfill (1500, 'k');

  if (store == NULL)
    {
      fprintf (stderr, "writer: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
      g_autofree char *title = g_strdup_printf ("Round %s entry %u", round, i);

      kennis_entry_set_title (entry, title);
      kennis_entry_set_body (entry, body);
      kennis_entry_add_tag (entry, i % 2 ? "odd" : "even");
      if (!kennis_store_save_entry (store, entry, &error))
        {
          fprintf (stderr, "writer: %s\n", error->message);
          return 1;
        }
      printf ("%s %s\n", kennis_entry_get_id (entry), title);
      fflush (stdout);

      /* Edits of committed entries must survive as well. */
      if (previous != NULL)
        {
          g_autofree char *edited = g_strdup_printf ("%s, edited", kennis_entry_get_title (previous));

          kennis_entry_set_title (previous, edited);
          if (!kennis_store_save_entry (store, previous, &error))
            {
              fprintf (stderr, "writer: %s\n", error->message);
              return 1;
            }
          printf ("%s %s\n", kennis_entry_get_id (previous), edited);
          fflush (stdout);
        }
      g_set_object (&previous, entry);
    }

  return 0;
}

#ifdef G_OS_UNIX
static void
assert_quick_check_ok (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kennis-safety-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kennis.db", NULL);
  g_autoptr(GHashTable) committed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint total_reported = 0;

  g_assert_no_error (error);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *round_text = g_strdup_printf ("%u", round);
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(KennisStore) store = NULL;
      GHashTableIter iter;
      gpointer key, value;
      guint n_lines = 0;
      char *line;

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 self_path, "--writer", path, round_text, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

      /* Read until the writer is well under way, then kill it mid-stream;
       * it is saving the next entry at that moment. */
      while (n_lines < LINES_BEFORE_KILL &&
             (line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
        {
          char *space = strchr (line, ' ');

          g_assert_nonnull (space);
          *space = '\0';
          g_hash_table_insert (committed, g_strdup (line), g_strdup (space + 1));
          g_free (line);
          n_lines++;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (n_lines, ==, LINES_BEFORE_KILL);

      g_subprocess_send_signal (writer, SIGKILL);

      /* Lines it printed before dying were committed too. */
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
        {
          char *space = strchr (line, ' ');

          /* A line cut off by the kill carries no promise. */
          if (space != NULL && g_str_has_prefix (space + 1, "Round "))
            {
              *space = '\0';
              g_hash_table_insert (committed, g_strdup (line), g_strdup (space + 1));
              n_lines++;
            }
          g_free (line);
        }
      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (writer));
      g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
      total_reported += n_lines;

      /* The notebook opens, is sound, and holds everything reported. */
      store = kennis_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (store);
      assert_quick_check_ok (path);

      g_hash_table_iter_init (&iter, committed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr(KennisEntry) entry = kennis_store_get_entry (store, key, &error);

          g_assert_no_error (error);
          /* The writer may have committed the edit of this entry and been
           * killed before it could report it. */
          if (!g_str_equal (kennis_entry_get_title (entry), value))
            {
              g_autofree char *edited = g_strconcat (value, ", edited", NULL);
              g_assert_cmpstr (kennis_entry_get_title (entry), ==, edited);
            }
        }
      g_test_message ("round %u: %u lines, %u entries checked", round, n_lines,
                      g_hash_table_size (committed));
    }

  g_assert_cmpuint (total_reported, >=, ROUNDS * LINES_BEFORE_KILL);
  kennis_test_remove_tree (dir);
}
#else
static void
skip_not_unix (void)
{
  g_test_skip ("SIGKILL is Unix only");
}
#endif

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  if (g_path_is_absolute (argv[0]))
    self_path = g_strdup (argv[0]);
  else
    {
      g_autofree char *cwd = g_get_current_dir ();
      self_path = g_canonicalize_filename (argv[0], cwd);
    }

#ifdef G_OS_UNIX
  g_test_add_func ("/safety/kill-writer", test_kill_writer);
#else
  g_test_add_func ("/safety/kill-writer", skip_not_unix);
#endif

  return g_test_run ();
}
