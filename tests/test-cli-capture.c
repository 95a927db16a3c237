/* test-cli-capture.c — kennis-cli add link (with the page's title), import
 * and export, end to end on fresh notebooks
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kennis-test-util.h"

typedef struct
{
  char         *dir;
  char         *other_dir;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  char         *base;
  guint         n_requests;  /* touched only by the server thread while kennis-cli runs */
} Fixture;

static void
page_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  static const char page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Kennis &amp; de   wereld</title>"
    "<meta property=\"og:description\" content=\"Een pagina over kennis delen.\">"
    "</head><body><p>Hallo</p></body></html>";
  Fixture *f = data;

  f->n_requests++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    page, strlen (page));
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;

  g_main_context_push_thread_default (f->context);
  g_main_loop_run (f->loop);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (g_getenv ("KENNIS_CLI") == NULL)
    {
      g_test_skip ("KENNIS_CLI is not set; run through meson test");
      return;
    }

  f->dir = g_dir_make_tmp ("kennis-cli-capture-XXXXXX", &error);
  g_assert_no_error (error);
  f->other_dir = g_dir_make_tmp ("kennis-cli-capture-other-XXXXXX", &error);
  g_assert_no_error (error);

  /* kennis-cli is waited for synchronously, so the server answers from a
   * thread and main context of its own. */
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  g_main_context_push_thread_default (f->context);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, page_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_main_context_pop_thread_default (f->context);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->thread = g_thread_new ("server", server_thread, f);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dir == NULL)
    return;

  g_main_context_invoke (f->context, quit_cb, f->loop);
  g_thread_join (f->thread);
  g_main_context_push_thread_default (f->context);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->context, g_main_context_unref);
  g_free (f->base);
  kennis_test_remove_tree (f->dir);
  kennis_test_remove_tree (f->other_dir);
  g_free (f->dir);
  g_free (f->other_dir);
}

static void
run_in (const char          *dir,
        const char * const  *argv,
        KennisTestCliResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (dir);

  /* Nothing may go past 127.0.0.1, not even through a proxy. */
  g_subprocess_launcher_setenv (launcher, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  kennis_test_run_cli (launcher, NULL, argv, result);
}

static JsonNode *
run_json_in (const char         *dir,
             const char * const *argv)
{
  g_auto(KennisTestCliResult) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_in (dir, argv, &result);
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

#define run_json(dir, ...) run_json_in ((dir), (const char * const[]){ "--json", __VA_ARGS__, NULL })

/* The page's title and description fill what the user left out; the
 * same page again (in another spelling) is not added twice. */
static void
test_add_link_fetches (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *other_spelling = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_auto(KennisTestCliResult) again = { 0 };
  g_auto(KennisTestCliResult) plain = { 0 };
  JsonObject *object;

  if (f->dir == NULL)
    return;

  url = g_strconcat (f->base, "artikel?id=7", NULL);
  added = run_json (f->dir, "add", "link", url);
  object = json_node_get_object (added);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Kennis & de wereld");
  g_assert_cmpstr (json_object_get_string_member (object, "body"), ==, "Een pagina over kennis delen.");
  g_assert_cmpuint (f->n_requests, ==, 1);

  other_spelling = g_strconcat (f->base, "artikel/?id=7&utm_source=mail", NULL);
  other_spelling[0] = 'H';  /* "Http://" */
  run_in (f->dir, (const char * const[]){ "add", "link", other_spelling, NULL }, &again);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "already in the notebook"));
  g_assert_nonnull (strstr (again.out, "Kennis & de wereld"));
  g_assert_cmpuint (f->n_requests, ==, 1);

  run_in (f->dir, (const char * const[]){ "add", "link", "--no-fetch", NULL }, &plain);
  g_assert_cmpint (plain.status, ==, 2);

  list = run_json (f->dir, "list", "--kind", "link");
  /* The welcome notebook has one link; this test added one more. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
}

/* A page that cannot be read costs nothing: the link is added, with a
 * word on why it has no title. */
static void
test_add_link_unreachable (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_auto(KennisTestCliResult) result = { 0 };
  g_autoptr(JsonNode) list = NULL;

  if (f->dir == NULL)
    return;

  /* A port nothing listens on: the server's, once it is gone. The
   * server thread stops while the server closes, then runs on for the
   * tear-down. */
  g_main_context_invoke (f->context, quit_cb, f->loop);
  g_thread_join (f->thread);
  g_main_context_push_thread_default (f->context);
  soup_server_disconnect (f->server);
  g_main_context_pop_thread_default (f->context);
  f->thread = g_thread_new ("server", server_thread, f);
  url = g_strconcat (f->base, "weg", NULL);
  run_in (f->dir, (const char * const[]){ "add", "link", url, NULL }, &result);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "without its page’s title"));

  list = run_json (f->dir, "list", "--kind", "link");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static void
test_import_export (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bookmarks = data_path ("firefox.html");
  g_autofree char *json_path = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *md_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) counts = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(JsonNode) into_other = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(KennisTestCliResult) bad = { 0 };
  g_autofree char *bad_path = NULL;
  g_autofree char *restored_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) restored = NULL;

  if (f->dir == NULL)
    return;

  /* The first command makes the notebook: empty, since it imports. */
  counts = run_json (f->dir, "import", bookmarks);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "added"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "skipped"), ==, 1);
  again = run_json (f->dir, "import", bookmarks);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "added"), ==, 0);

  /* The whole notebook out and into a notebook that does not exist yet,
   * which starts empty, then out of that one: the same file. */
  json_path = g_build_filename (f->dir, "notebook.json", NULL);
  exported = run_json (f->dir, "export", "--format", "json", "--to", json_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exported), "entries"), ==, 4);
  into_other = run_json (f->other_dir, "import", json_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (into_other), "added"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (into_other), "skipped"), ==, 0);
  restored_path = g_build_filename (f->dir, "restored.json", NULL);
  restored = run_json (f->other_dir, "export", "--format", "json", "--to", restored_path);
  g_file_get_contents (json_path, &before, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (restored_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);

  html_path = g_build_filename (f->dir, "bookmarks.html", NULL);
  g_clear_pointer (&exported, json_node_unref);
  exported = run_json (f->dir, "export", "--format", "bookmarks", "--to", html_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exported), "entries"), ==, 4);
  g_file_get_contents (html_path, &first, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "<!DOCTYPE NETSCAPE-Bookmark-file-1>"));

  md_path = g_build_filename (f->dir, "markdown", NULL);
  g_clear_pointer (&exported, json_node_unref);
  exported = run_json (f->dir, "export", "--format", "markdown", "--to", md_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exported), "entries"), ==, 4);
  g_assert_true (g_file_test (md_path, G_FILE_TEST_IS_DIR));

  /* A file Kennis cannot read: exit status 1, its name in the message. */
  bad_path = g_build_filename (f->dir, "kapot.json", NULL);
  g_file_set_contents (bad_path, "{\"format\": \"kennis\", \"entries\": [", -1, &error);
  g_assert_no_error (error);
  run_in (f->dir, (const char * const[]){ "import", bad_path, NULL }, &bad);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "kapot.json"));
  second_path = g_build_filename (f->dir, "second.json", NULL);
  g_clear_pointer (&exported, json_node_unref);
  exported = run_json (f->dir, "export", "--format", "json", "--to", second_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (exported), "entries"), ==, 4);
  g_free (second);
  g_file_get_contents (second_path, &second, NULL, &error);
  g_assert_no_error (error);
  g_free (first);
  g_file_get_contents (json_path, &first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-capture/add-link-fetches", Fixture, NULL, fixture_set_up, test_add_link_fetches,
              fixture_tear_down);
  g_test_add ("/cli-capture/add-link-unreachable", Fixture, NULL, fixture_set_up, test_add_link_unreachable,
              fixture_tear_down);
  g_test_add ("/cli-capture/import-export", Fixture, NULL, fixture_set_up, test_import_export,
              fixture_tear_down);

  return g_test_run ();
}
