/* test-cli-share.c — kennis-cli's share, unshare, targets and export, end to end on a fresh notebook
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

typedef struct
{
  char *dir;          /* KENNIS_DATA_DIR */
  char *work_dir;     /* the current folder of kennis-cli, and where sites go */
  char *feed_dir;     /* the default target's folder */
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

  f->dir = g_dir_make_tmp ("kennis-cli-share-XXXXXX", &error);
  g_assert_no_error (error);
  f->work_dir = g_dir_make_tmp ("kennis-cli-share-work-XXXXXX", &error);
  g_assert_no_error (error);
  f->feed_dir = g_build_filename (f->dir, "feed", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dir != NULL)
    kennis_test_remove_tree (f->dir);
  if (f->work_dir != NULL)
    kennis_test_remove_tree (f->work_dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->work_dir, g_free);
  g_clear_pointer (&f->feed_dir, g_free);
}

/* Runs kennis-cli in f->work_dir with @argv (NULL-terminated, without the
 * program). */
static void
run_argv (Fixture             *f,
          const char * const  *argv,
          KennisTestCliResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);

  g_subprocess_launcher_set_cwd (launcher, f->work_dir);
  kennis_test_run_cli (launcher, NULL, argv, result);
}

#define run(f, result, ...) \
  run_argv ((f), (const char * const[]){ __VA_ARGS__, NULL }, (result))

static char *
run_ok_argv (Fixture            *f,
             const char * const *argv)
{
  g_auto(KennisTestCliResult) result = { 0 };

  run_argv (f, argv, &result);
  if (result.status != 0)
    g_printerr ("kennis-cli failed: %s", result.err);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

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

static JsonNode *
parse_json_and_free (char *text)
{
  g_autofree char *owned = text;

  return parse_json (owned);
}

#define run_json(f, ...) \
  parse_json_and_free (run_ok_argv ((f), (const char * const[]){ "--json", __VA_ARGS__, NULL }))

/* Adds a note and returns its id. */
static char *
add_note (Fixture    *f,
          const char *title,
          const char *audience)
{
  g_autoptr(JsonNode) node = run_json (f, "add", "note", "--title", title, "--body", "Some *text*.",
                                       "--for", audience);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static JsonObject *
find_target (JsonNode   *targets,
             const char *name)
{
  JsonArray *array = json_node_get_array (targets);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *target = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (target, "name"), name))
        return target;
    }

  return NULL;
}

/* The keys of the audiences routed to a target, joined with commas. */
static char *
dup_route_keys (JsonObject *target)
{
  JsonArray *audiences = json_object_get_array_member (target, "audiences");
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);

      if (keys->len > 0)
        g_string_append_c (keys, ',');
      g_string_append (keys, json_object_get_string_member (audience, "key"));
    }

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
test_targets_default (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) targets = NULL;
  g_autofree char *text = NULL;
  g_autofree char *keys = NULL;
  JsonObject *feed;

  if (f->dir == NULL)
    return;

  targets = run_json (f, "targets");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (targets));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (targets)), ==, 1);
  feed = find_target (targets, "My feed");
  g_assert_nonnull (feed);
  g_assert_cmpstr (json_object_get_string_member (feed, "kind"), ==, "folder");
  g_assert_cmpstr (json_object_get_string_member (feed, "folder"), ==, f->feed_dir);
  keys = dup_route_keys (feed);
  g_assert_cmpstr (keys, ==, "org,public");

  text = run_ok (f, "targets");
  g_assert_true (g_str_has_prefix (text, "My feed\tfolder\t"));
  g_assert_nonnull (strstr (text, f->feed_dir));
  g_assert_nonnull (strstr (text, "Public"));
  g_assert_nonnull (strstr (text, "My organisation"));
}

static void
test_share_unshare (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *short_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *page_url = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(KennisTestCliResult) result = { 0 };
  JsonArray *results;
  JsonObject *first;

  if (f->dir == NULL)
    return;

  id = add_note (f, "Retro findings", "public");

  /* Nothing is written before sharing. */
  g_assert_false (file_exists (f->feed_dir, "posts/retro-findings.html"));

  short_id = g_strndup (id, 8);
  out = run_ok (f, "share", short_id);
  g_assert_nonnull (strstr (out, "My feed"));
  g_assert_true (file_exists (f->feed_dir, "posts/retro-findings.html"));
  atom = read_file (f->feed_dir, "feed.atom");
  g_assert_nonnull (strstr (atom, "Retro findings"));

  /* Sharing again updates the copy, and says where it is. */
  node = run_json (f, "share", id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "id"), ==, id);
  results = json_object_get_array_member (json_node_get_object (node), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  first = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "target"), ==, "My feed");
  g_assert_cmpstr (json_object_get_string_member (first, "action"), ==, "update");
  g_assert_true (json_object_get_boolean_member (first, "ok"));
  g_assert_true (json_object_get_null_member (first, "error"));
  page_url = g_filename_to_uri (f->feed_dir, NULL, NULL);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "url"), page_url));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (first, "url"), "/posts/retro-findings.html"));

  g_clear_pointer (&out, g_free);
  out = run_ok (f, "unshare", id);
  g_assert_nonnull (strstr (out, "My feed"));
  g_assert_false (file_exists (f->feed_dir, "posts/retro-findings.html"));
  g_clear_pointer (&atom, g_free);
  atom = read_file (f->feed_dir, "feed.atom");
  g_assert_null (strstr (atom, "Retro findings"));

  /* Nothing left to take down. */
  run (f, &result, "unshare", id);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_true (g_str_has_prefix (result.err, "kennis-cli: "));
}

static void
test_share_private (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *posts = NULL;
  g_auto(KennisTestCliResult) result = { 0 };
  g_auto(KennisTestCliResult) unknown = { 0 };
  g_auto(KennisTestCliResult) unrouted = { 0 };

  if (f->dir == NULL)
    return;

  id = add_note (f, "Salary thoughts", "me");

  run (f, &result, "share", id);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "Only me"));
  g_assert_cmpstr (result.out, ==, "");
  posts = g_build_filename (f->feed_dir, "posts", NULL);
  g_assert_false (file_exists (posts, "salary-thoughts.html"));
  g_assert_false (file_exists (f->feed_dir, "feed.atom"));

  run (f, &unknown, "share", "ffffffff");
  g_assert_cmpint (unknown.status, ==, 3);

  /* "My team" goes nowhere by default; the error says how to route it. */
  team_id = add_note (f, "Team rota", "team");
  run (f, &unrouted, "share", team_id);
  g_assert_cmpint (unrouted.status, ==, 1);
  g_assert_nonnull (strstr (unrouted.err, "kennis-cli targets route"));
}

static void
test_targets_add_share (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *wiki = g_build_filename (f->work_dir, "wiki", NULL);
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *index = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) targets = NULL;
  g_auto(KennisTestCliResult) no_folder = { 0 };
  g_auto(KennisTestCliResult) bad_url = { 0 };
  g_auto(KennisTestCliResult) taken = { 0 };
  g_auto(KennisTestCliResult) nowhere = { 0 };

  if (f->dir == NULL)
    return;

  id = add_note (f, "Team agreements", "team");

  /* Team entries go nowhere yet. */
  run (f, &nowhere, "share", id);
  g_assert_cmpint (nowhere.status, ==, 1);

  run (f, &no_folder, "targets", "add", "folder", "Wiki", "--for", "team");
  g_assert_cmpint (no_folder.status, ==, 2);
  run (f, &bad_url, "targets", "add", "folder", "Wiki", "--folder", "wiki", "--base-url", "ftp://example.org/");
  g_assert_cmpint (bad_url.status, ==, 2);
  targets = run_json (f, "targets");
  g_assert_null (find_target (targets, "Wiki"));

  /* A relative folder is taken from the current one. */
  added = run_json (f, "targets", "add", "folder", "Wiki", "--folder", "wiki", "--for", "team",
                    "--title", "Team wiki", "--base-url", "https://wiki.example/team/");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (added), "folder"), ==, wiki);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (added), "title"), ==, "Team wiki");
  keys = dup_route_keys (json_node_get_object (added));
  g_assert_cmpstr (keys, ==, "team");

  run (f, &taken, "targets", "add", "folder", "wiki", "--folder", "elsewhere");
  g_assert_cmpint (taken.status, ==, 1);
  g_assert_nonnull (strstr (taken.err, "already"));

  out = run_ok (f, "share", id);
  g_assert_nonnull (strstr (out, "https://wiki.example/team/posts/team-agreements.html"));
  g_assert_true (file_exists (wiki, "posts/team-agreements.html"));
  index = read_file (wiki, "index.html");
  g_assert_nonnull (strstr (index, "Team agreements"));
  /* Not routed to the default feed. */
  g_assert_false (file_exists (f->feed_dir, "posts/team-agreements.html"));
}

static void
test_targets_route_edit_remove (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *moved = g_build_filename (f->work_dir, "moved", NULL);
  g_autofree char *keys = NULL;
  g_autofree char *off_keys = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) routed = NULL;
  g_autoptr(JsonNode) unrouted = NULL;
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(JsonNode) targets = NULL;
  g_auto(KennisTestCliResult) only_me = { 0 };
  g_auto(KennisTestCliResult) no_audience = { 0 };
  g_auto(KennisTestCliResult) missing = { 0 };
  g_auto(KennisTestCliResult) gone = { 0 };
  g_auto(KennisTestCliResult) after = { 0 };
  g_autofree char *removed = NULL;
  JsonObject *feed;

  if (f->dir == NULL)
    return;

  routed = run_json (f, "targets", "route", "My feed", "--for", "team");
  keys = dup_route_keys (json_node_get_object (routed));
  g_assert_cmpstr (keys, ==, "team,org,public");

  unrouted = run_json (f, "targets", "route", "My feed", "--for", "public", "--for", "team", "--off");
  off_keys = dup_route_keys (json_node_get_object (unrouted));
  g_assert_cmpstr (off_keys, ==, "org");

  run (f, &only_me, "targets", "route", "My feed", "--for", "me");
  g_assert_cmpint (only_me.status, ==, 2);
  run (f, &no_audience, "targets", "route", "My feed");
  g_assert_cmpint (no_audience.status, ==, 2);
  run (f, &missing, "targets", "route", "Nowhere", "--for", "team");
  g_assert_cmpint (missing.status, ==, 3);

  edited = run_json (f, "targets", "edit", "My feed", "--name", "Org feed", "--folder", "moved");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (edited), "name"), ==, "Org feed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (edited), "folder"), ==, moved);

  /* An org entry now lands in the new folder. */
  id = add_note (f, "Org news", "org");
  g_free (run_ok (f, "share", id));
  g_assert_true (file_exists (moved, "posts/org-news.html"));

  removed = run_ok (f, "targets", "remove", "Org feed");
  g_assert_nonnull (strstr (removed, "Org feed"));
  targets = run_json (f, "targets");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (targets)), ==, 0);
  feed = find_target (targets, "Org feed");
  g_assert_null (feed);

  run (f, &gone, "targets", "remove", "Org feed");
  g_assert_cmpint (gone.status, ==, 3);

  /* What was shared stays where it is, and there is nowhere to share to. */
  g_assert_true (file_exists (moved, "posts/org-news.html"));
  run (f, &after, "share", id);
  g_assert_cmpint (after.status, ==, 1);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *site = g_build_filename (f->work_dir, "site", NULL);
  g_autofree char *all = g_build_filename (f->work_dir, "all", NULL);
  g_autofree char *public_id = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *private_id = NULL;
  g_autofree char *index = NULL;
  g_autofree char *atom = NULL;
  g_autofree char *all_atom = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(KennisTestCliResult) only_me = { 0 };
  g_auto(KennisTestCliResult) no_folder = { 0 };

  if (f->dir == NULL)
    return;

  public_id = add_note (f, "Open roadmap", "public");
  team_id = add_note (f, "Team rota", "team");
  private_id = add_note (f, "Diary of doubts", "me");

  run (f, &only_me, "export", "--to", "never", "--for", "me");
  g_assert_cmpint (only_me.status, ==, 2);
  g_assert_nonnull (strstr (only_me.err, "Only me"));
  g_assert_false (file_exists (f->work_dir, "never"));
  run (f, &no_folder, "export", "--for", "public");
  g_assert_cmpint (no_folder.status, ==, 2);

  out = run_ok (f, "export", "--to", "site", "--for", "public");
  g_assert_nonnull (strstr (out, site));
  index = read_file (site, "index.html");
  atom = read_file (site, "feed.atom");
  g_assert_nonnull (strstr (index, "Open roadmap"));
  g_assert_nonnull (strstr (atom, "Open roadmap"));
  g_assert_null (strstr (atom, "Team rota"));
  g_assert_null (strstr (atom, "Diary of doubts"));
  g_assert_null (strstr (index, "Diary of doubts"));
  g_assert_true (file_exists (site, "posts/open-roadmap.html"));

  /* Every entry that is not private, by default; the welcome entries too. */
  node = run_json (f, "export", "--to", all);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "folder"), ==, all);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "entries"), >=, 2);
  all_atom = read_file (all, "feed.atom");
  g_assert_nonnull (strstr (all_atom, "Open roadmap"));
  g_assert_nonnull (strstr (all_atom, "Team rota"));
  g_assert_null (strstr (all_atom, "Diary of doubts"));
  g_assert_false (file_exists (all, "posts/diary-of-doubts.html"));
}

static void
test_export_tags (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *site = g_build_filename (f->work_dir, "tagged", NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *atom = NULL;
  g_auto(KennisTestCliResult) unknown = { 0 };

  if (f->dir == NULL)
    return;

  first = run_json (f, "add", "note", "--title", "Same title", "--tag", "kennisdeling", "--for", "org");
  second = run_json (f, "add", "note", "--title", "Same title", "--tag", "kennisdeling", "--for", "team");
  third = run_json (f, "add", "note", "--title", "Hidden idea", "--tag", "kennisdeling", "--for", "me");

  node = run_json (f, "export", "--to", site, "--tag", "kennisdeling");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "entries"), ==, 2);
  g_assert_true (file_exists (site, "posts/same-title.html"));
  g_assert_true (file_exists (site, "posts/same-title-2.html"));
  g_assert_false (file_exists (site, "posts/hidden-idea.html"));
  atom = read_file (site, "feed.atom");
  g_assert_null (strstr (atom, "Hidden idea"));

  run (f, &unknown, "export", "--to", site, "--tag", "no-such-tag");
  g_assert_cmpint (unknown.status, ==, 3);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char * const commands[] = { "share", "unshare", "targets", "export" };
  g_autofree char *help = NULL;

  if (f->dir == NULL)
    return;

  help = run_ok (f, "--help");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);
      g_autofree char *command_help = run_ok (f, commands[i], "--help");

      g_assert_nonnull (strstr (help, line));
      g_assert_nonnull (strstr (command_help, commands[i]));
      g_assert_nonnull (strstr (command_help, "Exit status"));
    }

  /* Help never creates a notebook. */
  g_assert_false (file_exists (f->dir, "kennis.db"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/cli/targets/default", test_targets_default);
  ADD_TEST ("/cli/share/unshare", test_share_unshare);
  ADD_TEST ("/cli/share/private", test_share_private);
  ADD_TEST ("/cli/targets/add-share", test_targets_add_share);
  ADD_TEST ("/cli/targets/route-edit-remove", test_targets_route_edit_remove);
  ADD_TEST ("/cli/export/audience", test_export);
  ADD_TEST ("/cli/export/tags", test_export_tags);
  ADD_TEST ("/cli/help/share", test_help);

  return g_test_run ();
}
