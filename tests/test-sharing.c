/* test-sharing.c — share with one action: routing, the outbox and the folder target together
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-sharing.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  char          *feed;
  KennisStore   *store;
  KennisSharing *sharing;
  guint          done;
  char          *last_error;
  gint64         public;
  gint64         team;
} Fixture;

static void
job_done_cb (KennisSharing *sharing,
             const char    *entry_id,
             const char    *target_name,
             int            action,
             const char    *error_message,
             Fixture       *f)
{
  f->done++;
  g_free (f->last_error);
  f->last_error = g_strdup (error_message);
}

static gint64
audience_id (KennisStore *store,
             const char  *key)
{
  g_autoptr(KennisAudience) audience = kennis_store_find_audience (store, key, NULL);

  return kennis_audience_get_id (audience);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-share-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->feed = g_build_filename (f->dir, "feed", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  f->sharing = kennis_sharing_new (f->store);
  g_signal_connect (f->sharing, "job-done", G_CALLBACK (job_done_cb), f);
  f->public = audience_id (f->store, "public");
  f->team = audience_id (f->store, "team");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sharing);
  g_clear_object (&f->store);
  kennis_test_remove_tree (f->dir);
  g_free (f->last_error);
  g_free (f->feed);
  g_free (f->path);
  g_free (f->dir);
}

/* Runs the main loop until @n more jobs are done; fails after 10 s. */
static void
wait_jobs (Fixture *f,
           guint    n)
{
  guint target = f->done + n;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (f->done < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static KennisEntry *
new_entry (Fixture    *f,
           const char *title,
           const char *body,
           gint64      audience)
{
  g_autoptr(GError) error = NULL;
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, body);
  kennis_entry_add_tag (entry, "leren");
  if (audience > 0)
    kennis_entry_toggle_audience (entry, audience, TRUE);
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  return entry;
}

static char *
read_feed_file (Fixture    *f,
                const char *relative)
{
  g_autofree char *path = g_build_filename (f->feed, relative, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static void
test_share_update_narrow (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = new_entry (f, "Wat ik leerde", "Eerste versie.", f->public);
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *page = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *page_path = g_build_filename (f->feed, "posts", "wat-ik-leerde.html", NULL);

  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_NOT_SHARED);
  g_assert_cmpuint (kennis_sharing_share (f->sharing, entry, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_PENDING);
  wait_jobs (f, 1);
  g_assert_null (f->last_error);
  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_SHARED);

  page = read_feed_file (f, "posts/wat-ik-leerde.html");
  g_assert_nonnull (page);
  g_assert_nonnull (strstr (page, "Eerste versie."));
  atom = read_feed_file (f, "feed.atom");
  g_assert_nonnull (strstr (atom, "Wat ik leerde"));
  shares = kennis_store_list_shares (f->store, kennis_entry_get_num (entry), &error);
  g_assert_cmpuint (shares->len, ==, 1);
  g_assert_nonnull (((KennisShareInfo *)shares->pdata[0])->url);

  /* Edited: the copy is out of date until it is updated. */
  kennis_entry_set_body (entry, "Tweede versie.");
  kennis_entry_set_title (entry, "Wat ik leerde, herzien");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_CHANGED);
  g_assert_cmpuint (kennis_sharing_share (f->sharing, entry, &error), ==, 1);
  wait_jobs (f, 1);
  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_SHARED);
  /* Renamed, it keeps its page. */
  updated = read_feed_file (f, "posts/wat-ik-leerde.html");
  g_assert_nonnull (strstr (updated, "Tweede versie."));

  /* Narrowed to My team, which leads nowhere: it is taken down. */
  kennis_entry_toggle_audience (entry, f->public, FALSE);
  kennis_entry_toggle_audience (entry, f->team, TRUE);
  g_assert_cmpuint (kennis_sharing_share (f->sharing, entry, &error), ==, 1);
  wait_jobs (f, 1);
  g_assert_null (f->last_error);
  g_assert_false (g_file_test (page_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (kennis_sharing_get_state (f->sharing, entry), ==, KENNIS_SHARE_STATE_NOT_SHARED);

  events = kennis_store_list_share_events (f->store, kennis_entry_get_num (entry), &error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[0])->action, ==, "shared");
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[1])->action, ==, "updated");
  g_assert_cmpstr (((KennisShareEvent *)events->pdata[2])->action, ==, "withdrawn");
}

/* Private entries never leave the machine. */
static void
test_private_never_shared (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) secret = new_entry (f, "Secret", "Only for me.", 0);
  g_autoptr(KennisEntry) shared = new_entry (f, "Open", "For everyone.", f->public);
  g_autofree char *atom = NULL;
  g_autofree char *secret_page = g_build_filename (f->feed, "posts", "secret.html", NULL);

  g_assert_cmpuint (kennis_sharing_share (f->sharing, secret, &error), ==, 0);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (kennis_sharing_share (f->sharing, shared, &error), ==, 1);
  wait_jobs (f, 1);
  atom = read_feed_file (f, "feed.atom");
  g_assert_null (strstr (atom, "Secret"));
  g_assert_null (strstr (atom, "Only for me"));
  g_assert_false (g_file_test (secret_page, G_FILE_TEST_EXISTS));
}

static void
test_unshare_and_slugs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) first = new_entry (f, "Plan", "Een.", f->public);
  g_autoptr(KennisEntry) second = new_entry (f, "Plan", "Twee.", f->public);
  g_autofree char *first_page = g_build_filename (f->feed, "posts", "plan.html", NULL);
  g_autofree char *second_page = g_build_filename (f->feed, "posts", "plan-2.html", NULL);

  g_assert_cmpuint (kennis_sharing_share (f->sharing, first, &error), ==, 1);
  g_assert_cmpuint (kennis_sharing_share (f->sharing, second, &error), ==, 1);
  wait_jobs (f, 2);
  g_assert_true (g_file_test (first_page, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second_page, G_FILE_TEST_EXISTS));

  g_assert_cmpuint (kennis_sharing_unshare (f->sharing, first, 0, &error), ==, 1);
  wait_jobs (f, 1);
  g_assert_false (g_file_test (first_page, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second_page, G_FILE_TEST_EXISTS));

  g_assert_cmpuint (kennis_sharing_unshare (f->sharing, first, 0, &error), ==, 0);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
}

/* Queued work survives closing Kennis, and is done on the next start. */
static void
test_outbox_survives_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = new_entry (f, "Later", "Queued.", f->public);
  g_autofree char *page = g_build_filename (f->feed, "posts", "later.html", NULL);

  g_assert_cmpuint (kennis_sharing_share (f->sharing, entry, &error), ==, 1);
  g_clear_object (&f->sharing);
  g_clear_object (&entry);
  g_clear_object (&f->store);
  g_assert_false (g_file_test (page, G_FILE_TEST_EXISTS));

  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  f->sharing = kennis_sharing_new (f->store);
  g_signal_connect (f->sharing, "job-done", G_CALLBACK (job_done_cb), f);
  wait_jobs (f, 1);
  g_assert_true (g_file_test (page, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sharing/share-update-narrow", test_share_update_narrow);
  ADD ("/sharing/private-never-shared", test_private_never_shared);
  ADD ("/sharing/unshare-and-slugs", test_unshare_and_slugs);
  ADD ("/sharing/outbox-survives-restart", test_outbox_survives_restart);

#undef ADD

  return g_test_run ();
}
