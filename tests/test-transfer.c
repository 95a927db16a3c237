/* test-transfer.c — bookmark files and Kennis exports in and out of a
 * real notebook
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-audience.h"
#include "kennis-entry.h"
#include "kennis-bookmarks-format.h"
#include "kennis-json-format.h"
#include "kennis-store.h"
#include "kennis-store-records.h"
#include "kennis-test-util.h"
#include "kennis-transfer.h"

typedef struct
{
  char        *dir;
  KennisStore *store;
} Fixture;

static KennisStore *
open_empty_store (const char *dir,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(KennisStore) store = kennis_store_open (path, &error);
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(GArray) nums = NULL;

  g_assert_no_error (error);
  /* A new notebook greets its user; these tests want it empty. */
  nums = kennis_store_query (store, query, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < nums->len; i++)
    {
      g_autoptr(KennisEntry) entry = kennis_store_get_entry_by_num (store, g_array_index (nums, gint64, i), &error);

      g_assert_no_error (error);
      kennis_store_delete_entry (store, entry, &error);
      g_assert_no_error (error);
    }
  kennis_store_purge_deleted (store, 0, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-transfer-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = open_empty_store (f->dir, "kennis.db");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  kennis_test_remove_tree (f->dir);
  g_free (f->dir);
}

static KennisEntry *add_entry (KennisStore        *store,
                               KennisEntryKind     kind,
                               const char         *title,
                               const char         *body,
                               const char         *url,
                               const char * const *tags);

static GFile *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);

  return g_file_new_for_path (path);
}

static KennisRecordSet *
read_notebook (KennisStore *store)
{
  g_autoptr(GError) error = NULL;
  KennisRecordSet *set = kennis_store_read_records (store, NULL, &error);

  g_assert_no_error (error);
  return set;
}

static KennisRecord *
find_record (KennisRecordSet *set,
             const char      *url)
{
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);

      if (g_strcmp0 (record->url, url) == 0)
        return record;
    }
  return NULL;
}

static void
import_file (Fixture            *f,
             const char         *name,
             KennisImportCounts *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = data_file (name);

  kennis_transfer_import (f->store, file, KENNIS_TRANSFER_FORMAT_AUTO, NULL, NULL, NULL, counts, &error);
  g_assert_no_error (error);
}

/* What Firefox writes: nested folders become tags, its own folders do not,
 * bookmarklets and place: queries are left out, the same page twice is
 * added once. */
static void
test_bookmarks_firefox (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisImportCounts counts = { 0, 0 };
  KennisRecord *record;

  import_file (f, "firefox.html", &counts);
  g_assert_cmpuint (counts.added, ==, 4);
  g_assert_cmpuint (counts.skipped, ==, 1);

  set = read_notebook (f->store);
  g_assert_cmpuint (set->entries->len, ==, 4);

  record = find_record (set, "https://klant.example/?a=1&b=2");
  g_assert_nonnull (record);
  g_assert_cmpint (record->kind, ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_cmpstr (record->title, ==, "Klantportaal");
  g_assert_cmpstrv (record->tags, ((const char * const []) { "Werk", "Klanten & partners", "crm", "Belangrijk", NULL }));
  g_assert_cmpstr (record->body, ==, "Inloggen met het werkaccount.\nTweede regel van de beschrijving.");
  g_assert_cmpint (record->created_at, ==, G_GINT64_CONSTANT (1714557604) * G_USEC_PER_SEC);
  /* Browsers have no audiences: what they export stays "Only me". */
  g_assert_cmpuint (g_strv_length (record->audiences), ==, 0);

  record = find_record (set, "https://www.gtk.org/");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->title, ==, "GTK – The GTK Project");
  g_assert_cmpuint (g_strv_length (record->tags), ==, 0);
  g_assert_cmpint (record->updated_at, ==, G_GINT64_CONSTANT (1714557602) * G_USEC_PER_SEC);

  record = find_record (set, "https://intranet.example/wiki");
  g_assert_nonnull (record);
  g_assert_cmpstrv (record->tags, ((const char * const []) { "Werk", NULL }));

  g_assert_nonnull (find_record (set, "https://Example.org:443/page/?utm_source=x"));
  g_assert_null (find_record (set, "https://example.org/page"));

  /* Importing again adds nothing. */
  import_file (f, "firefox.html", &counts);
  g_assert_cmpuint (counts.added, ==, 0);
  g_assert_cmpuint (counts.skipped, ==, 5);
}

/* What bookmarking services write: PRIVATE, TAGS, descriptions, dates in
 * seconds, milliseconds or microseconds, markup in lower case, and
 * entries that are missing parts. */
static void
test_bookmarks_service (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisImportCounts counts = { 0, 0 };
  KennisRecord *record;
  gint64 expected = G_GINT64_CONSTANT (1714557600) * G_USEC_PER_SEC;

  import_file (f, "service.html", &counts);
  g_assert_cmpuint (counts.added, ==, 4);
  set = read_notebook (f->store);

  record = find_record (set, "https://public.example/");
  g_assert_nonnull (record);
  g_assert_cmpstrv (record->audiences, ((const char * const []) { kennis_audience_builtin_name ("public"), NULL }));
  g_assert_cmpstrv (record->tags, ((const char * const []) { "gtk", "c", NULL }));
  g_assert_cmpstr (record->body, ==, "Shared on the service.");
  g_assert_cmpint (record->created_at, ==, expected);
  g_assert_cmpint (record->updated_at, ==, G_GINT64_CONSTANT (1714561200) * G_USEC_PER_SEC);

  record = find_record (set, "https://private.example/");
  g_assert_nonnull (record);
  g_assert_cmpuint (g_strv_length (record->audiences), ==, 0);
  g_assert_cmpint (record->created_at, ==, expected);

  record = find_record (set, "https://lowercase.example/");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->title, ==, "lower case markup");
  g_assert_cmpuint (g_strv_length (record->audiences), ==, 0);
  g_assert_cmpint (record->created_at, ==, expected);

  record = find_record (set, "https://no-title.example/");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->title, ==, "https://no-title.example/");
}

static void
test_bookmarks_latin (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisImportCounts counts = { 0, 0 };
  KennisRecord *record;

  import_file (f, "latin.html", &counts);
  g_assert_cmpuint (counts.added, ==, 1);
  set = read_notebook (f->store);
  record = find_record (set, "https://cafe.example/");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->title, ==, "Café € “quoted”");
  g_assert_cmpstr (record->body, ==, "Crème brûlée");
}

/* Bytes that are not UTF-8: an old export without <meta> is Windows-1252,
 * and one stray byte in a UTF-8 file spoils only itself. */
static void
test_bookmarks_encodings (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisImportCounts counts = { 0, 0 };

  import_file (f, "cp1252-undeclared.html", &counts);
  import_file (f, "utf8-stray.html", &counts);
  set = read_notebook (f->store);
  g_assert_cmpstr (find_record (set, "https://oud.example/")->title, ==, "Café “smart” €");
  g_assert_cmpstr (find_record (set, "https://een.example/")->title, ==, "Eerste \xef\xbf\xbd fout");
  g_assert_cmpstr (find_record (set, "https://twee.example/")->title, ==, "Café twee “q”");
}

/* A notebook's links go out as a bookmark file and come back the same. */
static void
test_bookmarks_round_trip (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "bookmarks.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KennisStore) other = open_empty_store (f->dir, "other.db");
  g_autoptr(KennisRecordSet) before = NULL;
  g_autoptr(KennisRecordSet) after = NULL;
  g_autoptr(KennisEntry) odd = NULL;
  g_autofree char *contents = NULL;
  KennisImportCounts counts = { 0, 0 };
  guint n = 0;

  import_file (f, "service.html", &counts);
  /* An address with what an HTML parser would read as characters. */
  odd = add_entry (f->store, KENNIS_ENTRY_KIND_LINK, "Odd", "", "https://odd.example/?a=1&amp;b=2&reg;&copy=3",
                   (const char * const []) { NULL });
  kennis_transfer_export (f->store, file, KENNIS_TRANSFER_FORMAT_BOOKMARKS, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);

  /* Chrome's reader wants exactly this header and one <DT><A …</A> a line. */
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"));
  g_assert_nonnull (strstr (contents, "<DT><A HREF=\"https://public.example/\" ADD_DATE=\"1714557600\""
                                      " LAST_MODIFIED=\"1714561200\" PRIVATE=\"0\" TAGS=\"gtk,c\">Public one</A>\n"));

  kennis_transfer_import (other, file, KENNIS_TRANSFER_FORMAT_BOOKMARKS, NULL, NULL, NULL, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added, ==, 5);

  before = read_notebook (f->store);
  after = read_notebook (other);
  for (guint i = 0; i < before->entries->len; i++)
    {
      KennisRecord *a = g_ptr_array_index (before->entries, i);
      KennisRecord *b = find_record (after, a->url);

      g_assert_nonnull (b);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->body, ==, b->body);
      g_assert_cmpstrv (a->tags, b->tags);
      g_assert_cmpstrv (a->audiences, b->audiences);
      /* The format keeps seconds. */
      g_assert_cmpint (a->created_at / G_USEC_PER_SEC, ==, b->created_at / G_USEC_PER_SEC);
    }
}

static KennisEntry *
add_entry (KennisStore        *store,
           KennisEntryKind     kind,
           const char         *title,
           const char         *body,
           const char         *url,
           const char * const *tags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) entry = kennis_entry_new (kind);

  kennis_entry_set_title (entry, title);
  kennis_entry_set_body (entry, body);
  kennis_entry_set_url (entry, url);
  kennis_entry_set_language (entry, "nl");
  kennis_entry_set_tags (entry, tags);
  kennis_store_save_entry (store, entry, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&entry);
}

static GBytes *
export_json (KennisStore *store,
             const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GBytes *bytes;

  kennis_transfer_export (store, file, KENNIS_TRANSFER_FORMAT_JSON, NULL, NULL, &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

/* Export, import into an empty notebook, export again: the same bytes,
 * so nothing (ids, times, audiences, tags, odd characters) was lost. */
static void
test_json_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisAudience) customers = kennis_store_add_audience (f->store, "Klanten \"A\"", &error);
  g_autoptr(KennisAudience) team = kennis_store_find_audience (f->store, "team", &error);
  g_autoptr(KennisEntry) note = add_entry (f->store, KENNIS_ENTRY_KIND_NOTE, "Notitie: \"quotes\" \\ en\ttab",
                                           "Regel 1\nRegel 2 \x01 🎉", "", (const char * const []) { "Werk", "c", NULL });
  g_autoptr(KennisEntry) link = add_entry (f->store, KENNIS_ENTRY_KIND_LINK, "GTK", "",
                                           "https://www.gtk.org/", (const char * const []) { NULL });
  g_autoptr(KennisEntry) private_note = add_entry (f->store, KENNIS_ENTRY_KIND_NOTE, "Alleen voor mij", "geheim", "",
                                                   (const char * const []) { NULL });
  g_autofree char *first_path = g_build_filename (f->dir, "first.json", NULL);
  g_autofree char *second_path = g_build_filename (f->dir, "second.json", NULL);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(KennisStore) other = open_empty_store (f->dir, "other.db");
  g_autoptr(GFile) first_file = g_file_new_for_path (first_path);
  KennisImportCounts counts = { 0, 0 };

  g_assert_no_error (error);
  kennis_entry_toggle_audience (note, kennis_audience_get_id (team), TRUE);
  kennis_entry_toggle_audience (note, kennis_audience_get_id (customers), TRUE);
  kennis_entry_toggle_audience (link, kennis_audience_get_id (customers), TRUE);
  kennis_store_save_entry (f->store, note, &error);
  g_assert_no_error (error);
  kennis_store_save_entry (f->store, link, &error);
  g_assert_no_error (error);

  first = export_json (f->store, first_path);
  kennis_transfer_import (other, first_file, KENNIS_TRANSFER_FORMAT_AUTO, NULL, NULL, NULL, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added, ==, 3);
  second = export_json (other, second_path);

  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                                  kennis_entry_get_id (private_note)));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first, NULL), g_bytes_get_size (first), "Klanten \\\"A\\\""));
}

/* A file that breaks off in the middle is refused with its name and line,
 * and the notebook is exactly as it was. */
static void
test_json_truncated (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisEntry) kept = add_entry (f->store, KENNIS_ENTRY_KIND_NOTE, "Er al", "tekst", "",
                                           (const char * const []) { NULL });
  g_autofree char *path = g_build_filename (f->dir, "cut.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KennisStore) other = open_empty_store (f->dir, "other.db");
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(KennisRecordSet) after = NULL;
  KennisImportCounts counts = { 0, 0 };

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *title = g_strdup_printf ("Notitie %u", i);
      g_autoptr(KennisEntry) entry = add_entry (other, KENNIS_ENTRY_KIND_NOTE, title, "tekst", "",
                                                (const char * const []) { "t", NULL });
    }
  whole = export_json (other, path);
  g_file_set_contents (path, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole) * 2 / 3, &error);
  g_assert_no_error (error);

  g_assert_false (kennis_transfer_import (f->store, file, KENNIS_TRANSFER_FORMAT_AUTO, NULL, NULL, NULL,
                                          &counts, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cut.json"));
  g_assert_true (g_regex_match_simple ("“.*cut\\.json”, line [0-9]+: ", error->message, 0, 0));

  after = read_notebook (f->store);
  g_assert_cmpuint (after->entries->len, ==, 1);
  g_assert_cmpstr (((KennisRecord *)after->entries->pdata[0])->title, ==, "Er al");
}

/* A failure half-way through adding (here an audience the notebook cannot
 * have) rolls back everything added before it. */
static void
test_import_fails_half_way (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) after = NULL;
  KennisImportCounts counts = { 0, 0 };

  for (guint i = 0; i < 1200; i++)
    {
      KennisRecord *record = kennis_record_new (KENNIS_ENTRY_KIND_NOTE);

      record->title = g_strdup_printf ("Notitie %u", i);
      if (i == 1100)
        kennis_record_add_audience (record, "not in the set");
      g_ptr_array_add (set->entries, record);
    }

  g_assert_false (kennis_store_import_records (f->store, set, NULL, NULL, NULL, &counts, &error));
  g_assert_error (error, KENNIS_STORE_ERROR, KENNIS_STORE_ERROR_INVALID);
  after = read_notebook (f->store);
  g_assert_cmpuint (after->entries->len, ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  double        at;  /* the share of the work after which to cancel */
} CancelAt;

static void
cancel_at_cb (guint    done,
              guint    total,
              gpointer data)
{
  CancelAt *cancel = data;

  if (done >= total * cancel->at)
    g_cancellable_cancel (cancel->cancellable);
}

/* Cancelling while entries are added, or while they are indexed for
 * search, leaves the notebook as it was and searchable. */
static void
test_import_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  const double *at = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  KennisImportCounts counts = { 0, 0 };

  for (guint i = 0; i < 3000; i++)
    {
      KennisRecord *record = kennis_record_new (KENNIS_ENTRY_KIND_LINK);

      record->url = g_strdup_printf ("https://example.org/%u", i);
      g_ptr_array_add (set->entries, record);
    }

  CancelAt cancel = { cancellable, *at };
  g_autoptr(KennisQuery) query = kennis_query_new ();
  g_autoptr(KennisEntry) later = NULL;
  g_autoptr(GArray) found = NULL;

  g_assert_false (kennis_store_import_records (f->store, set, cancel_at_cb, &cancel, cancellable,
                                               &counts, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = read_notebook (f->store);
  g_assert_cmpuint (after->entries->len, ==, 0);
  g_clear_error (&error);

  /* The search index still follows new entries. */
  later = add_entry (f->store, KENNIS_ENTRY_KIND_NOTE, "Zoekbaar", "daarna", "", (const char * const []) { NULL });
  kennis_query_set_text (query, "zoekbaar");
  found = kennis_store_query (f->store, query, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_not_importable (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const contents[] = {
    "just some text\n",
    "{\"format\": \"something else\", \"entries\": []}",
    "{\"format\": \"kennis\", \"version\": 1, \"entries\": [{\"kind\": \"poem\"}]}",
    "{\"format\": \"kennis\", \"version\": 99, \"entries\": []}",
    "<html><body><p>Not bookmarks</p></body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (f->dir, "odd-file", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(KennisRecordSet) after = NULL;

      g_file_set_contents (path, contents[i], -1, &error);
      g_assert_no_error (error);
      g_assert_false (kennis_transfer_import (f->store, file, KENNIS_TRANSFER_FORMAT_AUTO, NULL, NULL, NULL,
                                              NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "odd-file"));
      after = read_notebook (f->store);
      g_assert_cmpuint (after->entries->len, ==, 0);
    }
}

/* An empty file is refused with its name, by every reader. */
static void
test_empty_file (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GError) html_error = NULL;
  g_autoptr(KennisRecordSet) json = kennis_json_format_read (empty, "leeg.json", &json_error);
  g_autoptr(KennisRecordSet) html = kennis_bookmarks_format_read (empty, "leeg.html", &html_error);

  g_assert_null (json);
  g_assert_error (json_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (json_error->message, "leeg.json"));
  g_assert_null (html);
  g_assert_error (html_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (html_error->message, "leeg.html"));
}

/* Only web addresses come in: a link to javascript: or file: becomes a
 * note without it. */
static void
test_import_only_web_addresses (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) after = NULL;
  const char * const urls[] = { "javascript:alert(1)", "file:///etc/passwd", "https://ok.example/" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      KennisRecord *record = kennis_record_new (KENNIS_ENTRY_KIND_LINK);

      record->title = g_strdup_printf ("Link %u", i);
      record->url = g_strdup (urls[i]);
      g_ptr_array_add (set->entries, record);
    }
  kennis_store_import_records (f->store, set, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  after = read_notebook (f->store);
  g_assert_cmpuint (after->entries->len, ==, 3);
  for (guint i = 0; i < after->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (after->entries, i);
      gboolean web = g_str_equal (record->title, "Link 2");

      g_assert_cmpstr (record->url, ==, web ? "https://ok.example/" : "");
      g_assert_cmpint (record->kind, ==, web ? KENNIS_ENTRY_KIND_LINK : KENNIS_ENTRY_KIND_NOTE);
    }
}

typedef struct
{
  GMainLoop          *loop;
  KennisImportCounts  counts;
  guint               n_progress;
  guint               last_done;
  GError             *error;
} AsyncImport;

static void
async_progress_cb (guint    done,
                   guint    total,
                   gpointer data)
{
  AsyncImport *import = data;

  /* On the thread that asked: progress can touch widgets. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (done, >=, import->last_done);
  import->last_done = done;
  import->n_progress++;
}

static void
async_import_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  AsyncImport *import = data;

  kennis_transfer_import_finish (KENNIS_STORE (source), result, &import->counts, &import->error);
  g_main_loop_quit (import->loop);
}

static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = data_file ("firefox.html");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncImport import = { loop, { 0, 0 }, 0, 0, NULL };
  g_autoptr(KennisRecordSet) after = NULL;

  kennis_transfer_import_async (f->store, file, KENNIS_TRANSFER_FORMAT_AUTO, async_progress_cb, &import,
                                NULL, async_import_done_cb, &import);
  g_main_loop_run (loop);
  g_assert_no_error (import.error);
  g_assert_cmpuint (import.counts.added, ==, 4);
  g_assert_cmpuint (import.n_progress, >=, 1);

  after = read_notebook (f->store);
  g_assert_cmpuint (after->entries->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/transfer/bookmarks/firefox", test_bookmarks_firefox);
  ADD ("/transfer/bookmarks/service", test_bookmarks_service);
  ADD ("/transfer/bookmarks/latin", test_bookmarks_latin);
  ADD ("/transfer/bookmarks/encodings", test_bookmarks_encodings);
  ADD ("/transfer/bookmarks/round-trip", test_bookmarks_round_trip);
  ADD ("/transfer/json/round-trip", test_json_round_trip);
  ADD ("/transfer/json/truncated", test_json_truncated);
  ADD ("/transfer/import/fails-half-way", test_import_fails_half_way);
  g_test_add ("/transfer/import/cancelled-adding", Fixture, &(const double) { 0.25 },
              fixture_set_up, test_import_cancelled, fixture_tear_down);
  g_test_add ("/transfer/import/cancelled-indexing", Fixture, &(const double) { 0.6 },
              fixture_set_up, test_import_cancelled, fixture_tear_down);
  ADD ("/transfer/import/not-importable", test_not_importable);
  ADD ("/transfer/import/async", test_import_async);
  ADD ("/transfer/import/only-web-addresses", test_import_only_web_addresses);
  g_test_add_func ("/transfer/import/empty-file", test_empty_file);
#undef ADD

  return g_test_run ();
}
