/* test-search.c — what a user finds when they type into the search field
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-search.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

typedef struct
{
  char        *dir;
  char        *path;
  KennisStore *store;
  gint64       team;
  gint64       board;
} Fixture;

/* The notebook every search test looks through (besides the welcome
 * entries). Saved in this order, so later rows are newer. */
static const struct {
  KennisEntryKind  kind;
  const char      *title;
  const char      *body;
  const char      *url;
  const char      *tags;
  const char      *audience;  /* "team", "board" or NULL for only me */
} corpus[] = {
  { KENNIS_ENTRY_KIND_NOTE, "Kennisdeling in teams", "Hoe delen we wat we weten?", NULL, "werk", "team" },
  { KENNIS_ENTRY_KIND_NOTE, "Creëer een leerplan", "Stappen voor het plan.", NULL, "leren", NULL },
  { KENNIS_ENTRY_KIND_NOTE, "Creëer ruimte", "Met hoofdletter in de tekst: Creëer.", NULL, "werk", "board" },
  { KENNIS_ENTRY_KIND_NOTE, "creeer zonder trema", "Getypt zonder trema.", NULL, NULL, NULL },
  { KENNIS_ENTRY_KIND_LINK, "A travel page", "Worth reading before the trip.",
    "https://example.org/zeppelinroute", "Reizen", "team" },
  { KENNIS_ENTRY_KIND_NOTE, "Aardvark facts", "Nothing else in here.", NULL, NULL, NULL },
  { KENNIS_ENTRY_KIND_NOTE, "Notes about animals", "An aardvark eats ants; this is the body.",
    NULL, NULL, NULL },
  { KENNIS_ENTRY_KIND_LINK, "Quokka photos", "", "https://example.com/q", "dieren", NULL },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) team = NULL;
  g_autoptr(KennisAudience) board = NULL;

  f->dir = g_dir_make_tmp ("kennis-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kennis.db", NULL);
  f->store = kennis_store_open (f->path, &error);
  g_assert_no_error (error);

  team = kennis_store_find_audience (f->store, KENNIS_AUDIENCE_TEAM, &error);
  g_assert_no_error (error);
  board = kennis_store_add_audience (f->store, "Board", &error);
  g_assert_no_error (error);
  f->team = kennis_audience_get_id (team);
  f->board = kennis_audience_get_id (board);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(KennisEntry) entry = kennis_entry_new (corpus[i].kind);
      g_auto(GStrv) tags = g_strsplit (corpus[i].tags ? corpus[i].tags : "", ",", -1);

      kennis_entry_set_title (entry, corpus[i].title);
      kennis_entry_set_body (entry, corpus[i].body);
      kennis_entry_set_url (entry, corpus[i].url);
      kennis_entry_set_tags (entry, (const char * const *)tags);
      if (g_strcmp0 (corpus[i].audience, "team") == 0)
        kennis_entry_toggle_audience (entry, f->team, TRUE);
      else if (g_strcmp0 (corpus[i].audience, "board") == 0)
        kennis_entry_toggle_audience (entry, f->board, TRUE);
      kennis_store_save_entry (f->store, entry, &error);
      g_assert_no_error (error);
    }
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

/* The titles @query finds, in list order, joined by "|". */
static char *
search (Fixture           *f,
        const KennisQuery *query,
        guint              limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) nums = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);

  nums = kennis_store_query (f->store, query, limit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (nums);
  entries = kennis_store_get_entries (f->store, (const gint64 *)(gpointer)nums->data, nums->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, nums->len);

  /* The count agrees with the list (the list is not truncated here). */
  if (limit == 0)
    {
      g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, nums->len);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (titles, '|');
      g_string_append (titles, kennis_entry_get_title (entries->pdata[i]));
    }

  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static char *
search_text (Fixture    *f,
             const char *text)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();

  kennis_query_set_text (query, text);
  return search (f, query, 0);
}

/* Order does not matter for these: ranking is tested on its own. */
static void
assert_finds (Fixture    *f,
              const char *text,
              const char *expected)
{
  g_autofree char *found = search_text (f, text);
  g_auto(GStrv) got = g_strsplit (found, "|", -1);
  g_auto(GStrv) want = g_strsplit (expected, "|", -1);

  /* g_strsplit ("") gives no items, which is what an empty result means. */

  for (guint i = 0; want[i]; i++)
    if (!g_strv_contains ((const char * const *)got, want[i]))
      g_error ("searching “%s” should find “%s”, found “%s”", text, want[i], found);
  for (guint i = 0; got[i]; i++)
    if (!g_strv_contains ((const char * const *)want, got[i]))
      g_error ("searching “%s” should not find “%s”", text, got[i]);
}

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *found = search_text (f, "kenn");

  /* The welcome entries talk about Kennis too; ours must be among the hits. */
  g_assert_nonnull (strstr (found, "Kennisdeling in teams"));
  g_assert_nonnull (strstr (found, "Welcome to Kennis"));

  assert_finds (f, "quok", "Quokka photos");
  assert_finds (f, "QUOKKA", "Quokka photos");
  assert_finds (f, "quokkas", "");
  /* The word being typed is a prefix; words followed by a space are whole
   * words. All of them must match. */
  assert_finds (f, "aardvark fac", "Aardvark facts");
  assert_finds (f, "aard fac", "");
  assert_finds (f, "  aardvark   ", "Aardvark facts|Notes about animals");
}

static const struct {
  const char *text;
  const char *expected;
} diacritic_cases[] = {
  { "creeer", "Creëer een leerplan|Creëer ruimte|creeer zonder trema" },
  { "creëer", "Creëer een leerplan|Creëer ruimte|creeer zonder trema" },
  { "CREËER", "Creëer een leerplan|Creëer ruimte|creeer zonder trema" },
  /* The same word with a combining diaeresis (NFD). */
  { "cree\xcc\x88" "er", "Creëer een leerplan|Creëer ruimte|creeer zonder trema" },
  { "creë", "Creëer een leerplan|Creëer ruimte|creeer zonder trema" },
  { "leërplan", "Creëer een leerplan" },
};

static void
test_diacritics (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (diacritic_cases); i++)
    assert_finds (f, diacritic_cases[i].text, diacritic_cases[i].expected);
}

static const struct {
  const char *field;
  const char *text;
  const char *expected;
} field_cases[] = {
  { "title", "ruimte", "Creëer ruimte" },
  { "body", "ants", "Notes about animals" },
  { "body", "stappen", "Creëer een leerplan" },
  { "url", "zeppelinroute", "A travel page" },
  { "url", "example.com", "Quokka photos" },
  { "tag", "reizen", "A travel page" },
  { "tag", "dieren", "Quokka photos" },
};

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      g_test_message ("match in %s: %s", field_cases[i].field, field_cases[i].text);
      assert_finds (f, field_cases[i].text, field_cases[i].expected);
    }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  char *found;

  /* Kind: the welcome link "Markdown in one page" is a link too. */
  kennis_query_set_text (query, "pag");
  query->kind = KENNIS_QUERY_KIND_LINK;
  found = search (f, query, 0);
  g_assert_true (g_str_equal (found, "A travel page|Markdown in one page") ||
                 g_str_equal (found, "Markdown in one page|A travel page"));
  g_free (found);
  kennis_query_set_text (query, "quokka");
  query->kind = KENNIS_QUERY_KIND_NOTE;
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "");
  g_free (found);

  /* Tag, in any case, with search text. */
  query->kind = KENNIS_QUERY_KIND_ANY;
  kennis_query_set_tag (query, "WERK");
  kennis_query_set_text (query, "creeer");
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "Creëer ruimte");
  g_free (found);

  /* Tag without text: newest first. */
  kennis_query_set_text (query, NULL);
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "Creëer ruimte|Kennisdeling in teams");
  g_free (found);

  /* Audience */
  kennis_query_set_tag (query, NULL);
  query->audience = f->team;
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "A travel page|Kennisdeling in teams|Say who it is for");
  g_free (found);

  kennis_query_set_text (query, "kennis");
  found = search (f, query, 0);
  g_assert_nonnull (strstr (found, "Kennisdeling in teams"));
  g_assert_null (strstr (found, "Welcome to Kennis"));
  g_free (found);

  query->audience = f->board;
  kennis_query_set_text (query, "creeer");
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "Creëer ruimte");
  g_free (found);

  /* Only me */
  query->audience = KENNIS_QUERY_PRIVATE;
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "creeer zonder trema|Creëer een leerplan");
  g_free (found);

  /* Everything at once: a private note tagged "leren" with "plan". */
  query->kind = KENNIS_QUERY_KIND_NOTE;
  kennis_query_set_tag (query, "leren");
  kennis_query_set_text (query, "plan");
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "Creëer een leerplan");
  g_free (found);

  query->kind = KENNIS_QUERY_KIND_LINK;
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "");
  g_free (found);

  /* A tag nobody uses */
  query->kind = KENNIS_QUERY_KIND_ANY;
  query->audience = KENNIS_QUERY_ANY_AUDIENCE;
  kennis_query_set_text (query, NULL);
  kennis_query_set_tag (query, "nergens");
  found = search (f, query, 0);
  g_assert_cmpstr (found, ==, "");
  g_free (found);
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) newest = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
  g_autofree char *found = NULL;

  /* Saved last, so newest-first would put this body-only hit on top. */
  kennis_entry_set_title (newest, "Zoo visit");
  kennis_entry_set_body (newest, "We saw an aardvark, and another aardvark.");
  kennis_store_save_entry (f->store, newest, &error);
  g_assert_no_error (error);

  found = search_text (f, "aardvark");
  g_assert_true (g_str_has_prefix (found, "Aardvark facts|"));
  g_clear_pointer (&found, g_free);

  /* A tag hit ranks above a body hit. */
  found = search_text (f, "reizen");
  g_assert_cmpstr (found, ==, "A travel page");
}

static void
test_many_hits (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) first = NULL;
  const guint n = 420;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KennisEntry) entry = kennis_entry_new (KENNIS_ENTRY_KIND_NOTE);
      g_autofree char *title = g_strdup_printf ("Veelvoorkomend %u", i);

      kennis_entry_set_title (entry, title);
      kennis_store_save_entry (f->store, entry, &error);
      g_assert_no_error (error);
    }

  kennis_query_set_text (query, "veelvoork");
  all = kennis_store_query (f->store, query, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, n);
  g_assert_cmpuint (kennis_store_count (f->store, query, &error), ==, n);

  /* More hits than are ranked: newest first, and the limit holds. */
  first = kennis_store_query (f->store, query, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 10);
  for (guint i = 0; i < first->len; i++)
    {
      g_autoptr(KennisEntry) entry = kennis_store_get_entry_by_num (f->store, g_array_index (first, gint64, i), &error);
      g_autofree char *title = g_strdup_printf ("Veelvoorkomend %u", n - 1 - i);

      g_assert_no_error (error);
      g_assert_cmpstr (kennis_entry_get_title (entry), ==, title);
      g_assert_cmpint (g_array_index (first, gint64, i), ==, g_array_index (all, gint64, i));
    }
}

static const char * const hostile[] = {
  "hello\"", "a-b", "NEAR(", "NEAR(a b)", "*", "'", ":", "\"", "(", ")", "AND", "OR x",
  "NOT", "x AND", "title:foo", "body:", "^", "^aardvark", "-aardvark", "+", "{title body}: a",
  "\"unterminated", "a\"b\"c", "''", "a*b", "**", "", " ", "\t\n", "\xff\xfe", "caf\xc3",
  "a\x01b", "\xe2\x80\x8b", "😀", "%", "_", "\\", "NEAR", "col:umn:s",
};

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(KennisQuery) query = kennis_query_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) nums = NULL;

      kennis_query_set_text (query, hostile[i]);
      nums = kennis_store_query (f->store, query, 1000, &error);
      g_assert_no_error (error);
      g_assert_nonnull (nums);
      kennis_store_count (f->store, query, &error);
      g_assert_no_error (error);

      /* Filters on top change nothing about that. */
      query->kind = KENNIS_QUERY_KIND_NOTE;
      query->audience = KENNIS_QUERY_PRIVATE;
      kennis_query_set_tag (query, hostile[i]);
      g_clear_pointer (&nums, g_array_unref);
      nums = kennis_store_query (f->store, query, 0, &error);
      g_assert_no_error (error);
      g_assert_nonnull (nums);
    }

  /* Punctuation around a word does not hide the word. */
  assert_finds (f, "\"aardvark\"", "Aardvark facts|Notes about animals");
  assert_finds (f, "(aardvark)", "Aardvark facts|Notes about animals");
  assert_finds (f, "title:aardvark", "");
}

/* FTS5's own check that its index matches what it was built from. */
static void
assert_index_consistent (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("the search index no longer matches the entries: %s", sqlite3_errmsg (db));
  sqlite3_close (db);
}

static KennisEntry *
find_one (Fixture    *f,
          const char *title)
{
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;
  g_autoptr(GError) error = NULL;

  kennis_query_set_text (query, title);
  nums = kennis_store_query (f->store, query, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nums->len, >=, 1);
  return kennis_store_get_entry_by_num (f->store, g_array_index (nums, gint64, 0), NULL);
}

static void
test_deleted_entries (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KennisEntry) entry = find_one (f, "Aardvark facts");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (kennis_entry_get_title (entry), ==, "Aardvark facts");

  /* Deleted: gone from search, with and without filters. */
  g_assert_true (kennis_store_delete_entry (f->store, entry, &error));
  assert_finds (f, "aardvark", "Notes about animals");
  assert_finds (f, "aardvark facts", "");
  assert_index_consistent (f);

  /* Undone: found again, by what it says now. */
  g_assert_true (kennis_store_undelete_entry (f->store, entry, &error));
  assert_finds (f, "aardvark", "Aardvark facts|Notes about animals");
  kennis_entry_set_title (entry, "Pangolin facts");
  g_assert_true (kennis_store_save_entry (f->store, entry, &error));
  assert_finds (f, "aardvark", "Notes about animals");
  assert_finds (f, "pango", "Pangolin facts");
  assert_index_consistent (f);

  /* Purged for good: the index lets go of it without complaint. */
  g_assert_true (kennis_store_delete_entry (f->store, entry, &error));
  g_assert_cmpuint (kennis_store_purge_deleted (f->store, 0, &error), ==, 1);
  g_assert_no_error (error);
  assert_finds (f, "pango", "");
  assert_index_consistent (f);
}

static const struct {
  const char *text;
  const char *match;
} build_cases[] = {
  { "kenn", "\"kenn\"*" },
  { "two words", "\"two\" \"words\"*" },
  { "  spaced\tout\n", "\"spaced\" \"out\"" },
  { "hello\"", "\"hello\"\"\"*" },
  { "a-b", "\"a-b\"*" },
  { "NEAR(", "\"NEAR(\"*" },
  { "AND", "\"AND\"*" },
  { "OR x", "\"OR\" \"x\"*" },
  { "title:foo", "\"title:foo\"*" },
  { "creëer", "\"creëer\"*" },
  { "* ^ ( \" ' :", NULL },
  { "*", NULL },
  { "", NULL },
  { "   ", NULL },
  { "\xff", NULL },
  { NULL, NULL },
};

static void
test_build_match (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (build_cases); i++)
    {
      g_autofree char *match = kennis_search_build_match (build_cases[i].text);

      g_assert_cmpstr (match, ==, build_cases[i].match);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/search/prefix", test_prefix);
  ADD ("/store/search/diacritics", test_diacritics);
  ADD ("/store/search/fields", test_fields);
  ADD ("/store/search/filters", test_filters);
  ADD ("/store/search/ranking", test_ranking);
  ADD ("/store/search/many-hits", test_many_hits);
  ADD ("/store/search/hostile", test_hostile);
  g_test_add_func ("/store/search/build-match", test_build_match);
  ADD ("/store/search/deleted-entries", test_deleted_entries);

#undef ADD

  return g_test_run ();
}
