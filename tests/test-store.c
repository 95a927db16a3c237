/* test-store.c — the notebook on disk: entries, tags, audiences, safety
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-store.h"
#include "kennis-tag.h"
#include "kennis-test-util.h"

#define N_WELCOME 4

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

  f->dir = g_dir_make_tmp ("kennis-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
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

/* An empty directory without a store, for the tests that open files themselves. */
static void
bare_set_up (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
}

static KennisEntry *
save_note (KennisStore *store,
           const char  *title,
           const char  *body,
           const char  *tags)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tag_list = g_strsplit (tags ? tags : "", ",", -1);
  KennisEntry *entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, body);
  kennis_entry_set_tags (entry, (const char * const *)tag_list);
  kennis_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
  return entry;
}

static guint
count_all (KennisStore *store)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;
  guint n = kennis_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

static guint
count_text (KennisStore *store,
            const char  *text)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) nums = NULL;

  kennis_query_set_text (query, text);
  nums = kennis_store_query (store, query, 0, &error);
  g_assert_no_error (error);
  return nums->len;
}

static char *
checksum_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

static int
read_user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static KennisTag *
find_tag (GListModel *tags,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(KennisTag) tag = g_list_model_get_item (tags, i);

      if (g_utf8_collate (kennis_tag_get_name (tag), name) == 0)
        return g_steal_pointer (&tag);
    }
  return NULL;
}

/* Entries */

static void
test_entry_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_LINK);
  g_autoptr(KennisEntry) again = NULL;
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) fresh = NULL;
  const char *tags[] = { "reading", "Werk", NULL };
  g_autofree char *id = NULL;

  g_assert_cmpint (kennis_entry_get_num (entry), ==, 0);
  kennis_entry_set_title (entry, "A link worth keeping");
  kennis_entry_set_body (entry, "Why it matters.");
  kennis_entry_set_url (entry, "  https://example.org/a  ");
  kennis_entry_set_language (entry, "en");
  kennis_entry_set_tags (entry, tags);
  g_assert_true (kennis_entry_get_dirty (entry));
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_false (kennis_entry_get_dirty (entry));

  g_assert_cmpint (kennis_entry_get_num (entry), >, 0);
  g_assert_true (g_uuid_string_is_valid (kennis_entry_get_id (entry)));
  g_assert_nonnull (kennis_entry_get_created (entry));
  g_assert_nonnull (kennis_entry_get_updated (entry));
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);
  id = g_strdup (kennis_entry_get_id (entry));

  /* The same store hands out the same object. */
  again = kennis_store_get_entry (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (again == entry);
  g_clear_object (&again);

  kennis_entry_set_title (entry, "A better title");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);

  /* What is on disk, read by a second store. */
  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  fresh = kennis_store_get_entry (other, id, &error);
  g_assert_no_error (error);
  g_assert_true (fresh != entry);
  g_assert_cmpstr (kennis_entry_get_id (fresh), ==, id);
  g_assert_cmpint (kennis_entry_get_kind (fresh), ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_cmpstr (kennis_entry_get_title (fresh), ==, "A better title");
  g_assert_cmpstr (kennis_entry_get_body (fresh), ==, "Why it matters.");
  g_assert_cmpstr (kennis_entry_get_url (fresh), ==, "https://example.org/a");
  g_assert_cmpstr (kennis_entry_get_language (fresh), ==, "en");
  g_assert_cmpstrv (kennis_entry_get_tags (fresh), tags);
  g_assert_true (kennis_entry_is_private (fresh));
  g_assert_false (kennis_entry_get_dirty (fresh));
  g_assert_cmpint (g_date_time_to_unix (kennis_entry_get_created (fresh)), ==,
                   g_date_time_to_unix (kennis_entry_get_created (entry)));

  g_assert_null (kennis_store_get_entry (other, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
}

static const struct {
  const char *title;
  const char *body;
} unicode_cases[] = {
  { "Creëer een notitie", "Ideeën over coöperatie en één café" },
  { "日本語のメモ", "本文は日本語です。" },
  { "Emoji 🎉 party", "Body with 👩‍💻 and a ZWJ sequence" },
  { "", "" },
  { "Quotes \"double\" and 'single'", "Backslash \\ and %s %d and NUL-free \t tab\nnew line" },
  { "Right-to-left שלום", "مرحبا بالعالم" },
};

static void
test_entry_unicode (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (unicode_cases); i++)
    {
      g_autoptr(KennisEntry) entry = save_note (f->store, unicode_cases[i].title,
                                                unicode_cases[i].body, "ünïcödé,日本");
      g_ptr_array_add (ids, g_strdup (kennis_entry_get_id (entry)));
    }

  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (unicode_cases); i++)
    {
      g_autoptr(KennisEntry) entry = kennis_store_get_entry (other, ids->pdata[i], &error);
      const char *tags[] = { "ünïcödé", "日本", NULL };

      g_assert_no_error (error);
      g_assert_cmpstr (kennis_entry_get_title (entry), ==, unicode_cases[i].title);
      g_assert_cmpstr (kennis_entry_get_body (entry), ==, unicode_cases[i].body);
      g_assert_cmpstrv (kennis_entry_get_tags (entry), tags);
    }
}

/* A failed first save must not leave the entry looking stored: the next
 * save would update a row that does not exist, and the note would be lost. */
static void
test_entry_failed_save (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  g_autoptr(KennisEntry) updated = save_note (f->store, "Edited", "", NULL);
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_autoptr(GDateTime) before = g_date_time_ref (kennis_entry_get_updated (updated));

  kennis_entry_set_title (entry, "Do not lose me");
  kennis_entry_toggle_audience (entry, 999, TRUE);
  g_assert_false (kennis_store_save_entry (f->store, entry, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kennis_entry_get_num (entry), ==, 0);
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);

  kennis_entry_toggle_audience (entry, 999, FALSE);
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 2);

  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  reread = kennis_store_get_entry (other, kennis_entry_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_entry_get_title (reread), ==, "Do not lose me");

  /* A saved edit shows its new time without a reload. */
  g_usleep (1100 * 1000);
  kennis_entry_set_body (updated, "changed");
  g_assert_true (kennis_store_save_entry (f->store, updated, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_compare (kennis_entry_get_updated (updated), before), >, 0);
}

static void
count_changed_cb (KennisStore *store,
                  guint        what,
                  guint       *count)
{
  (*count)++;
}

static void
record_change_cb (KennisStore *store,
                  guint        what,
                  guint       *last)
{
  *last = what;
}

/* The sidebar recounts 100,000 entries only when counts can have changed. */
static void
test_entry_change_flags (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  guint last = 0;

  g_signal_connect (f->store, "changed", G_CALLBACK (record_change_cb), &last);

  kennis_entry_set_title (entry, "New");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_cmpuint (last, ==, KENNIS_STORE_CHANGE_ALL);

  last = 0;
  kennis_entry_set_body (entry, "Typing, typing");
  kennis_entry_set_title (entry, "Newer");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_cmpuint (last, ==, KENNIS_STORE_CHANGE_ENTRIES);

  last = 0;
  kennis_entry_add_tag (entry, "counted");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_cmpuint (last, ==, KENNIS_STORE_CHANGE_ALL);

  last = 0;
  kennis_entry_toggle_audience (entry, 1, TRUE);
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  g_assert_cmpuint (last, ==, KENNIS_STORE_CHANGE_ALL);

  last = 0;
  g_assert_true (kennis_store_delete_entry (f->store, entry, &error));
  g_assert_cmpuint (last, ==, KENNIS_STORE_CHANGE_ALL);
  g_assert_no_error (error);

  g_signal_handlers_disconnect_by_func (f->store, record_change_cb, &last);
}

static void
test_entry_save_many (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KennisEntry) bad = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  guint changed = 0;

  for (guint i = 0; i < 50; i++)
    {
      KennisEntry *entry = kennis_entry_new (i % 2 ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE);
      g_autofree char *title = g_strdup_printf ("Bulk %u", i);

      kennis_entry_set_title (entry, title);
      kennis_entry_add_tag (entry, "bulk");
      g_ptr_array_add (entries, entry);
    }
  g_signal_connect (f->store, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_true (kennis_store_save_entries (f->store, entries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 50);
  g_assert_cmpuint (changed, ==, 1);
  for (guint i = 0; i < entries->len; i++)
    {
      g_assert_cmpint (kennis_entry_get_num (entries->pdata[i]), >, 0);
      g_assert_false (kennis_entry_get_dirty (entries->pdata[i]));
    }

  /* All or nothing: one bad entry and none of the batch is written. */
  g_ptr_array_set_size (entries, 0);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (entries, kennis_entry_new (KENNIS_ENTRY_KIND_NOTE));
  kennis_entry_toggle_audience (bad, 999, TRUE);
  g_ptr_array_add (entries, g_object_ref (bad));
  g_assert_false (kennis_store_save_entries (f->store, entries, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 50);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpint (kennis_entry_get_num (entries->pdata[i]), ==, 0);
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_func (f->store, count_changed_cb, &changed);
}

/* Tags */

static void
test_tags_case_insensitive (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KennisEntry) a = save_note (f->store, "one", "", "Work,Ideas");
  g_autoptr(KennisEntry) b = save_note (f->store, "two", "", "work");
  g_autoptr(KennisEntry) c = save_note (f->store, "three", "", "WORK, #ideas ,work");
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(KennisTag) work = NULL;
  g_autoptr(KennisTag) ideas = NULL;
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;
  guint n_work_like = 0;

  /* One entry never carries the same tag twice. */
  g_assert_cmpuint (g_strv_length ((GStrv)kennis_entry_get_tags (c)), ==, 2);

  tags = kennis_store_list_tags (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(KennisTag) tag = g_list_model_get_item (tags, i);
      g_autofree char *key = kennis_tag_dup_key (kennis_tag_get_name (tag));

      if (g_str_equal (key, "work"))
        n_work_like++;
    }
  g_assert_cmpuint (n_work_like, ==, 1);

  work = find_tag (tags, "Work");
  g_assert_nonnull (work);
  g_assert_cmpuint (kennis_tag_get_n_entries (work), ==, 3);
  ideas = find_tag (tags, "Ideas");
  g_assert_nonnull (ideas);
  g_assert_cmpuint (kennis_tag_get_n_entries (ideas), ==, 2);

  /* Filtering by a tag ignores case too. */
  kennis_query_set_tag (query, "wORk");
  g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, 3);
  g_assert_no_error (error);

  /* A tag that no live entry uses leaves the sidebar. */
  kennis_entry_set_tags (a, NULL);
  kennis_store_save_entry (f->store, a, &error);
  g_assert_no_error (error);
  kennis_store_delete_entry (f->store, c, &error);
  g_assert_no_error (error);
  g_clear_object (&tags);
  g_clear_object (&ideas);
  g_clear_object (&work);
  tags = kennis_store_list_tags (f->store, &error);
  g_assert_no_error (error);
  ideas = find_tag (tags, "Ideas");
  g_assert_null (ideas);
  work = find_tag (tags, "Work");
  g_assert_nonnull (work);
  g_assert_cmpuint (kennis_tag_get_n_entries (work), ==, 1);
}

static void
test_tags_complete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KennisEntry) a = save_note (f->store, "one", "", "Werkoverleg,werkwijze");
  g_autoptr(KennisEntry) b = save_note (f->store, "two", "", "werkwijze,Wereld");
  g_autoptr(KennisEntry) c = save_note (f->store, "three", "", "Wiskunde");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) werk = NULL;
  g_auto(GStrv) one = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) all = NULL;

  werk = kennis_store_complete_tag (f->store, "WERK", 10, &error);
  g_assert_no_error (error);
  /* Most used first. */
  g_assert_cmpuint (g_strv_length (werk), ==, 2);
  g_assert_cmpstr (werk[0], ==, "werkwijze");
  g_assert_cmpstr (werk[1], ==, "Werkoverleg");

  one = kennis_store_complete_tag (f->store, "w", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (one), ==, 1);
  g_assert_cmpstr (one[0], ==, "werkwijze");

  none = kennis_store_complete_tag (f->store, "zzz", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  all = kennis_store_complete_tag (f->store, "w", 0, &error);
  g_assert_no_error (error);
  /* Plus the welcome entry tag "writing". */
  g_assert_cmpuint (g_strv_length (all), ==, 5);
}

/* Audiences */

static void
test_audience_builtin (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *key;
    const char *english;
  } builtins[] = {
    { KENNIS_AUDIENCE_TEAM, "My team" },
    { KENNIS_AUDIENCE_ORG, "My organisation" },
    { KENNIS_AUDIENCE_PUBLIC, "Public" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) audiences = kennis_store_list_audiences (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (audiences), ==, G_N_ELEMENTS (builtins));

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      g_autoptr(KennisAudience) audience = g_list_model_get_item (audiences, i);
      g_autoptr(KennisAudience) by_key = NULL;
      g_autoptr(KennisAudience) by_name = NULL;
      g_autofree char *upper = g_utf8_strup (builtins[i].english, -1);

      g_assert_cmpstr (kennis_audience_get_key (audience), ==, builtins[i].key);
      g_assert_true (kennis_audience_is_builtin (audience));
      g_assert_cmpstr (kennis_audience_get_name (audience), ==,
                       kennis_audience_builtin_name (builtins[i].key));
      /* Tests run untranslated, so the name is the English one. */
      g_assert_cmpstr (kennis_audience_get_name (audience), ==, builtins[i].english);

      by_key = kennis_store_find_audience (f->store, builtins[i].key, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kennis_audience_get_id (by_key), ==, kennis_audience_get_id (audience));
      by_name = kennis_store_find_audience (f->store, upper, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kennis_audience_get_id (by_name), ==, kennis_audience_get_id (audience));

      g_assert_false (kennis_store_remove_audience (f->store, kennis_audience_get_id (audience), &error));
      g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* Still all there. */
  g_clear_object (&audiences);
  audiences = kennis_store_list_audiences (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (audiences), ==, G_N_ELEMENTS (builtins));
}

static void
test_audience_custom (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) board = NULL;
  g_autoptr(KennisAudience) found = NULL;
  g_autoptr(KennisAudience) other = NULL;
  g_autoptr(GListModel) audiences = NULL;
  gint64 id;

  board = kennis_store_add_audience (f->store, "  The Board ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_audience_get_name (board), ==, "The Board");
  g_assert_false (kennis_audience_is_builtin (board));
  id = kennis_audience_get_id (board);

  /* Duplicate names are refused, in any case, built-in names too. */
  g_assert_null (kennis_store_add_audience (f->store, "the board", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (kennis_store_add_audience (f->store, "My Team", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (kennis_store_add_audience (f->store, "   ", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  g_clear_error (&error);

  other = kennis_store_add_audience (f->store, "Klanten", &error);
  g_assert_no_error (error);
  g_assert_false (kennis_store_rename_audience (f->store, kennis_audience_get_id (other), "THE BOARD", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Renaming to a different case of its own name is fine. */
  g_assert_true (kennis_store_rename_audience (f->store, id, "Raad van bestuur", &error));
  g_assert_no_error (error);
  found = kennis_store_find_audience (f->store, "raad van BESTUUR", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kennis_audience_get_id (found), ==, id);
  g_assert_cmpstr (kennis_audience_get_name (found), ==, "Raad van bestuur");
  g_assert_null (kennis_store_find_audience (f->store, "The Board", &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  audiences = kennis_store_list_audiences (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (audiences), ==, 5);
}

static void
test_audience_remove_in_use (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) board = kennis_store_add_audience (f->store, "Board", &error);
  g_autoptr(KennisAudience) team = kennis_store_find_audience (f->store, "team", &error);
  g_autoptr(KennisEntry) only_board = save_note (f->store, "only board", "", NULL);
  g_autoptr(KennisEntry) both = save_note (f->store, "board and team", "", NULL);
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_autoptr(KennisAudience) counted = NULL;
  gint64 board_id = kennis_audience_get_id (board);
  gint64 team_id = kennis_audience_get_id (team);
  guint private_before;

  g_assert_no_error (error);
  query->audience = KENNIS_QUERY_PRIVATE;
  private_before = kennis_store_count (f->store, query, &error);

  kennis_entry_toggle_audience (only_board, board_id, TRUE);
  kennis_store_save_entry (f->store, only_board, &error);
  g_assert_no_error (error);
  kennis_entry_toggle_audience (both, board_id, TRUE);
  kennis_entry_toggle_audience (both, team_id, TRUE);
  kennis_store_save_entry (f->store, both, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, private_before - 2);

  counted = kennis_store_get_audience (f->store, board_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kennis_audience_get_n_entries (counted), ==, 2);

  g_assert_true (kennis_store_remove_audience (f->store, board_id, &error));
  g_assert_no_error (error);

  /* Narrowing never widens: the board-only entry is private now. */
  g_assert_true (kennis_entry_is_private (only_board));
  g_assert_false (kennis_entry_get_dirty (only_board));
  g_assert_false (kennis_entry_has_audience (both, board_id));
  g_assert_true (kennis_entry_has_audience (both, team_id));
  g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, private_before - 1);

  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  reread = kennis_store_get_entry (other, kennis_entry_get_id (only_board), &error);
  g_assert_no_error (error);
  g_assert_true (kennis_entry_is_private (reread));
  g_assert_null (kennis_store_get_audience (f->store, board_id, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
}

/* Opening and migrations */

static void
test_open_fresh (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "kennis.db", NULL);
  g_autoptr(KennisStore) again = NULL;

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_store_get_path (store), ==, f->path);

  nums = kennis_store_query (store, query, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nums->len, ==, N_WELCOME);
  entries = kennis_store_get_entries (store, (const gint64 *)(gpointer)nums->data, nums->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, N_WELCOME);
  /* The first welcome entry is on top. */
  g_assert_cmpstr (kennis_entry_get_title (entries->pdata[0]), ==, "Welcome to Kennis");
  g_clear_object (&store);

  g_assert_cmpint (read_user_version (f->path), ==, KENNIS_STORE_SCHEMA_VERSION);
  g_assert_cmpint (read_user_version (f->path), ==, 4);

  /* Opening again migrates nothing and adds no second set of welcome entries. */
  again = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (again), ==, N_WELCOME);

  /* Missing folders are made. */
  g_clear_object (&store);
  store = kennis_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
}

static void
test_open_newer_version (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;

  /* A notebook a future Kennis wrote. */
  store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99; CREATE TABLE future (x)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = checksum_file (f->path);

  store = kennis_store_open (f->path, &error);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NEWER_VERSION);
  g_assert_null (store);

  after = checksum_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (read_user_version (f->path), ==, 99);
}

typedef enum
{
  DAMAGE_TRUNCATE,
  DAMAGE_HEADER,
  DAMAGE_EMPTY,
  DAMAGE_DIRECTORY,
  DAMAGE_MIDDLE,
} Damage;

static void
make_notebook_with_entries (const char *path,
                            guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = kennis_store_open (path, &error);
  g_autofree char *body = g_strnfill (2000, 'x');

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Entry %u", i);
      g_autoptr(KennisEntry) entry = save_note (store, title, body, "filler");
    }
}

static void
damage_file (const char *path,
             Damage      damage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  switch (damage)
    {
    case DAMAGE_TRUNCATE:
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 16384);
      g_file_set_contents (path, contents, length / 2, &error);
      g_assert_no_error (error);
      break;
    case DAMAGE_HEADER:
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 16; i++)
        contents[i] ^= 0x5a;
      g_file_set_contents (path, contents, length, &error);
      g_assert_no_error (error);
      break;
    case DAMAGE_MIDDLE:
      /* A page in the middle overwritten: only a quick_check sees it. */
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 8 * 4096);
      memset (contents + (length / 4096 / 2) * 4096, 0x5a, 4096);
      g_file_set_contents (path, contents, length, &error);
      g_assert_no_error (error);
      break;
    case DAMAGE_EMPTY:
      g_remove (path);
      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
      break;
    case DAMAGE_DIRECTORY:
      g_remove (path);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_open_damaged (Fixture       *f,
                   gconstpointer  data)
{
  Damage damage = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *aside = NULL;

  make_notebook_with_entries (f->path, 40);
  damage_file (f->path, damage);
  if (damage != DAMAGE_DIRECTORY)
    before = checksum_file (f->path);

  store = kennis_store_open (f->path, &error);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_clear_error (&error);

  /* Trying again changes nothing either. */
  store = kennis_store_open (f->path, &error);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  if (damage != DAMAGE_DIRECTORY)
    {
      g_autofree char *after = checksum_file (f->path);
      g_assert_cmpstr (before, ==, after);
    }
  else
    g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));

  g_assert_true (kennis_store_set_aside (f->path, &aside, &error));
  g_assert_no_error (error);
  g_assert_nonnull (aside);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (aside, f->path));
  if (damage != DAMAGE_DIRECTORY)
    {
      g_autofree char *moved = checksum_file (aside);
      g_assert_cmpstr (before, ==, moved);
    }
  else
    g_assert_true (g_file_test (aside, G_FILE_TEST_IS_DIR));

  /* A fresh notebook takes its place. */
  store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_all (store), ==, N_WELCOME);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  if (!kennis_store_check_finish (KENNIS_STORE (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "sound");
}

static GError *
run_check (KennisStore *store)
{
  GError *error = NULL;

  kennis_store_check_async (store, NULL, check_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

/* Large notebooks are checked in the background once open. */
static void
test_check_background (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) sound = NULL;
  g_autoptr(GError) damaged = NULL;

  g_clear_object (&f->store);
  make_notebook_with_entries (f->path, 40);
  f->store = kennis_store_open (f->path, NULL);
  g_assert_nonnull (f->store);

  sound = run_check (f->store);
  g_assert_error (sound, G_IO_ERROR, G_IO_ERROR_NONE);

  damage_file (f->path, DAMAGE_MIDDLE);
  damaged = run_check (f->store);
  g_assert_error (damaged, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT);
}

/* Backups */

static void
test_backup_rotate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kennis_store_dup_backup_dir (f->store);
  g_autofree char *backup = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "kennis-%Y-%m-%d.db");
  g_autofree char *expected = g_build_filename (dir, today, NULL);
  g_autoptr(GDir) folder = NULL;
  const char *name;
  guint n = 0;
  gboolean found_today = FALSE;

  /* Ten older backups from January 2020. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint day = 1; day <= 10; day++)
    {
      g_autofree char *old_name = g_strdup_printf ("kennis-2020-01-%02u.db", day);
      g_autofree char *old_path = g_build_filename (dir, old_name, NULL);

      g_file_set_contents (old_path, "old", -1, &error);
      g_assert_no_error (error);
    }

  backup = kennis_store_backup (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, expected);
  g_assert_cmpint (read_user_version (backup), ==, KENNIS_STORE_SCHEMA_VERSION);

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_test_message ("backup folder: %s", name);
      n++;
      if (g_str_equal (name, today))
        found_today = TRUE;
      /* The oldest went first. */
      g_assert_cmpstr (name, !=, "kennis-2020-01-01.db");
      g_assert_cmpstr (name, !=, "kennis-2020-01-04.db");
      g_assert_false (g_str_has_suffix (name, ".partial"));
    }
  g_assert_cmpuint (n, ==, KENNIS_STORE_BACKUPS_KEPT);
  g_assert_true (found_today);
}

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) kept = save_note (f->store, "Kept in the backup", "body", "backup");
  g_autoptr(KennisEntry) restored = NULL;
  g_autofree char *kept_id = g_strdup (kennis_entry_get_id (kept));
  g_autofree char *backup = NULL;
  g_autofree char *last = NULL;
  g_autofree char *aside = NULL;

  backup = kennis_store_backup (f->store, &error);
  g_assert_no_error (error);
  g_clear_object (&kept);
  g_clear_object (&f->store);

  last = kennis_store_find_last_backup (f->path);
  g_assert_cmpstr (last, ==, backup);

  /* Restoring over an existing notebook is refused. */
  g_assert_false (kennis_store_restore_backup (f->path, last, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  damage_file (f->path, DAMAGE_HEADER);
  f->store = kennis_store_open (f->path, &error);
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (kennis_store_set_aside (f->path, &aside, &error));
  g_assert_no_error (error);
  g_assert_true (kennis_store_restore_backup (f->path, last, &error));
  g_assert_no_error (error);

  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  restored = kennis_store_get_entry (f->store, kept_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_entry_get_title (restored), ==, "Kept in the backup");
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);
  g_assert_cmpuint (count_text (f->store, "kept"), ==, 1);
  /* The backup is still there for another time. */
  g_assert_true (g_file_test (last, G_FILE_TEST_IS_REGULAR));
}

static void
test_backup_none (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_null (kennis_store_find_last_backup (f->path));
}

/* Deleting */

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = save_note (f->store, "Short-lived", "zebrafinch", "tijdelijk");
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(KennisTag) tag = NULL;

  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);
  g_assert_cmpuint (count_text (f->store, "zebrafinch"), ==, 1);

  g_assert_true (kennis_store_delete_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_true (kennis_entry_get_deleted (entry));
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME);
  g_assert_cmpuint (count_text (f->store, "zebrafinch"), ==, 0);
  tags = kennis_store_list_tags (f->store, &error);
  g_assert_no_error (error);
  tag = find_tag (tags, "tijdelijk");
  g_assert_null (tag);
  g_clear_object (&tags);

  g_assert_true (kennis_store_undelete_entry (f->store, entry, &error));
  g_assert_no_error (error);
  g_assert_false (kennis_entry_get_deleted (entry));
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);
  g_assert_cmpuint (count_text (f->store, "zebrafinch"), ==, 1);
  tags = kennis_store_list_tags (f->store, &error);
  g_assert_no_error (error);
  tag = find_tag (tags, "tijdelijk");
  g_assert_nonnull (tag);
  g_assert_cmpuint (kennis_tag_get_n_entries (tag), ==, 1);
}

static void
test_delete_purge (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) gone = save_note (f->store, "Gone for good", "", "weg");
  g_autoptr(KennisEntry) live = save_note (f->store, "Still here", "", "hier");
  g_autofree char *gone_id = g_strdup (kennis_entry_get_id (gone));
  g_autofree char *live_id = g_strdup (kennis_entry_get_id (live));
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) reread = NULL;
  g_auto(GStrv) completions = NULL;

  kennis_store_delete_entry (f->store, gone, &error);
  g_assert_no_error (error);

  /* Too recent to purge with the default age. */
  g_assert_cmpuint (kennis_store_purge_deleted (f->store, KENNIS_STORE_PURGE_AFTER, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (kennis_store_undelete_entry (f->store, gone, &error));
  g_assert_true (kennis_store_delete_entry (f->store, gone, &error));

  g_assert_cmpuint (kennis_store_purge_deleted (f->store, 0, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_object (&gone);
  g_clear_object (&live);

  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_null (kennis_store_get_entry (other, gone_id, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  reread = kennis_store_get_entry (other, live_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kennis_entry_get_title (reread), ==, "Still here");
  g_assert_cmpuint (count_all (other), ==, N_WELCOME + 1);

  /* The purged entry's tag is gone from completion too. */
  completions = kennis_store_complete_tag (other, "we", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (completions), ==, 0);
}

/* Changes by another process */

static void
count_signal_cb (KennisStore *store,
                 guint        what,
                 guint       *count)
{
  (*count)++;
}

static void
test_changes_other_store (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) mine = save_note (f->store, "Old title", "", NULL);
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) theirs = NULL;
  g_autoptr(KennisEntry) added = NULL;
  guint changed = 0;

  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal_cb), &changed);

  /* Nothing happened yet. */
  g_assert_false (kennis_store_check_changes (f->store));
  g_assert_cmpuint (changed, ==, 0);

  theirs = kennis_store_get_entry (other, kennis_entry_get_id (mine), &error);
  g_assert_no_error (error);
  g_assert_true (theirs != mine);
  kennis_entry_set_title (theirs, "New title from elsewhere");
  kennis_store_save_entry (other, theirs, &error);
  g_assert_no_error (error);

  g_assert_true (kennis_store_check_changes (f->store));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (kennis_entry_get_title (mine), ==, "New title from elsewhere");
  g_assert_false (kennis_entry_get_dirty (mine));

  /* Once seen, the same change is not reported again. */
  g_assert_false (kennis_store_check_changes (f->store));
  g_assert_cmpuint (changed, ==, 1);

  /* New entries and deletions are seen as well. */
  added = save_note (other, "Added elsewhere", "", NULL);
  kennis_store_delete_entry (other, theirs, &error);
  g_assert_no_error (error);
  g_assert_true (kennis_store_check_changes (f->store));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (kennis_entry_get_deleted (mine));
  g_assert_cmpuint (count_all (f->store), ==, N_WELCOME + 1);

  /* Our own saves emit changed directly and are not reported twice. */
  g_signal_handlers_disconnect_by_func (f->store, count_signal_cb, &changed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_BARE(path, func, data) \
  g_test_add (path, Fixture, data, bare_set_up, func, fixture_tear_down)

  ADD ("/store/entry/crud", test_entry_crud);
  ADD ("/store/entry/unicode", test_entry_unicode);
  ADD ("/store/entry/failed-save", test_entry_failed_save);
  ADD ("/store/entry/save-many", test_entry_save_many);
  ADD ("/store/entry/change-flags", test_entry_change_flags);
  ADD ("/store/tags/case-insensitive", test_tags_case_insensitive);
  ADD ("/store/tags/complete", test_tags_complete);
  ADD ("/store/audience/builtin", test_audience_builtin);
  ADD ("/store/audience/custom", test_audience_custom);
  ADD ("/store/audience/remove-in-use", test_audience_remove_in_use);
  ADD_BARE ("/store/open/fresh", test_open_fresh, NULL);
  ADD_BARE ("/store/open/newer-version", test_open_newer_version, NULL);
  ADD_BARE ("/store/open/damaged/truncated", test_open_damaged, GINT_TO_POINTER (DAMAGE_TRUNCATE));
  ADD_BARE ("/store/open/damaged/header", test_open_damaged, GINT_TO_POINTER (DAMAGE_HEADER));
  ADD_BARE ("/store/open/damaged/empty", test_open_damaged, GINT_TO_POINTER (DAMAGE_EMPTY));
  ADD_BARE ("/store/open/damaged/directory", test_open_damaged, GINT_TO_POINTER (DAMAGE_DIRECTORY));
  ADD_BARE ("/store/open/damaged/middle", test_open_damaged, GINT_TO_POINTER (DAMAGE_MIDDLE));
  ADD ("/store/check/background", test_check_background);
  ADD ("/store/backup/rotate", test_backup_rotate);
  ADD ("/store/backup/restore", test_backup_restore);
  ADD ("/store/backup/none", test_backup_none);
  ADD ("/store/delete/undo", test_delete_undo);
  ADD ("/store/delete/purge", test_delete_purge);
  ADD ("/store/changes/other-store", test_changes_other_store);

#undef ADD
#undef ADD_BARE

  return g_test_run ();
}
