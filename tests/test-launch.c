/* test-launch.c — `kennis --new-note TEXT` and `kennis --new-link URL` hand
 * the entry to the Kennis that is already running
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "kennis-entry.h"
#include "kennis-query.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

typedef struct
{
  char        *dir;
  char        *db_path;
  GSubprocess *running;
} Fixture;

static GSubprocessLauncher *
launcher_new (Fixture *f)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "KENNIS_DATA_DIR", f->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  g_subprocess_launcher_setenv (launcher, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return launcher;
}

static guint
count_entries (Fixture         *f,
               KennisEntryKind  kind,
               const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = kennis_store_open (f->db_path, &error);
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;
  guint n = 0;

  if (store == NULL)
    return 0;
  kennis_query_set_text (query, text);
  nums = kennis_store_query (store, query, 100, &error);
  for (guint i = 0; nums != NULL && i < nums->len; i++)
    {
      g_autoptr(KennisEntry) entry = kennis_store_get_entry_by_num (store, g_array_index (nums, gint64, i), NULL);

      n += entry != NULL && kennis_entry_get_kind (entry) == kind;
    }
  return n;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (g_getenv ("KENNIS_APP") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs KENNIS_APP and a session bus; run through build-aux/dev test");
      return;
    }

  f->dir = g_dir_make_tmp ("kennis-launch-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "kennis.db", NULL);
  launcher = launcher_new (f);
  f->running = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("KENNIS_APP"), NULL);
  g_assert_no_error (error);

  /* Up once its notebook exists with the welcome entries in it. */
  for (guint i = 0; i < 200 && count_entries (f, KENNIS_ENTRY_KIND_NOTE, "kennis") == 0; i++)
    g_usleep (50000);
  g_assert_cmpuint (count_entries (f, KENNIS_ENTRY_KIND_NOTE, "kennis"), >, 0);
  g_usleep (500000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->running != NULL)
    {
      g_subprocess_force_exit (f->running);
      g_subprocess_wait (f->running, NULL, NULL);
    }
  g_clear_object (&f->running);
  if (f->dir != NULL)
    kennis_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

/* Runs a second kennis, which must hand over its work and end. */
static int
run_second (Fixture            *f,
            const char * const *argv,
            char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) second = g_subprocess_launcher_spawnv (launcher, argv, &error);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (second, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (second);
}

static void
test_new_note_and_link (Fixture       *f,
                        gconstpointer  data)
{
  const char *app = g_getenv ("KENNIS_APP");
  g_autofree char *err = NULL;
  g_autofree char *bad_err = NULL;

  if (f->dir == NULL)
    return;

  g_assert_cmpint (run_second (f, (const char * const[]) { app, "--new-note", "Vanuit de terminal",
                                                           "genoteerd", NULL }, &err), ==, 0);
  for (guint i = 0; i < 100 && count_entries (f, KENNIS_ENTRY_KIND_NOTE, "terminal") == 0; i++)
    g_usleep (50000);
  g_assert_cmpuint (count_entries (f, KENNIS_ENTRY_KIND_NOTE, "terminal"), ==, 1);

  /* Nothing listens on port 9: the link is kept without a title. */
  g_assert_cmpint (run_second (f, (const char * const[]) { app, "--new-link", "http://127.0.0.1:9/opgeslagen",
                                                           NULL }, NULL), ==, 0);
  for (guint i = 0; i < 100 && count_entries (f, KENNIS_ENTRY_KIND_LINK, "opgeslagen") == 0; i++)
    g_usleep (50000);
  g_assert_cmpuint (count_entries (f, KENNIS_ENTRY_KIND_LINK, "opgeslagen"), ==, 1);

  /* --new-note makes a note even of an address alone. */
  g_assert_cmpint (run_second (f, (const char * const[]) { app, "--new-note", "https://127.0.0.1:9/notitieadres",
                                                           NULL }, NULL), ==, 0);
  for (guint i = 0; i < 100 && count_entries (f, KENNIS_ENTRY_KIND_NOTE, "notitieadres") == 0; i++)
    g_usleep (50000);
  g_assert_cmpuint (count_entries (f, KENNIS_ENTRY_KIND_NOTE, "notitieadres"), ==, 1);
  g_assert_cmpuint (count_entries (f, KENNIS_ENTRY_KIND_LINK, "notitieadres"), ==, 0);

  /* Not a web address: refused by the running Kennis, said by this one. */
  g_assert_cmpint (run_second (f, (const char * const[]) { app, "--new-link", "geen adres", NULL }, &bad_err),
                   ==, 1);
  g_assert_nonnull (strstr (bad_err, "not a web address"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/launch/new-note-and-link", Fixture, NULL, fixture_set_up, test_new_note_and_link,
              fixture_tear_down);

  return g_test_run ();
}
