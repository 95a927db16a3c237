/* test-entry-list.c — the list of entries a view shows, as a GListModel
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kennis-entry.h"
#include "kennis-entry-list.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

#define N_WELCOME 4

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  char            *dir;
  char            *path;
  KennisStore     *store;
  KennisEntryList *list;
  GArray          *changes;  /* of Change */
  GPtrArray       *mirror;   /* what a view would show, built from the emissions */
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Applies each emission to a copy, the way GtkListView would. */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  Change change = { position, removed, added };

  g_array_append_val (f->changes, change);
  g_assert_cmpuint (position + removed, <=, f->mirror->len);
  g_ptr_array_remove_range (f->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (f->mirror, position + i, g_list_model_get_item (model, position + i));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  f->list = kennis_entry_list_new (f->store);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  f->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
}

/* Queries that were cancelled still hold the list until their answer
 * arrives on the main loop; wait for that, then check nothing leaked. */
static void
finalize_and_wait (gpointer object)
{
  gpointer weak = object;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && !timed_out)
    {
      /* The last reference may go on a worker thread, with nothing to
       * wake the main loop, so poll. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  if (timed_out)
    g_error ("%s was not finalized: a reference leaked", G_OBJECT_TYPE_NAME (weak));
  g_source_remove (id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->mirror, g_ptr_array_unref);
  g_clear_pointer (&f->changes, g_array_unref);
  finalize_and_wait (f->list);
  /* A worker thread lets go of its task, and so of the store, just after
   * the answer was delivered. */
  finalize_and_wait (f->store);
  kennis_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
wait_loaded (Fixture *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (kennis_entry_list_get_loading (f->list) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("the list did not finish loading within 10 seconds");
  g_source_remove (id);
}

/* The mirror built from emissions must equal the model item for item. */
static void
assert_mirror_exact (Fixture *f)
{
  GListModel *model = G_LIST_MODEL (f->list);

  g_assert_cmpuint (f->mirror->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < f->mirror->len; i++)
    {
      g_autoptr(KennisEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpint (kennis_entry_get_num (entry), ==, kennis_entry_get_num (f->mirror->pdata[i]));
    }
}

static void
set_query (Fixture           *f,
           const KennisQuery *query)
{
  kennis_entry_list_set_query (f->list, query);
  wait_loaded (f);
  assert_mirror_exact (f);
}

static void
add_entries (Fixture    *f,
             guint       n,
             const char *prefix)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      KennisEntry *entry = kennis_entry_new (i % 3 == 0 ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE);
      g_autofree char *title = g_strdup_printf ("%s %u", prefix, i);

      kennis_entry_set_title (entry, title);
      if (i % 2 == 0)
        kennis_entry_add_tag (entry, "even");
      g_ptr_array_add (entries, entry);
    }

  g_assert_true (kennis_store_save_entries (f->store, entries, &error));
  g_assert_no_error (error);
}

static const char *
title_at (Fixture *f,
          guint    position)
{
  g_autoptr(KennisEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->list), position);

  g_assert_true (KENNIS_IS_ENTRY (entry));
  /* The store keeps the entry alive while the list caches it. */
  return kennis_entry_get_title (entry);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == KENNIS_TYPE_ENTRY);

  set_query (f, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_WELCOME);
  g_assert_cmpstr (title_at (f, 0), ==, "Welcome to Kennis");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), N_WELCOME));

  add_entries (f, 30, "Item");
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_WELCOME + 30);

  /* Every filter gives the count the store gives, in the store's order. */
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GArray) nums = NULL;

      kennis_query_set_text (query, round == 1 || round == 3 ? "item" : NULL);
      kennis_query_set_tag (query, round >= 2 ? "even" : NULL);
      query->kind = round == 3 ? KENNIS_QUERY_KIND_LINK : KENNIS_QUERY_KIND_ANY;
      set_query (f, query);

      nums = kennis_store_query (f->store, query, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, nums->len);
      g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, nums->len);
      for (guint i = 0; i < nums->len; i++)
        {
          g_autoptr(KennisEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->list), i);
          g_assert_cmpint (kennis_entry_get_num (entry), ==, g_array_index (nums, gint64, i));
        }
    }
  /* Items 0, 6, 12, 18, 24 are links with the tag. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 5);
  g_assert_false (kennis_entry_list_get_truncated (f->list));

  /* Newest first: the last one saved in the batch is on top. */
  kennis_query_set_text (query, NULL);
  kennis_query_set_tag (query, NULL);
  query->kind = KENNIS_QUERY_KIND_ANY;
  set_query (f, query);
  g_assert_cmpstr (title_at (f, 0), ==, "Item 29");
  g_assert_cmpstr (title_at (f, 29), ==, "Item 0");
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  GListModel *model = G_LIST_MODEL (f->list);
  const guint n = 3000;
  guint n_items;

  add_entries (f, n, "Paged");
  set_query (f, query);
  n_items = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_items, ==, n + N_WELCOME);

  /* Walk all of it, down and back up, as a fast scroll would. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("Paged %u", n - 1 - i);

      g_assert_cmpstr (title_at (f, i), ==, expected);
      g_assert_cmpuint (kennis_entry_list_get_n_cached (f->list), <=, 1024);
    }
  for (guint i = n_items; i > 0; i -= 7)
    {
      g_autoptr(KennisEntry) entry = g_list_model_get_item (model, i - 1);

      g_assert_nonnull (entry);
      g_assert_cmpuint (kennis_entry_list_get_n_cached (f->list), <=, 1024);
      if (i < 7)
        break;
    }
  g_assert_cmpuint (kennis_entry_list_get_n_cached (f->list), >, 0);

  /* Random access far apart. */
  g_assert_cmpstr (title_at (f, 2999), ==, "Paged 0");
  g_assert_cmpstr (title_at (f, 64), ==, "Paged 2935");
  g_assert_cmpstr (title_at (f, 63), ==, "Paged 2936");
  {
    g_autoptr(KennisEntry) middle = g_list_model_get_item (model, 1500);

    g_assert_cmpuint (kennis_entry_list_find (f->list, kennis_entry_get_num (middle)), ==, 1500);
  }
}

static void
test_items_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) top = NULL;
  g_autoptr(KennisEntry) moved = NULL;
  g_autoptr(KennisEntry) fresh = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  GListModel *model = G_LIST_MODEL (f->list);
  Change *c;

  add_entries (f, 20, "Row");
  set_query (f, query);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c->position, ==, 0);
  g_assert_cmpuint (c->removed, ==, 0);
  g_assert_cmpuint (c->added, ==, 20 + N_WELCOME);

  /* Editing the top entry keeps it on top: nothing or one row changes. */
  g_array_set_size (f->changes, 0);
  top = g_list_model_get_item (model, 0);
  kennis_entry_set_title (top, "Row 19, edited");
  kennis_store_save_entry (f->store, top, &error);
  g_assert_no_error (error);
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpuint (f->changes->len, <=, 1);
  if (f->changes->len == 1)
    {
      c = &g_array_index (f->changes, Change, 0);
      g_assert_cmpuint (c->position, ==, 0);
      g_assert_cmpuint (c->removed, <=, 1);
      g_assert_cmpuint (c->added, <=, 1);
    }
  g_assert_cmpstr (title_at (f, 0), ==, "Row 19, edited");

  /* Editing the sixth entry moves it to the top: one range, rows 0–5. */
  g_array_set_size (f->changes, 0);
  moved = g_list_model_get_item (model, 5);
  kennis_entry_set_body (moved, "now the newest");
  kennis_store_save_entry (f->store, moved, &error);
  g_assert_no_error (error);
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c->position, ==, 0);
  g_assert_cmpuint (c->removed, ==, 6);
  g_assert_cmpuint (c->added, ==, 6);
  g_assert_true (f->mirror->pdata[0] == moved);

  /* A new entry is one insertion on top. */
  g_array_set_size (f->changes, 0);
  kennis_entry_set_title (fresh, "Brand new");
  kennis_store_save_entry (f->store, fresh, &error);
  g_assert_no_error (error);
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpuint (f->changes->len, ==, 1);
  c = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (c->position, ==, 0);
  g_assert_cmpuint (c->removed, ==, 0);
  g_assert_cmpuint (c->added, ==, 1);

  /* Deleting the entry at position 10 removes exactly that row; undo puts it back. */
  g_array_set_size (f->changes, 0);
  {
    g_autoptr(KennisEntry) victim = g_list_model_get_item (model, 10);

    kennis_store_delete_entry (f->store, victim, &error);
    g_assert_no_error (error);
    wait_loaded (f);
    assert_mirror_exact (f);
    g_assert_cmpuint (f->changes->len, ==, 1);
    c = &g_array_index (f->changes, Change, 0);
    g_assert_cmpuint (c->position, ==, 10);
    g_assert_cmpuint (c->removed, ==, 1);
    g_assert_cmpuint (c->added, ==, 0);
    g_assert_cmpuint (kennis_entry_list_find (f->list, kennis_entry_get_num (victim)), ==, G_MAXUINT);

    g_array_set_size (f->changes, 0);
    kennis_store_undelete_entry (f->store, victim, &error);
    g_assert_no_error (error);
    wait_loaded (f);
    assert_mirror_exact (f);
    g_assert_cmpuint (f->changes->len, ==, 1);
    c = &g_array_index (f->changes, Change, 0);
    g_assert_cmpuint (c->position, ==, 10);
    g_assert_cmpuint (c->removed, ==, 0);
    g_assert_cmpuint (c->added, ==, 1);
  }

  /* A different filter replaces everything, still exactly. */
  g_array_set_size (f->changes, 0);
  kennis_query_set_tag (query, "even");
  set_query (f, query);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  /* Searching, typed a letter at a time, several queries in flight. */
  kennis_query_set_tag (query, NULL);
  kennis_query_set_text (query, "r");
  kennis_entry_list_set_query (f->list, query);
  kennis_query_set_text (query, "ro");
  kennis_entry_list_set_query (f->list, query);
  kennis_query_set_text (query, "row 1");
  set_query (f, query);
  /* "row 1" matches Row 1, Row 10–19 (edited 19 too): every word is a prefix. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 11);
}

/* A search shows its first page, and more when the view reaches its end. */
static void
test_search_pages (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  guint page = KENNIS_ENTRY_LIST_SEARCH_PAGE;
  gboolean timed_out = FALSE;
  guint id;

  add_entries (f, page * 2 + 50, "Zebra");
  kennis_query_set_text (query, "zebra");
  set_query (f, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, page);
  g_assert_true (kennis_entry_list_get_truncated (f->list));
  g_assert_cmpstr (title_at (f, 0), ==, "Zebra 449");

  /* Looking at the last rows, as a scrolled GtkListView does. */
  title_at (f, page - 1);
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (f->list)) == page && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  wait_loaded (f);
  g_assert_false (timed_out);
  assert_mirror_exact (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, page * 2);
  g_assert_cmpstr (title_at (f, page * 2 - 1), ==, "Zebra 50");

  title_at (f, page * 2 - 1);
  timed_out = FALSE;
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (f->list)) == page * 2 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, page * 2 + 50);
  g_assert_false (kennis_entry_list_get_truncated (f->list));
}

static void
test_reload_on_change (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisStore) other = NULL;
  g_autoptr(KennisEntry) theirs = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  g_autoptr(KennisEntry) top = NULL;

  set_query (f, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_WELCOME);

  /* kennis-cli adds an entry through its own connection. */
  other = kennis_store_open (f->path, &error);
  g_assert_no_error (error);
  kennis_entry_set_title (theirs, "From the command line");
  kennis_store_save_entry (other, theirs, &error);
  g_assert_no_error (error);

  /* Nothing moves until the store notices. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_WELCOME);
  g_assert_true (kennis_store_check_changes (f->store));
  g_assert_true (kennis_entry_list_get_loading (f->list));
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, N_WELCOME + 1);
  g_assert_cmpstr (title_at (f, 0), ==, "From the command line");

  /* An edit elsewhere shows in the entry object the list hands out. */
  top = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
  kennis_entry_set_title (theirs, "Edited on the command line");
  kennis_store_save_entry (other, theirs, &error);
  g_assert_no_error (error);
  g_assert_true (kennis_store_check_changes (f->store));
  wait_loaded (f);
  assert_mirror_exact (f);
  g_assert_cmpstr (kennis_entry_get_title (top), ==, "Edited on the command line");

  g_clear_object (&theirs);
  g_clear_object (&other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/entry-list/counts", test_counts);
  ADD ("/entry-list/paging", test_paging);
  ADD ("/entry-list/items-changed", test_items_changed);
  ADD ("/entry-list/reload-on-change", test_reload_on_change);
  ADD ("/entry-list/search-pages", test_search_pages);

#undef ADD

  return g_test_run ();
}
