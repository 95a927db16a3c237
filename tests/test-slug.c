/* test-slug.c — file and URL names made from titles
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-slug.h"

/* ^[a-z0-9]+(-[a-z0-9]+)*$, at most 80 long. */
static void
assert_valid_slug (const char *slug)
{
  gsize len;

  g_assert_nonnull (slug);
  len = strlen (slug);
  g_assert_cmpuint (len, >=, 1);
  g_assert_cmpuint (len, <=, KENNIS_SLUG_MAX_LENGTH);
  g_assert_cmpint (slug[0], !=, '-');
  g_assert_cmpint (slug[len - 1], !=, '-');
  g_assert_null (strstr (slug, "--"));
  for (const char *p = slug; *p != '\0'; p++)
    g_assert_true ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
}

static void
test_from_title (void)
{
  static const struct {
    const char *title;
    const char *slug;
  } cases[] = {
    { "Hello World", "hello-world" },
    { "Creëer één idee", "creeer-een-idee" },
    { "Ĳsselmeer en ijs", "ijsselmeer-en-ijs" },
    { "Straße", "strasse" },
    { "Œuvre, Æsir, Øresund", "oeuvre-aesir-oresund" },
    { "Łódź", "lodz" },
    { "Þór", "thor" },
    { "Đặng", "dang" },
    { "ﬁne ＡＢＣ", "fine-abc" },
    { "  --Hallo,   wereld!--  ", "hallo-wereld" },
    { "C++ & C#: 2 talen", "c-c-2-talen" },
    { "日本語 title", "title" },
    { "🎉🎉", "entry" },
    { "日本語", "entry" },
    { "", "entry" },
    { NULL, "entry" },
    { "---", "entry" },
    { ".", "entry" },
    { "..", "entry" },
    { "../../etc/passwd", "etc-passwd" },
    { "..\\..\\Windows\\system32", "windows-system32" },
    { "/absolute/path", "absolute-path" },
    { "con", "con-1" },
    { "CON", "con-1" },
    { "Aux", "aux-1" },
    { "nul", "nul-1" },
    { "prn.", "prn-1" },
    { "COM1", "com1-1" },
    { "lpt9", "lpt9-1" },
    { "com10", "com10" },
    { "con.txt", "con-txt" },
    { "console", "console" },
    { "invalid \xff utf8", "invalid-utf8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = kennis_slug_from_title (cases[i].title);

      g_test_message ("case %u", i);
      g_assert_cmpstr (slug, ==, cases[i].slug);
      assert_valid_slug (slug);
    }
}

static void
test_long_titles (void)
{
  g_autoptr(GString) words = g_string_new (NULL);
  g_autofree char *one_word = g_strnfill (500, 'a');
  g_autofree char *eighty = g_strnfill (80, 'a');
  g_autofree char *eighty_e = g_strnfill (80, 'e');
  g_autofree char *slug = NULL;
  g_autofree char *word_slug = NULL;
  g_autofree char *accented = NULL;
  g_autoptr(GString) accents = g_string_new (NULL);

  /* 500 characters of words: cut at a word boundary, not mid-word. */
  while (words->len < 500)
    g_string_append (words, "kennis delen ");
  slug = kennis_slug_from_title (words->str);
  assert_valid_slug (slug);
  g_assert_cmpuint (strlen (slug), >=, 70);
  g_assert_true (g_str_has_suffix (slug, "-kennis") || g_str_has_suffix (slug, "-delen"));

  word_slug = kennis_slug_from_title (one_word);
  g_assert_cmpstr (word_slug, ==, eighty);

  /* Every character a two-byte letter: still 80 bytes at most. */
  while (accents->len < 1000)
    g_string_append (accents, "é");
  accented = kennis_slug_from_title (accents->str);
  g_assert_cmpstr (accented, ==, eighty_e);
}

/* A fake "taken": a set of names in use, and how often it was asked. */
typedef struct {
  GHashTable *names;
  guint       n_calls;
} Taken;

static gboolean
taken_cb (const char *candidate,
          gpointer    data)
{
  Taken *taken = data;

  taken->n_calls++;
  assert_valid_slug (candidate);

  return g_hash_table_contains (taken->names, candidate);
}

static void
test_make_unique (void)
{
  Taken taken = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autofree char *long_slug = g_strnfill (80, 'b');
  g_autofree char *free_slug = NULL;
  g_autofree char *third = NULL;
  g_autofree char *tenth = NULL;
  g_autofree char *long_unique = NULL;
  g_autofree char *from_title = NULL;
  g_autofree char *reserved = NULL;

  free_slug = kennis_slug_make_unique ("notitie", taken_cb, &taken);
  g_assert_cmpstr (free_slug, ==, "notitie");
  g_assert_cmpuint (taken.n_calls, ==, 1);

  g_hash_table_add (taken.names, g_strdup ("notitie"));
  g_hash_table_add (taken.names, g_strdup ("notitie-2"));
  third = kennis_slug_make_unique ("notitie", taken_cb, &taken);
  g_assert_cmpstr (third, ==, "notitie-3");

  for (guint i = 3; i < 10; i++)
    g_hash_table_add (taken.names, g_strdup_printf ("notitie-%u", i));
  tenth = kennis_slug_make_unique ("notitie", taken_cb, &taken);
  g_assert_cmpstr (tenth, ==, "notitie-10");

  /* The suffix never pushes the slug past 80. */
  g_hash_table_add (taken.names, g_strdup (long_slug));
  long_unique = kennis_slug_make_unique (long_slug, taken_cb, &taken);
  g_assert_cmpuint (strlen (long_unique), ==, 80);
  g_assert_true (g_str_has_suffix (long_unique, "bbb-2"));

  /* Anything that is not a slug yet becomes one first. */
  from_title = kennis_slug_make_unique ("../Notitie", taken_cb, &taken);
  g_assert_cmpstr (from_title, ==, "notitie-10");
  reserved = kennis_slug_make_unique ("con", taken_cb, &taken);
  g_assert_cmpstr (reserved, ==, "con-1");

  g_hash_table_unref (taken.names);
}

/* Shortened for its suffix, "…-e-4" + "-4" is "…-e-4" again: that
 * candidate is taken already and must not be asked about twice. */
static void
test_make_unique_own_suffix (void)
{
  Taken taken = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  g_autofree char *stem = g_strnfill (76, 'a');
  g_autofree char *slug = g_strconcat (stem, "-e-4", NULL);
  g_autofree char *expected = g_strconcat (stem, "-e-5", NULL);
  g_autofree char *unique = NULL;

  g_assert_cmpuint (strlen (slug), ==, 80);
  g_hash_table_add (taken.names, g_strdup (slug));
  g_hash_table_add (taken.names, g_strconcat (stem, "-e-2", NULL));
  g_hash_table_add (taken.names, g_strconcat (stem, "-e-3", NULL));

  unique = kennis_slug_make_unique (slug, taken_cb, &taken);
  g_assert_cmpstr (unique, ==, expected);
  g_assert_cmpuint (taken.n_calls, ==, 4);

  g_hash_table_unref (taken.names);
}

static void
test_make_unique_guard (void)
{
  g_autofree char *slug = NULL;

  g_test_expect_message ("Kennis", G_LOG_LEVEL_CRITICAL, "*taken != NULL*");
  slug = kennis_slug_make_unique ("a", NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (slug);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slug/from-title", test_from_title);
  g_test_add_func ("/slug/long-titles", test_long_titles);
  g_test_add_func ("/slug/make-unique", test_make_unique);
  g_test_add_func ("/slug/make-unique/own-suffix", test_make_unique_own_suffix);
  g_test_add_func ("/slug/make-unique/guard", test_make_unique_guard);

  return g_test_run ();
}
