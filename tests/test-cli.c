/* test-cli.c — runs the built kennis-cli against a fresh notebook and checks what it says and stores
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kennis-test-util.h"

/* A fresh notebook holds the welcome entries; tests filter on their own tags
 * so they do not depend on how many there are. */

typedef struct
{
  char *dir;          /* KENNIS_DATA_DIR */
  char *config_dir;   /* XDG_CONFIG_HOME, for the keyfile settings test */
  char *db_path;
  const char *settings_backend;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("KENNIS_CLI") == NULL)
    {
      g_test_skip ("KENNIS_CLI is not set; run through meson test");
      return;
    }

  f->dir = g_dir_make_tmp ("kennis-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->config_dir = g_dir_make_tmp ("kennis-cli-config-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "kennis.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dir != NULL)
    kennis_test_remove_tree (f->dir);
  if (f->config_dir != NULL)
    kennis_test_remove_tree (f->config_dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->config_dir, g_free);
  g_clear_pointer (&f->db_path, g_free);
}

/* Runs kennis-cli with @argv (NULL-terminated, without the program) and
 * @input (may be NULL) on standard input. */
static void
run_argv (Fixture             *f,
          GBytes              *input,
          const char * const  *argv,
          KennisTestCliResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config_dir, TRUE);
  if (f->settings_backend != NULL)
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", f->settings_backend, TRUE);
  kennis_test_run_cli (launcher, input, argv, result);
}

#define run(f, result, ...) \
  run_argv ((f), NULL, (const char * const[]){ __VA_ARGS__, NULL }, (result))

/* Runs a command that must succeed and returns its standard output. */
static char *
run_ok_argv (Fixture            *f,
             const char * const *argv)
{
  g_auto(KennisTestCliResult) result = { 0 };

  run_argv (f, NULL, argv, &result);
  if (result.status != 0)
    g_printerr ("kennis-cli failed: %s", result.err);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_utf8_validate (result.out, -1, NULL));

  return g_steal_pointer (&result.out);
}

#define run_ok(f, ...) \
  run_ok_argv ((f), (const char * const[]){ __VA_ARGS__, NULL })

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

#define run_json(f, ...) \
  parse_json_and_free (run_ok_argv ((f), (const char * const[]){ "--json", __VA_ARGS__, NULL }))

static JsonNode *
parse_json_and_free (char *text)
{
  g_autofree char *owned = text;

  return parse_json (owned);
}

static char *
dup_member (JsonNode   *node,
            const char *member)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return g_strdup (json_object_get_string_member (json_node_get_object (node), member));
}

static char **
dup_tags (JsonNode *node)
{
  JsonArray *tags = json_object_get_array_member (json_node_get_object (node), "tags");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (tags); i++)
    g_strv_builder_add (builder, json_array_get_string_element (tags, i));

  return g_strv_builder_end (builder);
}

/* The audience keys (or, for user-made ones, names) of an entry, in order. */
static char *
dup_audiences (JsonNode *node)
{
  JsonArray *audiences = json_object_get_array_member (json_node_get_object (node), "audiences");
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (json_object_get_null_member (audience, "key"))
        g_string_append (out, json_object_get_string_member (audience, "name"));
      else
        g_string_append (out, json_object_get_string_member (audience, "key"));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The ids in a JSON array of entries, in order, joined by spaces. */
static char *
dup_ids (JsonNode *node)
{
  JsonArray *array;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, json_object_get_string_member (json_array_get_object_element (array, i), "id"));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_entries (Fixture *f)
{
  g_autoptr(JsonNode) list = run_json (f, "list");

  return json_array_get_length (json_node_get_array (list));
}

/* Adds an entry with --json and returns its id. */
static char *
add_argv (Fixture            *f,
          const char * const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;

  g_ptr_array_add (args, (gpointer)"--json");
  g_ptr_array_add (args, (gpointer)"add");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  /* Tests reach nothing but 127.0.0.1: no page is fetched for a link. */
  if (g_strcmp0 (argv[0], "link") == 0)
    g_ptr_array_add (args, (gpointer)"--no-fetch");
  g_ptr_array_add (args, NULL);

  node = parse_json_and_free (run_ok_argv (f, (const char * const *)args->pdata));
  return dup_member (node, "id");
}

#define add(f, ...) \
  add_argv ((f), (const char * const[]){ __VA_ARGS__, NULL })

static void
assert_iso_utc (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", text, 0, 0));
}

static void
test_add_note (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *audiences = NULL;
  g_autofree char *id = NULL;
  g_autofree char *short_id = NULL;
  JsonObject *object;

  if (f->dir == NULL)
    return;

  node = run_json (f, "add", "note", "--title", "Creëer een plan", "--body", "Eerst *denken*.",
                   "--tag", "Plans", "--tag", "#work", "--tag", "plans", "--for", "team",
                   "--language", "nl");
  object = json_node_get_object (node);

  id = dup_member (node, "id");
  g_assert_cmpuint (strlen (id), ==, 36);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "note");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Creëer een plan");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "Eerst *denken*.");
  g_assert_true (json_object_get_null_member (object, "url"));
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "nl");
  g_assert_false (json_object_get_boolean_member (object, "private"));
  assert_iso_utc (json_object_get_string_member (object, "created"));
  assert_iso_utc (json_object_get_string_member (object, "updated"));

  /* Tags are normalized and kept once, ignoring case. */
  tags = dup_tags (node);
  g_assert_cmpstrv (tags, ((const char * const[]){ "Plans", "work", NULL }));
  audiences = dup_audiences (node);
  g_assert_cmpstr (audiences, ==, "team");

  /* What was stored reads back the same, by a short id. */
  short_id = g_strndup (id, 8);
  shown = run_json (f, "show", short_id);
  g_assert_true (json_node_equal (node, shown));
}

static void
test_add_link (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  node = run_json (f, "add", "link", "https://example.org/guide", "--no-fetch", "--title", "A guide",
                   "--tag", "reading", "--for", "Public", "--for", "My organisation",
                   "--body", "Worth a look.");
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "link");
  g_assert_cmpstr (json_object_get_string_member (object, "url"), ==, "https://example.org/guide");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "A guide");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "Worth a look.");

  /* Audiences given by name, in any case, come out in the app's order. */
  {
    g_autofree char *audiences = dup_audiences (node);
    g_assert_cmpstr (audiences, ==, "org,public");
  }

  id = dup_member (node, "id");
  shown = run_json (f, "show", id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "url"), ==,
                   "https://example.org/guide");

  /* An address without a scheme is refused, and nothing is stored. */
  run (f, &result, "add", "link", "example.org");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "https://example.org"));

  /* A link needs its address. */
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "link", "--title", "No address");
  g_assert_cmpint (result.status, ==, 2);
}

static void
test_add_defaults (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (f->dir == NULL)
    return;

  /* The memory settings backend holds the defaults: “Only me”, and the
   * language of the locale. */
  node = run_json (f, "add", "note", "--title", "Private by default");
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (object, "private"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "audiences")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "en");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "");
}

static void
test_add_default_audience (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *settings_dir = NULL;
  g_autofree char *keyfile = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audiences = NULL;

  if (f->dir == NULL)
    return;

  /* A settings file the way the app would have written it. */
  settings_dir = g_build_filename (f->config_dir, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_file_set_contents (keyfile,
                       "[io/github/kennis/Kennis]\n"
                       "default-audience='team'\n"
                       "default-language='de'\n",
                       -1, &error);
  g_assert_no_error (error);
  f->settings_backend = "keyfile";

  node = run_json (f, "add", "note", "--title", "For the team");
  audiences = dup_audiences (node);
  g_assert_cmpstr (audiences, ==, "team");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "language"), ==, "de");

  /* --for me overrides the default. */
  mine = run_json (f, "add", "note", "--title", "Mine", "--for", "me");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (mine), "private"));
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *note_team = NULL;
  g_autofree char *note_mine = NULL;
  g_autofree char *link_team = NULL;
  g_autofree char *other = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *human = NULL;
  g_autofree char *short_id = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  note_team = add (f, "note", "--title", "Team note", "--tag", "filters", "--for", "team");
  note_mine = add (f, "note", "--title", "My note", "--tag", "filters");
  link_team = add (f, "link", "https://example.com", "--tag", "filters", "--for", "team");
  other = add (f, "note", "--title", "Elsewhere", "--tag", "unrelated", "--for", "team");

  /* Last changed first. */
  {
    g_autoptr(JsonNode) list = run_json (f, "list", "--tag", "filters");
    ids = dup_ids (list);
    expected = g_strjoin (" ", link_team, note_mine, note_team, NULL);
    g_assert_cmpstr (ids, ==, expected);
    g_clear_pointer (&ids, g_free);
    g_clear_pointer (&expected, g_free);
  }

  /* --json works after the command too; tags match in any case. */
  {
    g_autoptr(JsonNode) list = parse_json_and_free (run_ok (f, "list", "--tag", "FILTERS", "--for", "team", "--json"));
    ids = dup_ids (list);
    expected = g_strjoin (" ", link_team, note_team, NULL);
    g_assert_cmpstr (ids, ==, expected);
    g_clear_pointer (&ids, g_free);
    g_clear_pointer (&expected, g_free);
  }

  {
    g_autoptr(JsonNode) list = run_json (f, "list", "--tag", "filters", "--for", "only-me");
    ids = dup_ids (list);
    g_assert_cmpstr (ids, ==, note_mine);
    g_clear_pointer (&ids, g_free);
  }

  {
    g_autoptr(JsonNode) list = run_json (f, "list", "--tag", "filters", "--kind", "link");
    ids = dup_ids (list);
    g_assert_cmpstr (ids, ==, link_team);
    g_clear_pointer (&ids, g_free);
  }

  {
    g_autoptr(JsonNode) list = run_json (f, "list", "--for", "team", "--kind", "note", "--limit", "1");
    ids = dup_ids (list);
    g_assert_cmpstr (ids, ==, other);
    g_clear_pointer (&ids, g_free);
  }

  /* Text output: one line per entry, short id first, audience and tags. */
  human = run_ok (f, "list", "--tag", "filters", "--kind", "note");
  lines = g_strsplit (g_strchomp (human), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  short_id = g_strndup (note_mine, 8);
  g_assert_true (g_str_has_prefix (strstr (human, short_id), short_id));
  g_assert_nonnull (strstr (human, "My note"));
  g_assert_nonnull (strstr (human, "[Only me]"));
  g_assert_nonnull (strstr (human, "[My team]"));
  g_assert_nonnull (strstr (human, "#filters"));

  /* A tag nobody uses, or an unknown audience, is “not found”. */
  run (f, &result, "list", "--tag", "no-such-tag");
  g_assert_cmpint (result.status, ==, 3);
  g_assert_true (g_str_has_prefix (result.err, "kennis-cli: "));
  kennis_test_cli_result_clear (&result);
  run (f, &result, "list", "--for", "nobody");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "list", "--kind", "poem");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_cmpstr (result.out, ==, "");
  kennis_test_cli_result_clear (&result);
  run (f, &result, "list", "--limit", "-1");
  g_assert_cmpint (result.status, ==, 2);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *plan = NULL;
  g_autofree char *link = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  plan = add (f, "note", "--title", "Creëer een leerplan", "--body", "Over zoektermen", "--tag", "search");
  link = add (f, "link", "https://example.net/zoek", "--title", "Zoekmachine", "--tag", "search",
              "--for", "public");

  /* Without diacritics, and by the start of a word. */
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "creeer");
    ids = dup_ids (hits);
    g_assert_cmpstr (ids, ==, plan);
    g_clear_pointer (&ids, g_free);
  }
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "leerpl");
    ids = dup_ids (hits);
    g_assert_cmpstr (ids, ==, plan);
    g_clear_pointer (&ids, g_free);
  }

  /* Both entries; filters narrow the hits. */
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "zoek", "--tag", "search");
    JsonArray *array = json_node_get_array (hits);
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
  }
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "zoek", "--kind", "link");
    ids = dup_ids (hits);
    g_assert_cmpstr (ids, ==, link);
    g_clear_pointer (&ids, g_free);
  }
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "zoek", "--for", "me");
    ids = dup_ids (hits);
    g_assert_cmpstr (ids, ==, plan);
    g_clear_pointer (&ids, g_free);
  }

  /* Several unquoted words are one search; FTS syntax is plain text. */
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "creëer", "zoekterm");
    ids = dup_ids (hits);
    g_assert_cmpstr (ids, ==, plan);
    g_clear_pointer (&ids, g_free);
  }
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "NEAR(", "\"zoek");
    g_assert_cmpuint (json_array_get_length (json_node_get_array (hits)), ==, 0);
  }

  /* No hits is not an error, but nothing to search for is. */
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "xylofoonconcert");
    g_assert_cmpuint (json_array_get_length (json_node_get_array (hits)), ==, 0);
  }
  run (f, &result, "search", "*");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "search");
  g_assert_cmpint (result.status, ==, 2);
}

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  id = add (f, "note", "--title", "Shown in full", "--body", "Line one\nLine two\n",
            "--tag", "show", "--tag", "two words", "--for", "org");

  text = run_ok (f, "show", id);
  g_assert_nonnull (strstr (text, "Shown in full"));
  g_assert_nonnull (strstr (text, id));
  g_assert_nonnull (strstr (text, "My organisation"));
  g_assert_nonnull (strstr (text, "show, two words"));
  g_assert_true (g_str_has_suffix (text, "\nLine one\nLine two\n"));

  /* Ids are taken in any case, as a prefix of at least four characters. */
  upper = g_ascii_strup (id, 6);
  g_free (text);
  text = run_ok (f, "show", upper);
  g_assert_nonnull (strstr (text, "Shown in full"));

  run (f, &result, "show", "abc");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "show");
  g_assert_cmpint (result.status, ==, 2);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *link = NULL;
  g_autofree char *audiences = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  id = add (f, "note", "--title", "Draft", "--body", "old body", "--tag", "one", "--tag", "two");

  {
    g_autoptr(JsonNode) node = run_json (f, "edit", id, "--title", "Final", "--for", "org", "--for", "public",
                                         "--add-tag", "three", "--remove-tag", "ONE");
    g_autoptr(JsonNode) shown = run_json (f, "show", id);
    JsonObject *object = json_node_get_object (shown);

    g_assert_true (json_node_equal (node, shown));
    g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Final");
    g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "old body");
    tags = dup_tags (shown);
    g_assert_cmpstrv (tags, ((const char * const[]){ "two", "three", NULL }));
    audiences = dup_audiences (shown);
    g_assert_cmpstr (audiences, ==, "org,public");
    g_assert_false (json_object_get_boolean_member (object, "private"));
  }

  /* --tag replaces the set; --private makes it “Only me”. */
  {
    g_autoptr(JsonNode) shown = NULL;

    g_free (run_ok (f, "edit", id, "--tag", "alpha", "--tag", "beta", "--private", "--language", "nl"));
    shown = run_json (f, "show", id);
    g_clear_pointer (&tags, g_strfreev);
    tags = dup_tags (shown);
    g_assert_cmpstrv (tags, ((const char * const[]){ "alpha", "beta", NULL }));
    g_assert_true (json_object_get_boolean_member (json_node_get_object (shown), "private"));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "language"), ==, "nl");
  }

  /* A link's address can change; a note has none. */
  link = add (f, "link", "https://example.org/old");
  {
    g_autoptr(JsonNode) node = run_json (f, "edit", link, "--url", "https://example.org/new");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "url"), ==,
                     "https://example.org/new");
  }
  run (f, &result, "edit", id, "--url", "https://example.org/");
  g_assert_cmpint (result.status, ==, 2);

  /* Failures change nothing. */
  kennis_test_cli_result_clear (&result);
  run (f, &result, "edit", id, "--title", "Lost", "--remove-tag", "never-there");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "edit", id, "--title", "Lost", "--for", "nobody");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "edit", id, "--title", "Lost", "--for", "me", "--for", "team");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "edit", id);
  g_assert_cmpint (result.status, ==, 2);
  {
    g_autoptr(JsonNode) shown = run_json (f, "show", id);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "title"), ==, "Final");
  }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *keep = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *out = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  keep = add (f, "note", "--title", "Keep me", "--tag", "deleting");
  gone = add (f, "note", "--title", "Delete me", "--tag", "deleting");

  out = run_ok (f, "delete", gone);
  g_assert_nonnull (strstr (out, "Delete me"));

  {
    g_autoptr(JsonNode) list = run_json (f, "list", "--tag", "deleting");
    ids = dup_ids (list);
    g_assert_cmpstr (ids, ==, keep);
  }
  {
    g_autoptr(JsonNode) hits = run_json (f, "search", "Delete");
    g_autofree char *hit_ids = dup_ids (hits);
    g_assert_null (strstr (hit_ids, gone));
  }

  /* A deleted entry is not found any more, not even by its whole id. */
  run (f, &result, "show", gone);
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "delete", gone);
  g_assert_cmpint (result.status, ==, 3);
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }

  return NULL;
}

static void
test_audiences (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *entry = NULL;
  g_autofree char *text = NULL;
  g_auto(KennisTestCliResult) result = { 0 };

  if (f->dir == NULL)
    return;

  {
    g_autoptr(JsonNode) list = run_json (f, "audiences");
    JsonArray *array = json_node_get_array (list);
    JsonObject *team = find_named (array, "My team");

    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    g_assert_nonnull (team);
    g_assert_cmpstr (json_object_get_string_member (team, "key"), ==, "team");
    g_assert_true (json_object_get_boolean_member (team, "builtin"));
  }

  {
    g_autoptr(JsonNode) added = run_json (f, "audiences", "add", "Book club");
    JsonObject *object = json_node_get_object (added);

    g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Book club");
    g_assert_true (json_object_get_null_member (object, "key"));
    g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
  }

  /* A second one of the same name, in another case, is refused. */
  run (f, &result, "audiences", "add", "book CLUB");
  g_assert_cmpint (result.status, ==, 1);

  /* Custom audiences are found by name in any case; counts follow. */
  entry = add (f, "note", "--title", "For the club", "--for", "book club");
  {
    g_autoptr(JsonNode) list = run_json (f, "audiences");
    JsonObject *club = find_named (json_node_get_array (list), "Book club");

    g_assert_nonnull (club);
    g_assert_cmpint (json_object_get_int_member (club, "count"), ==, 1);
  }

  {
    g_autoptr(JsonNode) renamed = run_json (f, "audiences", "rename", "Book club", "Readers");
    g_autoptr(JsonNode) shown = run_json (f, "show", entry);
    g_autofree char *names = dup_audiences (shown);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (renamed), "name"), ==, "Readers");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (renamed), "count"), ==, 1);
    g_assert_cmpstr (names, ==, "Readers");
  }

  text = run_ok (f, "audiences");
  g_assert_nonnull (strstr (text, "Readers"));
  g_assert_null (strstr (text, "Book club"));

  /* Removing it leaves the entry private: narrowing never widens. */
  g_free (run_ok (f, "audiences", "remove", "readers"));
  {
    g_autoptr(JsonNode) shown = run_json (f, "show", entry);
    g_autoptr(JsonNode) list = run_json (f, "audiences");

    g_assert_true (json_object_get_boolean_member (json_node_get_object (shown), "private"));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 3);
  }

  kennis_test_cli_result_clear (&result);
  run (f, &result, "audiences", "remove", "team");
  g_assert_cmpint (result.status, !=, 0);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "audiences", "remove", "Nobody");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "audiences", "frobnicate");
  g_assert_cmpint (result.status, ==, 2);
}

static void
test_tags (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  if (f->dir == NULL)
    return;

  first = add (f, "note", "--title", "One", "--tag", "Counting", "--tag", "single");
  g_free (add (f, "note", "--title", "Two", "--tag", "counting"));
  g_free (add (f, "link", "https://example.org", "--tag", "COUNTING"));

  {
    g_autoptr(JsonNode) tags = run_json (f, "tags");
    JsonArray *array = json_node_get_array (tags);

    object = find_named (array, "Counting");
    g_assert_nonnull (object);
    g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 3);
    object = find_named (array, "single");
    g_assert_nonnull (object);
    g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 1);
    g_assert_null (find_named (array, "counting"));
  }

  /* Deleted entries no longer count. */
  g_free (run_ok (f, "delete", first));
  {
    g_autoptr(JsonNode) tags = run_json (f, "tags");
    JsonArray *array = json_node_get_array (tags);

    object = find_named (array, "Counting");
    g_assert_nonnull (object);
    g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 2);
    g_assert_null (find_named (array, "single"));
  }

  text = run_ok (f, "tags");
  g_assert_nonnull (strstr (text, "Counting\t2\n"));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_auto(KennisTestCliResult) result = { 0 };
  guint before;

  if (f->dir == NULL)
    return;

  /* A usage mistake does not even create a notebook. */
  run (f, &result, "frobnicate");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_true (g_str_has_prefix (result.err, "kennis-cli: "));
  g_assert_nonnull (strstr (result.err, "frobnicate"));
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));

  kennis_test_cli_result_clear (&result);
  run (f, &result, "list", "--no-such-option");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "--no-such-option", "list");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "poem", "--title", "x");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "x", "--language", "not a language");
  g_assert_cmpint (result.status, ==, 2);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));

  before = count_entries (f);

  kennis_test_cli_result_clear (&result);
  run (f, &result, "show", "0000ffff");
  g_assert_cmpint (result.status, ==, 3);
  g_assert_cmpstr (result.out, ==, "");
  kennis_test_cli_result_clear (&result);
  run (f, &result, "show", "not-an-id");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "edit", "0000ffff", "--title", "x");
  g_assert_cmpint (result.status, ==, 3);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "x", "--for", "Nobody at all");
  g_assert_cmpint (result.status, ==, 3);
  g_assert_nonnull (strstr (result.err, "Nobody at all"));
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "x", "--for", "me", "--for", "team");
  g_assert_cmpint (result.status, ==, 2);

  g_assert_cmpuint (count_entries (f), ==, before);
}

static void
test_body_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *missing = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KennisTestCliResult) result = { 0 };
  guint before;

  if (f->dir == NULL)
    return;

  before = count_entries (f);

  missing = g_build_filename (f->config_dir, "missing.md", NULL);
  run (f, &result, "add", "note", "--title", "From a file", "--body-file", missing);
  g_assert_cmpint (result.status, !=, 0);
  g_assert_nonnull (strstr (result.err, "missing.md"));
  g_assert_cmpuint (count_entries (f), ==, before);

  bad = g_build_filename (f->config_dir, "latin1.md", NULL);
  g_file_set_contents (bad, "caf\xe9\n", -1, &error);
  g_assert_no_error (error);
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "From a file", "--body-file", bad);
  g_assert_cmpint (result.status, !=, 0);
  g_assert_cmpuint (count_entries (f), ==, before);

  /* Both sources at once is a usage error. */
  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "x", "--body", "a", "--body-file", bad);
  g_assert_cmpint (result.status, ==, 2);

  /* A readable UTF-8 file, with a byte order mark that is not kept. */
  good = g_build_filename (f->config_dir, "good.md", NULL);
  g_file_set_contents (good, "\xEF\xBB\xBF# Café\n\nFrom a file.\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) node = run_json (f, "add", "note", "--title", "From a file", "--body-file", good);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "body"), ==,
                     "# Café\n\nFrom a file.\n");
  }
  g_assert_cmpuint (count_entries (f), ==, before + 1);
}

static void
test_body_stdin (Fixture       *f,
                 gconstpointer  data)
{
  static const char piped[] = "Piped *in*, ëñ\nsecond line\n";
  g_autoptr(GBytes) text = g_bytes_new_static (piped, strlen (piped));
  g_autoptr(GBytes) latin1 = g_bytes_new_static ("caf\xe9", 4);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_auto(KennisTestCliResult) result = { 0 };
  guint before;

  if (f->dir == NULL)
    return;

  run_argv (f, text, (const char * const[]){ "--json", "add", "note", "--title", "Piped", "--body", "-", NULL },
            &result);
  g_assert_cmpint (result.status, ==, 0);
  node = parse_json (result.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "body"), ==, piped);
  id = dup_member (node, "id");

  /* edit reads standard input the same way. */
  kennis_test_cli_result_clear (&result);
  run_argv (f, text, (const char * const[]){ "edit", id, "--body", "-", "--title", "Piped again", NULL },
            &result);
  g_assert_cmpint (result.status, ==, 0);

  before = count_entries (f);
  kennis_test_cli_result_clear (&result);
  run_argv (f, latin1, (const char * const[]){ "add", "note", "--title", "Bad", "--body", "-", NULL },
            &result);
  g_assert_cmpint (result.status, !=, 0);
  g_assert_nonnull (strstr (result.err, "UTF-8"));
  g_assert_cmpuint (count_entries (f), ==, before);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  gsize length, after_length;
  g_auto(KennisTestCliResult) result = { 0 };
  guint8 *bytes;

  if (f->dir == NULL)
    return;

  /* Not a database at all. */
  contents = g_strnfill (4096, 'x');
  g_file_set_contents (f->db_path, contents, 4096, &error);
  g_assert_no_error (error);
  run (f, &result, "list");
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "damaged"));
  g_file_get_contents (f->db_path, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_length, contents, 4096);
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&contents, g_free);
  g_remove (f->db_path);

  /* A notebook from a newer Kennis: user_version is bytes 60–63 of the
   * SQLite header, big-endian. The CLI checkpoints on exit, so the main file
   * is whole. */
  g_free (run_ok (f, "tags"));
  g_file_get_contents (f->db_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  bytes = (guint8 *)contents;
  bytes[60] = 0;
  bytes[61] = 0;
  bytes[62] = 0;
  bytes[63] = 99;
  g_file_set_contents (f->db_path, contents, length, &error);
  g_assert_no_error (error);

  kennis_test_cli_result_clear (&result);
  run (f, &result, "add", "note", "--title", "Must not be written");
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "newer"));
  g_file_get_contents (f->db_path, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_length, contents, length);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *help = NULL;
  g_autofree char *add_help = NULL;
  g_autofree char *version = NULL;

  if (f->dir == NULL)
    return;

  help = run_ok (f, "--help");
  g_assert_nonnull (strstr (help, "audiences"));
  g_assert_nonnull (strstr (help, "Exit status"));
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %u  ", i);
      g_assert_nonnull (strstr (help, line));
    }

  add_help = run_ok (f, "add", "--help");
  g_assert_nonnull (strstr (add_help, "--body-file"));
  g_assert_nonnull (strstr (add_help, "--for"));

  version = run_ok (f, "--version");
  g_assert_true (g_str_has_prefix (version, "kennis-cli " PACKAGE_VERSION));

  /* Help never creates a notebook. */
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/cli/add/note", test_add_note);
  ADD_TEST ("/cli/add/link", test_add_link);
  ADD_TEST ("/cli/add/defaults", test_add_defaults);
  ADD_TEST ("/cli/add/default-audience", test_add_default_audience);
  ADD_TEST ("/cli/add/body-file", test_body_file);
  ADD_TEST ("/cli/add/body-stdin", test_body_stdin);
  ADD_TEST ("/cli/list/filters", test_list_filters);
  ADD_TEST ("/cli/search", test_search);
  ADD_TEST ("/cli/show", test_show);
  ADD_TEST ("/cli/edit", test_edit);
  ADD_TEST ("/cli/delete", test_delete);
  ADD_TEST ("/cli/audiences", test_audiences);
  ADD_TEST ("/cli/tags", test_tags);
  ADD_TEST ("/cli/errors", test_errors);
  ADD_TEST ("/cli/damaged", test_damaged);
  ADD_TEST ("/cli/help", test_help);

  return g_test_run ();
}
