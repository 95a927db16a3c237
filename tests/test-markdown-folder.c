/* test-markdown-folder.c — a folder of Markdown files in and out
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kennis-audience.h"
#include "kennis-markdown-folder.h"
#include "kennis-test-util.h"

typedef struct
{
  char  *dir;
  GFile *folder;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-markdown-folder-XXXXXX", &error);
  g_assert_no_error (error);
  f->folder = g_file_new_for_path (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  kennis_test_remove_tree (f->dir);
  g_clear_object (&f->folder);
  g_clear_pointer (&f->dir, g_free);
}

/* @relative uses '/', and its folders are made as needed. */
static void
write_file (Fixture    *f,
            const char *relative,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static KennisRecordSet *
read_folder (GFile *folder)
{
  g_autoptr(GError) error = NULL;
  KennisRecordSet *set = kennis_markdown_folder_read (folder, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static KennisRecord *
find_record (KennisRecordSet *set,
             const char      *title)
{
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *record = g_ptr_array_index (set->entries, i);

      if (g_strcmp0 (record->title, title) == 0)
        return record;
    }

  g_test_message ("no record titled “%s”", title);
  g_assert_not_reached ();
  return NULL;
}

static void
assert_list (GStrv       strv,
             const char *expected)
{
  g_autofree char *joined = g_strjoinv (", ", strv);

  g_assert_cmpstr (joined, ==, expected);
}

static gint64
utc_usec (int    year,
          int    month,
          int    day,
          int    hour,
          int    minute,
          double seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, seconds);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
test_read_front_matter (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisRecord *record;

  write_file (f, "plain.md", "# Heading\n\nJust text.\n");
  write_file (f, "with-title.md",
              "---\n"
              "title: Mijn notitie # a comment\n"
              "language: nl\n"
              "unknown: [x, y]\n"
              "author:\n"
              "  name: Someone\n"
              "...\n"
              "\n"
              "  \n"
              "Body here.\n");
  write_file (f, "no-title.md", "---\nlang: en\n---\nText\n");
  write_file (f, "quoted.md", "---\ntitle: \"Say \\\"hi\\\": now\\nplease \\\\ \\u00e9\"\n---\n");
  write_file (f, "single.md", "---\ntitle: 'It''s: here'\n---\nx");
  write_file (f, "folded.md", "---\ntitle: >\n  Folded\n  title\n---\n");

  set = read_folder (f->folder);

  /* In the order of the file names, whatever order the folder lists. */
  g_assert_cmpuint (set->entries->len, ==, 6);
  g_assert_cmpstr (((KennisRecord *)g_ptr_array_index (set->entries, 0))->title, ==, "Folded title");
  g_assert_cmpstr (((KennisRecord *)g_ptr_array_index (set->entries, 5))->title, ==, "Mijn notitie");

  record = find_record (set, "plain");
  g_assert_cmpint (record->kind, ==, KENNIS_ENTRY_KIND_NOTE);
  g_assert_cmpstr (record->body, ==, "# Heading\n\nJust text.\n");
  g_assert_null (record->id);
  g_assert_null (record->url);
  g_assert_null (record->language);
  assert_list (record->tags, "");

  record = find_record (set, "Mijn notitie");
  g_assert_cmpstr (record->language, ==, "nl");
  g_assert_cmpstr (record->body, ==, "Body here.\n");

  record = find_record (set, "no-title");
  g_assert_cmpstr (record->language, ==, "en");
  g_assert_cmpstr (record->body, ==, "Text\n");

  record = find_record (set, "Say \"hi\": now\nplease \\ é");
  g_assert_cmpstr (record->body, ==, "");

  find_record (set, "It's: here");
}

static void
test_read_tags (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;

  write_file (f, "flow.md", "---\ntitle: flow\ntags: [one, \"two words\", 'three']\n---\n");
  write_file (f, "block.md",
              "---\n"
              "title: block\n"
              "tags:\n"
              "  - one\n"
              "  - \"two words\"\n"
              "# a comment between items\n"
              "  -   three   # and one after\n"
              "---\n");
  write_file (f, "unindented.md", "---\ntitle: unindented\ntags:\n- one\n- two\n---\n");
  write_file (f, "comma.md", "---\ntitle: comma\ntags: one, two words ,three\n---\n");
  write_file (f, "other-keys.md",
              "---\ntitle: other keys\ntag: solo\nkeywords: [k1]\ncategories: c1, c2\n---\n");
  write_file (f, "case.md", "---\ntitle: case\ntags: [Idee, idee, IDEE]\n---\n");
  write_file (f, "empty.md", "---\ntitle: empty\ntags: []\n---\n");

  set = read_folder (f->folder);

  assert_list (find_record (set, "flow")->tags, "one, two words, three");
  assert_list (find_record (set, "block")->tags, "one, two words, three");
  assert_list (find_record (set, "unindented")->tags, "one, two");
  assert_list (find_record (set, "comma")->tags, "one, two words, three");
  assert_list (find_record (set, "other keys")->tags, "solo, k1, c1, c2");
  assert_list (find_record (set, "case")->tags, "Idee");
  assert_list (find_record (set, "empty")->tags, "");
}

/* Obsidian vaults hold settings in .obsidian and attachments next to notes. */
static void
test_read_sub_folders (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisRecord *record;

  write_file (f, "top.md", "Top\n");
  write_file (f, "werk/klanten/acme.md", "---\ntags: [klant]\n---\nAcme\n");
  write_file (f, "werk/plan.markdown", "Plan\n");
  write_file (f, "werk/todo.txt", "Todo\n");
  write_file (f, "werk/SHOUT.MD", "Shout\n");
  write_file (f, "werk/.draft.md", "Hidden file\n");
  write_file (f, ".obsidian/workspace.md", "Settings\n");
  write_file (f, ".git/notes/x.md", "History\n");
  write_file (f, "werk/diagram.png", "\x89PNG");
  write_file (f, "werk/data.json", "{}");

  set = read_folder (f->folder);

  g_assert_cmpuint (set->entries->len, ==, 5);
  assert_list (find_record (set, "top")->tags, "");
  assert_list (find_record (set, "plan")->tags, "werk");
  assert_list (find_record (set, "todo")->tags, "werk");
  assert_list (find_record (set, "SHOUT")->tags, "werk");

  record = find_record (set, "acme");
  g_assert_cmpstr (record->body, ==, "Acme\n");
  assert_list (record->tags, "klant, werk, klanten");
}

static void
test_read_crlf_bom (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisRecord *record;

  write_file (f, "windows.md",
              "\xef\xbb\xbf---\r\n"
              "title: Windows\r\n"
              "tags:\r\n"
              "  - a\r\n"
              "---\r\n"
              "\r\n"
              "Line one\r\n"
              "Line two\r\n");
  write_file (f, "bom-only.md", "\xef\xbb\xbfHallo\r\nwereld");

  set = read_folder (f->folder);

  record = find_record (set, "Windows");
  assert_list (record->tags, "a");
  g_assert_cmpstr (record->body, ==, "Line one\nLine two\n");

  record = find_record (set, "bom-only");
  g_assert_cmpstr (record->body, ==, "Hallo\nwereld");
}

static void
test_read_windows_1252 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisRecord *record;

  write_file (f, "ansi.md", "---\ntitle: Caf\xe9\n---\nPrijs: \x80 5\n");
  set = read_folder (f->folder);

  record = find_record (set, "Café");
  g_assert_cmpstr (record->body, ==, "Prijs: € 5\n");
}

static void
set_modified (Fixture    *f,
              const char *relative,
              guint64     seconds)
{
  g_autoptr(GFile) file = g_file_get_child (f->folder, relative);
  g_autoptr(GError) error = NULL;

  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, seconds,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_file_set_attribute_uint32 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, 0,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
test_read_dates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  gint64 mtime = utc_usec (2001, 2, 3, 4, 5, 6);
  KennisRecord *record;

  write_file (f, "day.md", "---\ntitle: day\ndate: 2024-03-05\n---\n");
  write_file (f, "minute.md", "---\ntitle: minute\ndate: 2024-03-05 14:30\n---\n");
  write_file (f, "seconds.md", "---\ntitle: seconds\ncreated: \"2024-03-05 14:30:15\"\n---\n");
  write_file (f, "iso.md",
              "---\n"
              "title: iso\n"
              "date: 2024-03-05T14:30:15.25+02:00\n"
              "modified: 2024-03-06T00:00:00Z\n"
              "---\n");
  write_file (f, "none.md", "No front matter\n");
  write_file (f, "nonsense.md", "---\ntitle: nonsense\ndate: someday\nupdated: 2024-13-45\n---\n");
  set_modified (f, "none.md", mtime / G_USEC_PER_SEC);
  set_modified (f, "nonsense.md", mtime / G_USEC_PER_SEC);

  set = read_folder (f->folder);

  g_assert_cmpint (find_record (set, "day")->created_at, ==, utc_usec (2024, 3, 5, 0, 0, 0));
  g_assert_cmpint (find_record (set, "minute")->created_at, ==, utc_usec (2024, 3, 5, 14, 30, 0));
  g_assert_cmpint (find_record (set, "seconds")->created_at, ==, utc_usec (2024, 3, 5, 14, 30, 15));

  record = find_record (set, "iso");
  g_assert_cmpint (record->created_at, ==, utc_usec (2024, 3, 5, 12, 30, 15.25));
  g_assert_cmpint (record->updated_at, ==, utc_usec (2024, 3, 6, 0, 0, 0));

  /* Without a date, the file's own time tells when the note was written. */
  record = find_record (set, "none");
  g_assert_cmpint (record->created_at, ==, mtime);
  g_assert_cmpint (record->updated_at, ==, 0);

  record = find_record (set, "nonsense");
  g_assert_cmpint (record->created_at, ==, mtime);
  g_assert_cmpint (record->updated_at, ==, 0);
}

static void
test_read_links (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  KennisRecord *record;

  write_file (f, "a.md", "---\ntitle: page\nurl: https://example.org/a#top\n---\nWhy I saved it\n");
  write_file (f, "b.md", "---\ntitle: other\nlink: \"http://example.org/b\"\n---\n");
  write_file (f, "c.md", "---\ntitle: file\nurl: ftp://example.org/c\n---\n");

  set = read_folder (f->folder);

  record = find_record (set, "page");
  g_assert_cmpint (record->kind, ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_cmpstr (record->url, ==, "https://example.org/a#top");
  g_assert_cmpstr (record->body, ==, "Why I saved it\n");

  record = find_record (set, "other");
  g_assert_cmpint (record->kind, ==, KENNIS_ENTRY_KIND_LINK);
  g_assert_cmpstr (record->url, ==, "http://example.org/b");

  record = find_record (set, "file");
  g_assert_cmpint (record->kind, ==, KENNIS_ENTRY_KIND_NOTE);
}

static void
test_read_ids_and_audiences (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = NULL;
  g_autofree char *expected = NULL;
  KennisRecordAudience *audience;
  KennisRecord *record;

  write_file (f, "a.md",
              "---\n"
              "title: a\n"
              "id: 0b5a2d4e-7c1f-4a8e-9d3b-2f6e8c1a4b7d\n"
              "audiences: [team, Familie]\n"
              "---\n");
  write_file (f, "b.md", "---\ntitle: b\nid: 42\naudiences: Familie, public\n---\n");

  set = read_folder (f->folder);

  record = find_record (set, "a");
  g_assert_cmpstr (record->id, ==, "0b5a2d4e-7c1f-4a8e-9d3b-2f6e8c1a4b7d");
  expected = g_strconcat (kennis_audience_builtin_name (KENNIS_AUDIENCE_TEAM), ", Familie", NULL);
  assert_list (record->audiences, expected);

  /* An id that is no UUID would clash with other notebooks' ids. */
  record = find_record (set, "b");
  g_assert_null (record->id);
  g_assert_cmpstr (record->audiences[0], ==, "Familie");

  g_assert_cmpuint (set->audiences->len, ==, 3);
  audience = g_ptr_array_index (set->audiences, 0);
  g_assert_cmpstr (audience->key, ==, KENNIS_AUDIENCE_TEAM);
  audience = g_ptr_array_index (set->audiences, 1);
  g_assert_null (audience->key);
  g_assert_cmpstr (audience->name, ==, "Familie");
  audience = g_ptr_array_index (set->audiences, 2);
  g_assert_cmpstr (audience->key, ==, KENNIS_AUDIENCE_PUBLIC);
}

static void
assert_read_error (GFile      *folder,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KennisRecordSet) set = kennis_markdown_folder_read (folder, NULL, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_read_unclosed (Fixture       *f,
                    gconstpointer  data)
{
  write_file (f, "fine.md", "---\ntitle: fine\n---\n");
  write_file (f, "notities/open.md", "---\ntitle: open\ntags: [a]\n\n# Heading\n");

  assert_read_error (f->folder,
                     "“notities/open.md”, line 1: the front matter is not closed with “---”.");
}

static void
test_read_bad_line (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *contents;
    guint       line;
  } cases[] = {
    { "---\ntitle: ok\nthis is not yaml\n---\n", 3 },
    { "---\ntitle: \"not closed\n---\n", 2 },
    { "---\ntitle: 'not closed\n---\n", 2 },
    { "---\ntags: [a, b\n---\n", 2 },
    { "---\ntags: [a] b\n---\n", 2 },
    { "---\n  - an item without a key\n---\n", 2 },
    { "---\ntitle: \"quoted\"\n  more\n---\n", 3 },
    { "---\r\ntitle: x\r\n\r\n: no key\r\n---\r\n", 4 },
    { "---\n# comment\n\ntitle: x\nhttps://example.org\n---\n", 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-%u/Slechte regel.md", i);
      g_autofree char *case_dir = g_strdup_printf ("case-%u", i);
      g_autoptr(GFile) folder = g_file_get_child (f->folder, case_dir);
      g_autofree char *message = NULL;

      g_test_message ("case %u", i);
      write_file (f, name, cases[i].contents);
      message = g_strdup_printf ("“Slechte regel.md”, line %u: Kennis cannot read this front matter line.",
                                 cases[i].line);
      assert_read_error (folder, message);
    }
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) read = NULL;
  g_autoptr(GFile) out = g_file_get_child (f->folder, "out");
  g_autoptr(GError) error = NULL;

  write_file (f, "a.md", "A\n");
  g_ptr_array_add (set->entries, kennis_record_new (KENNIS_ENTRY_KIND_NOTE));
  g_cancellable_cancel (cancellable);

  read = kennis_markdown_folder_read (f->folder, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (read);
  g_clear_error (&error);

  g_assert_false (kennis_markdown_folder_write (set, out, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static KennisRecord *
add_record (KennisRecordSet *set,
            KennisEntryKind  kind,
            const char      *title,
            const char      *body)
{
  KennisRecord *record = kennis_record_new (kind);

  record->title = g_strdup (title);
  record->body = g_strdup (body);
  g_ptr_array_add (set->entries, record);
  return record;
}

static void
assert_records_equal (const KennisRecord *a,
                      const KennisRecord *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->body, ==, b->body);
  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpstr (a->language, ==, b->language);
  g_assert_true (g_strv_equal ((const char * const *)a->tags, (const char * const *)b->tags));
  g_assert_true (g_strv_equal ((const char * const *)a->audiences, (const char * const *)b->audiences));
  g_assert_cmpint (a->created_at, ==, b->created_at);
  g_assert_cmpint (a->updated_at, ==, b->updated_at);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) read = NULL;
  g_autoptr(GFile) out = g_file_get_child (f->folder, "export/notes");
  g_autoptr(GError) error = NULL;
  const char *team = kennis_record_set_add_audience (set, KENNIS_AUDIENCE_TEAM, NULL);
  const char *org = kennis_record_set_add_audience (set, KENNIS_AUDIENCE_ORG, NULL);
  const char *public = kennis_record_set_add_audience (set, KENNIS_AUDIENCE_PUBLIC, NULL);
  const char *family = kennis_record_set_add_audience (set, NULL, "Familie \"thuis\"");
  KennisRecord *record;

  record = add_record (set, KENNIS_ENTRY_KIND_NOTE,
                       "Quotes \"here\" and 'there': #1 # not a comment",
                       "---\nnot: front matter\n---\nText\n");
  record->id = g_uuid_string_random ();
  record->language = g_strdup ("nl");
  record->created_at = utc_usec (2026, 11, 28, 1, 2, 3.123456);
  record->updated_at = record->created_at + 1;
  kennis_record_add_tag (record, "werk");
  kennis_record_add_tag (record, "idee: los, vast");
  kennis_record_add_audience (record, team);
  kennis_record_add_audience (record, org);
  kennis_record_add_audience (record, family);

  record = add_record (set, KENNIS_ENTRY_KIND_LINK, "--- leading dashes", "");
  record->url = g_strdup ("https://example.org/a?b=1#c");
  record->created_at = utc_usec (1969, 7, 20, 20, 17, 40);
  record->updated_at = utc_usec (2023, 1, 1, 0, 0, 0);
  kennis_record_add_audience (record, public);

  record = add_record (set, KENNIS_ENTRY_KIND_NOTE,
                       "Line one\nLine two 😀 \\ back\\slash\ttab\r",
                       "😀 emoji\r\nwith a carriage return\n");
  record->id = g_uuid_string_random ();
  record->language = g_strdup ("en-GB");
  record->created_at = utc_usec (2020, 2, 29, 23, 59, 59.999999);
  record->updated_at = record->created_at;
  kennis_record_add_tag (record, "#hash");
  kennis_record_add_tag (record, "émoji 😀");
  kennis_record_add_tag (record, "[bracket]");

  record = add_record (set, KENNIS_ENTRY_KIND_NOTE, "null", "    indented code\n\n\n");
  record->created_at = utc_usec (2024, 1, 1, 0, 0, 0);

  record = add_record (set, KENNIS_ENTRY_KIND_NOTE, "  spaced out  ", "...\n");
  record->created_at = utc_usec (2024, 1, 1, 0, 0, 0);

  kennis_markdown_folder_write (set, out, NULL, &error);
  g_assert_no_error (error);
  read = read_folder (out);

  g_assert_cmpuint (read->entries->len, ==, set->entries->len);
  for (guint i = 0; i < set->entries->len; i++)
    {
      KennisRecord *written = g_ptr_array_index (set->entries, i);

      g_test_message ("%s", written->title);
      assert_records_equal (written, find_record (read, written->title));
    }

  /* Built-in audiences come back by their key, the user's own by name. */
  g_assert_cmpuint (read->audiences->len, ==, 4);
  for (guint i = 0; i < read->audiences->len; i++)
    {
      KennisRecordAudience *audience = g_ptr_array_index (read->audiences, i);

      if (audience->key == NULL)
        g_assert_cmpstr (audience->name, ==, family);
      else
        g_assert_cmpstr (audience->name, ==, kennis_audience_builtin_name (audience->key));
    }
}

/* What other tools see: every text double-quoted, times in UTC with
 * microseconds, built-in audiences by key. */
static void
test_write_format (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autofree char *path = g_build_filename (f->dir, "a-b-c.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  KennisRecord *record = add_record (set, KENNIS_ENTRY_KIND_LINK, "A \"b\"\nc\\", "Body\n");

  record->id = g_strdup ("0b5a2d4e-7c1f-4a8e-9d3b-2f6e8c1a4b7d");
  record->url = g_strdup ("https://example.org/");
  record->language = g_strdup ("nl");
  record->created_at = G_GINT64_CONSTANT (1795827723123456);
  record->updated_at = G_GINT64_CONSTANT (1795827723000000);
  kennis_record_add_tag (record, "x");
  kennis_record_add_tag (record, "y z");
  kennis_record_add_audience (record, kennis_record_set_add_audience (set, KENNIS_AUDIENCE_ORG, NULL));
  kennis_record_add_audience (record, kennis_record_set_add_audience (set, NULL, "Buren"));

  kennis_markdown_folder_write (set, f->folder, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==,
                   "---\n"
                   "title: \"A \\\"b\\\"\\nc\\\\\"\n"
                   "id: \"0b5a2d4e-7c1f-4a8e-9d3b-2f6e8c1a4b7d\"\n"
                   "date: 2026-11-28T01:02:03.123456Z\n"
                   "updated: 2026-11-28T01:02:03.000000Z\n"
                   "url: \"https://example.org/\"\n"
                   "language: \"nl\"\n"
                   "tags: [\"x\", \"y z\"]\n"
                   "audiences: [\"org\", \"Buren\"]\n"
                   "---\n"
                   "\n"
                   "Body\n");
}

static void
test_write_keeps_existing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) read = NULL;
  g_autofree char *hello = g_build_filename (f->dir, "hello.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f, "hello.md", "My own file\n");
  write_file (f, "World.md", "Mine too\n");
  add_record (set, KENNIS_ENTRY_KIND_NOTE, "Hello", "From Kennis\n");
  add_record (set, KENNIS_ENTRY_KIND_NOTE, "world", "From Kennis\n");

  kennis_markdown_folder_write (set, f->folder, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (hello, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "My own file\n");

  /* "World.md" and "world.md" are one file on Windows and macOS. */
  read = read_folder (f->folder);
  g_assert_cmpuint (read->entries->len, ==, 4);
  g_assert_cmpstr (find_record (read, "hello")->body, ==, "My own file\n");
  g_assert_cmpstr (find_record (read, "Hello")->body, ==, "From Kennis\n");
  g_assert_cmpstr (find_record (read, "World")->body, ==, "Mine too\n");
  g_assert_cmpstr (find_record (read, "world")->body, ==, "From Kennis\n");
  g_assert_true (g_file_test (hello, G_FILE_TEST_IS_REGULAR));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* @dir's file names, sorted and joined by ", ". */
static char *
dup_file_names (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (GStrv) names->pdata);
}

static void
test_write_same_title (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) read = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  add_record (set, KENNIS_ENTRY_KIND_NOTE, "Same", "first\n");
  add_record (set, KENNIS_ENTRY_KIND_NOTE, "Same", "second\n");
  add_record (set, KENNIS_ENTRY_KIND_NOTE, "same!", "third\n");

  kennis_markdown_folder_write (set, f->folder, NULL, &error);
  g_assert_no_error (error);

  names = dup_file_names (f->dir);
  g_assert_cmpstr (names, ==, "same-2.md, same-3.md, same.md");

  read = read_folder (f->folder);
  g_assert_cmpuint (read->entries->len, ==, 3);
  g_assert_cmpstr (((KennisRecord *)g_ptr_array_index (read->entries, 0))->body, ==, "second\n");
  g_assert_cmpstr (((KennisRecord *)g_ptr_array_index (read->entries, 1))->body, ==, "third\n");
  g_assert_cmpstr (((KennisRecord *)g_ptr_array_index (read->entries, 2))->body, ==, "first\n");
}

/* A title is never part of a path: nothing climbs out of the folder or
 * names a Windows device. */
static void
test_write_unsafe_titles (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const titles[] = {
    "../../etc/passwd", "CON", "nul.txt", "/absolute", "a\\b:c*d?", ".", "..", "", "😀",
  };
  g_autoptr(KennisRecordSet) set = kennis_record_set_new ();
  g_autoptr(KennisRecordSet) read = NULL;
  g_autoptr(GFile) out = g_file_get_child (f->folder, "export");
  g_autofree char *export_dir = g_build_filename (f->dir, "export", NULL);
  g_autofree char *top = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    add_record (set, KENNIS_ENTRY_KIND_NOTE, titles[i], "text\n");

  kennis_markdown_folder_write (set, out, NULL, &error);
  g_assert_no_error (error);

  top = dup_file_names (f->dir);
  g_assert_cmpstr (top, ==, "export");
  names = dup_file_names (export_dir);
  g_assert_cmpstr (names, ==,
                   "a-b-c-d.md, absolute.md, con-1.md, entry-2.md, entry-3.md, entry-4.md, "
                   "entry.md, etc-passwd.md, nul-txt.md");

  /* Titles with a letter come back as they were. */
  read = read_folder (out);
  g_assert_cmpuint (read->entries->len, ==, G_N_ELEMENTS (titles));
  find_record (read, "../../etc/passwd");
  find_record (read, "CON");
  find_record (read, "😀");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/markdown-folder/read/front-matter", test_read_front_matter);
  ADD ("/markdown-folder/read/tags", test_read_tags);
  ADD ("/markdown-folder/read/sub-folders", test_read_sub_folders);
  ADD ("/markdown-folder/read/crlf-bom", test_read_crlf_bom);
  ADD ("/markdown-folder/read/windows-1252", test_read_windows_1252);
  ADD ("/markdown-folder/read/dates", test_read_dates);
  ADD ("/markdown-folder/read/links", test_read_links);
  ADD ("/markdown-folder/read/ids-and-audiences", test_read_ids_and_audiences);
  ADD ("/markdown-folder/read/unclosed", test_read_unclosed);
  ADD ("/markdown-folder/read/bad-line", test_read_bad_line);
  ADD ("/markdown-folder/cancelled", test_cancelled);
  ADD ("/markdown-folder/round-trip", test_round_trip);
  ADD ("/markdown-folder/write/format", test_write_format);
  ADD ("/markdown-folder/write/keeps-existing", test_write_keeps_existing);
  ADD ("/markdown-folder/write/same-title", test_write_same_title);
  ADD ("/markdown-folder/write/unsafe-titles", test_write_unsafe_titles);

#undef ADD

  return g_test_run ();
}
