/* test-url.c — the same page added twice is found, however its address
 * was written
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "kennis-entry.h"
#include "kennis-store.h"
#include "kennis-test-util.h"
#include "kennis-url.h"

static void
test_key (void)
{
  static const struct {
    const char *url;
    const char *key;
  } cases[] = {
    { "https://example.org/a", "https://example.org/a" },
    { "HTTPS://Example.ORG/a", "https://example.org/a" },
    { "https://example.org:443/a/", "https://example.org/a" },
    { "http://example.org:80/", "http://example.org" },
    { "http://example.org", "http://example.org" },
    { "http://example.org:8080/x", "http://example.org:8080/x" },
    { "https://example.org/a?utm_source=feed&utm_medium=rss", "https://example.org/a" },
    { "https://example.org/a?id=3&utm_campaign=x&b=1", "https://example.org/a?id=3&b=1" },
    { "https://example.org/a?", "https://example.org/a" },
    { "https://example.org/a#", "https://example.org/a" },
    { "https://example.org/a#part", "https://example.org/a#part" },
    /* The path keeps its case: servers may tell /A from /a. */
    { "https://example.org/Page", "https://example.org/Page" },
    { "ftp://example.org/file", NULL },
    { "file:///etc/passwd", NULL },
    { "javascript:alert(1)", NULL },
    { "example.org", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = kennis_url_dup_key (cases[i].url);

      g_test_message ("%s", cases[i].url ? cases[i].url : "(null)");
      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

typedef struct
{
  char        *dir;
  char        *path;
  KennisStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-url-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  kennis_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static KennisEntry *
add_link (Fixture    *f,
          const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_LINK);

  kennis_entry_set_url (entry, url);
  kennis_entry_set_title (entry, url);
  kennis_store_save_entry (f->store, entry, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&entry);
}

static void
test_find_link (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) first = add_link (f, "https://Kennis.example/notes/?utm_source=mail");
  g_autoptr(KennisEntry) found = kennis_store_find_link (f->store, "https://kennis.example:443/notes", &error);
  g_autoptr(KennisEntry) other = kennis_store_find_link (f->store, "https://kennis.example/other", &error);

  g_assert_no_error (error);
  g_assert_true (found == first);
  g_assert_null (other);

  /* A changed address is found by its new form, not its old one. */
  kennis_entry_set_url (first, "https://kennis.example/moved");
  kennis_store_save_entry (f->store, first, &error);
  g_assert_no_error (error);
  g_clear_object (&found);
  found = kennis_store_find_link (f->store, "https://kennis.example/notes", &error);
  g_assert_no_error (error);
  g_assert_null (found);
  found = kennis_store_find_link (f->store, "HTTPS://KENNIS.EXAMPLE/moved/", &error);
  g_assert_true (found == first);

  /* A deleted link is not a duplicate. */
  kennis_store_delete_entry (f->store, first, &error);
  g_assert_no_error (error);
  g_clear_object (&found);
  found = kennis_store_find_link (f->store, "https://kennis.example/moved", &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

/* Links saved before addresses had keys are found after the upgrade. */
static void
test_migrate_from_v2 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) old = add_link (f, "http://Old.example:80/page/");
  g_autofree char *id = g_strdup (kennis_entry_get_id (old));
  g_autoptr(KennisEntry) found = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&old);
  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX entries_url_key; ALTER TABLE entries DROP COLUMN url_key;"
                                 "ALTER TABLE outbox DROP COLUMN claimed_until;"
                                 "PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  found = kennis_store_find_link (f->store, "http://old.example/page", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (kennis_entry_get_id (found), ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url/key", test_key);
  g_test_add ("/url/find-link", Fixture, NULL, fixture_set_up, test_find_link, fixture_tear_down);
  g_test_add ("/url/migrate-from-v2", Fixture, NULL, fixture_set_up, test_migrate_from_v2, fixture_tear_down);

  return g_test_run ();
}
