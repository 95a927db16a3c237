/* test-cli-sign-in.c — kennis-cli targets add … --sign-in: signing in
 * through the browser from a terminal
 *
 * kennis-cli runs as its own process. Its "browser" is a script made the
 * default for web addresses (kennis_test_fake_browser()), which writes
 * down what it was asked to open; the test then plays the person at the
 * browser. The server is a SoupServer on 127.0.0.1 in this process, which
 * answers while the test waits on its main loop.
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kennis-credentials.h"
#include "kennis-mock-sign-in.h"
#include "kennis-store.h"
#include "kennis-store-sharing.h"
#include "kennis-test-util.h"

#define TOKEN KENNIS_MOCK_SIGN_IN_TOKEN

typedef struct
{
  char             *dir;
  char             *browser_log;
  KennisMockSignIn *server;
  const char       *instance;       /* "http://127.0.0.1:port" */
  GSubprocess      *cli;
  gboolean          cli_done;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kennis-cli-sign-in-XXXXXX", &error);
  g_assert_no_error (error);
  f->browser_log = kennis_test_fake_browser (f->dir);
  g_setenv ("KENNIS_DATA_DIR", f->dir, TRUE);
  f->server = kennis_mock_sign_in_new ();
  f->instance = kennis_mock_sign_in_get_address (f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->cli);
  g_clear_pointer (&f->server, kennis_mock_sign_in_free);
  kennis_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->browser_log);
}

static void
cli_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Fixture *f = data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  f->cli_done = TRUE;
}

/* Starts kennis-cli and lets it run while this process's server answers. */
static void
start_cli (Fixture            *f,
           const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "KENNIS_CREDENTIALS", "file", TRUE);
  g_ptr_array_add (args, (gpointer)g_getenv ("KENNIS_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  g_ptr_array_add (args, NULL);

  f->cli = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (f->cli, NULL, cli_done_cb, f);
}

static void
type_into_cli (Fixture    *f,
               const char *line)
{
  GOutputStream *input = g_subprocess_get_stdin_pipe (f->cli);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (input, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);
}

static char *
read_pipe (GInputStream *stream)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write (memory, "", 1, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static gboolean
cli_finished (gpointer data)
{
  Fixture *f = data;

  return f->cli_done;
}

static gboolean
cli_finished_flag (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
browser_opened (gpointer data)
{
  Fixture *f = data;
  g_autofree char *url = kennis_test_browsed_url (f->browser_log);

  return url != NULL;
}

/* The person at the browser: opens what kennis-cli asked for. */
static char *
read_page_in_browser (Fixture *f)
{
  g_autofree char *url = kennis_test_browsed_url (f->browser_log);

  return kennis_mock_sign_in_browse (url);
}

static KennisTargetInfo *
find_target (Fixture    *f,
             const char *name)
{
  g_autofree char *path = kennis_store_dup_default_path ();
  g_autoptr(KennisStore) store = kennis_store_open (path, NULL);
  g_autoptr(GPtrArray) targets = NULL;

  g_assert_nonnull (store);
  targets = kennis_store_list_targets (store, NULL);
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    if (g_strcmp0 (((KennisTargetInfo *)targets->pdata[i])->name, name) == 0)
      return g_ptr_array_steal_index (targets, i);
  return NULL;
}

/* The whole sign-in from a terminal: the sign-in page opens in the
 * browser and its address is printed, the code typed at the prompt gives
 * a token for the account the server names, which is checked and kept in
 * the keyring; the account is added under that name. */
static void
test_mastodon (Fixture       *f,
               gconstpointer  data)
{
  const char *argv[] = { "targets", "add", "mastodon", "Toots", "--instance", NULL, "--sign-in", NULL };
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autoptr(GError) error = NULL;

  argv[5] = f->instance;
  start_cli (f, argv);
  g_assert_true (kennis_test_wait_for (browser_opened, f, 20000));
  url = kennis_test_browsed_url (f->browser_log);
  g_assert_true (g_str_has_prefix (url, f->instance));
  g_assert_nonnull (strstr (url, "/oauth/authorize?"));

  code = read_page_in_browser (f);
  line = g_strconcat ("  ", code, "\n", NULL);
  type_into_cli (f, line);
  g_assert_true (kennis_test_wait_for (cli_finished, f, 20000));
  out = read_pipe (g_subprocess_get_stdout_pipe (f->cli));
  err = read_pipe (g_subprocess_get_stderr_pipe (f->cli));
  g_assert_cmpint (g_subprocess_get_exit_status (f->cli), ==, 0);
  /* For when no browser opens: the address to open by hand. */
  g_assert_nonnull (strstr (err, url));
  g_assert_nonnull (strstr (err, "Code from the sign-in page:"));
  g_assert_null (strstr (out, TOKEN));
  g_assert_null (strstr (err, TOKEN));

  added = find_target (f, "Toots");
  g_assert_nonnull (added);
  g_assert_cmpstr (added->kind, ==, "mastodon");
  g_assert_null (strstr (added->config, TOKEN));
  g_assert_nonnull (strstr (added->config, "anna"));
  kept = kennis_credentials_lookup (f->instance, "anna", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, TOKEN);
}

/* A wrong code is refused in the server's words and nothing is added. */
static void
test_mastodon_wrong_code (Fixture       *f,
                          gconstpointer  data)
{
  const char *argv[] = { "targets", "add", "mastodon", "Toots", "--instance", NULL, "--sign-in", NULL };
  g_autofree char *page = NULL;
  g_autofree char *err = NULL;
  g_autoptr(KennisTargetInfo) added = NULL;

  argv[5] = f->instance;
  start_cli (f, argv);
  g_assert_true (kennis_test_wait_for (browser_opened, f, 20000));
  page = read_page_in_browser (f);
  type_into_cli (f, "verkeerde-code\n");
  g_assert_true (kennis_test_wait_for (cli_finished, f, 20000));
  err = read_pipe (g_subprocess_get_stderr_pipe (f->cli));
  g_assert_cmpint (g_subprocess_get_exit_status (f->cli), !=, 0);
  g_assert_nonnull (strstr (err, "Mastodon says: The code is wrong."));
  added = find_target (f, "Toots");
  g_assert_null (added);
}

/* The whole IndieAuth sign-in from a terminal: the sign-in page opens in
 * the browser, the site's server sends the browser back to kennis-cli,
 * whose page says it is done; the token is checked and kept. */
static void
test_micropub (Fixture       *f,
               gconstpointer  data)
{
  const char *argv[] = { "targets", "add", "micropub", "Site", "--site", NULL, "--sign-in", NULL };
  g_autofree char *site = g_strconcat (f->instance, "/", NULL);
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autoptr(GError) error = NULL;

  argv[5] = f->instance;
  start_cli (f, argv);
  g_assert_true (kennis_test_wait_for (browser_opened, f, 20000));
  url = kennis_test_browsed_url (f->browser_log);
  g_assert_true (g_str_has_prefix (url, f->instance));
  g_assert_nonnull (strstr (url, "/auth?"));
  g_assert_nonnull (strstr (url, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (url, "response_type=code"));

  /* The browser follows the site's redirect to kennis-cli. */
  page = read_page_in_browser (f);
  g_assert_true (g_str_has_prefix (kennis_mock_sign_in_get_redirect_uri (f->server), "http://127.0.0.1:"));
  g_assert_nonnull (strstr (page, "Kennis"));
  g_assert_true (kennis_test_wait_for (cli_finished, f, 20000));
  out = read_pipe (g_subprocess_get_stdout_pipe (f->cli));
  err = read_pipe (g_subprocess_get_stderr_pipe (f->cli));
  g_assert_cmpint (g_subprocess_get_exit_status (f->cli), ==, 0);
  g_assert_nonnull (strstr (err, url));
  g_assert_null (strstr (out, TOKEN));
  g_assert_null (strstr (err, TOKEN));

  added = find_target (f, "Site");
  g_assert_nonnull (added);
  g_assert_cmpstr (added->kind, ==, "micropub");
  g_assert_null (strstr (added->config, TOKEN));
  kept = kennis_credentials_lookup (site, "micropub", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, TOKEN);
}

static void
run_cli (Fixture             *f,
         const char          *stdin_text,
         const char * const  *argv,
         KennisTestCliResult *result)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);
  g_autoptr(GBytes) input = g_bytes_new (stdin_text, strlen (stdin_text));

  g_subprocess_launcher_setenv (launcher, "KENNIS_CREDENTIALS", "file", TRUE);
  kennis_test_run_cli (launcher, input, argv, result);
}

static void
run_cli_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), &error));
  g_assert_no_error (error);
  *(gboolean *)data = TRUE;
}

static void
run_cli_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  gpointer *args = data;

  run_cli (args[0], args[1], args[2], args[3]);
  g_task_return_boolean (task, TRUE);
}

/* Runs kennis-cli to its end while this thread's server answers it. */
static void
run_cli_serving (Fixture             *f,
                 const char          *stdin_text,
                 const char * const  *argv,
                 KennisTestCliResult *result)
{
  gpointer args[] = { f, (gpointer)stdin_text, (gpointer)argv, result };
  g_autoptr(GTask) task = NULL;
  gboolean done = FALSE;

  task = g_task_new (NULL, NULL, run_cli_done_cb, &done);
  g_task_set_task_data (task, args, NULL);
  g_task_run_in_thread (task, run_cli_thread);
  g_assert_true (kennis_test_wait_for (cli_finished_flag, &done, 30000));
}

/* An account with several blogs at a MetaWeblog endpoint: without --blog
 * kennis-cli names them and adds nothing, nor keeps the password; with
 * --blog (by name) the chosen blog is in the settings, and so is
 * --tags-as. */
static void
test_metaweblog_blogs (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *endpoint = g_strconcat (f->instance, "/xmlrpc.php", NULL);
  const char *argv[] = { "targets", "add", "metaweblog", "Intranet", "--site", endpoint, "--user",
                         KENNIS_MOCK_SIGN_IN_ACCOUNT, NULL, NULL, NULL, NULL, NULL };
  g_auto(KennisTestCliResult) unchosen = { 0 };
  g_auto(KennisTestCliResult) chosen = { 0 };
  g_auto(KennisTestCliResult) again = { 0 };
  g_autoptr(KennisTargetInfo) added = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;

  run_cli_serving (f, KENNIS_MOCK_SIGN_IN_PASSWORD "\n", argv, &unchosen);
  g_assert_cmpint (unchosen.status, ==, 2);
  g_assert_nonnull (strstr (unchosen.err, "This account has several blogs: “Eerste blog” (1), “Tweede blog” (2). "
                                          "Say which with --blog."));
  added = find_target (f, "Intranet");
  g_assert_null (added);
  kept = kennis_credentials_lookup (endpoint, KENNIS_MOCK_SIGN_IN_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kept);

  argv[8] = "--blog";
  argv[9] = "Tweede blog";
  argv[10] = "--tags-as";
  argv[11] = "categories";
  run_cli_serving (f, KENNIS_MOCK_SIGN_IN_PASSWORD "\n", argv, &chosen);
  g_assert_cmpint (chosen.status, ==, 0);
  g_assert_nonnull (strstr (chosen.out, "Connected to “Tweede blog” as anna."));
  added = find_target (f, "Intranet");
  g_assert_nonnull (added);
  g_assert_nonnull (strstr (added->config, "\"blog_id\":\"2\""));
  g_assert_nonnull (strstr (added->config, "\"tags_as\":\"categories\""));

  /* A second place for the same account that stops at the blog question,
   * or whose password is refused, leaves the first one's password as it
   * was. */
  argv[3] = "Intranet 2";
  argv[8] = NULL;
  run_cli_serving (f, KENNIS_MOCK_SIGN_IN_PASSWORD "\n", argv, &again);
  g_assert_cmpint (again.status, ==, 2);
  g_clear_pointer (&kept, g_free);
  kept = kennis_credentials_lookup (endpoint, KENNIS_MOCK_SIGN_IN_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, KENNIS_MOCK_SIGN_IN_PASSWORD);

  kennis_test_cli_result_clear (&again);
  run_cli_serving (f, "fout wachtwoord\n", argv, &again);
  g_assert_cmpint (again.status, !=, 0);
  g_clear_pointer (&kept, g_free);
  kept = kennis_credentials_lookup (endpoint, KENNIS_MOCK_SIGN_IN_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, KENNIS_MOCK_SIGN_IN_PASSWORD);
}

/* --sign-in is not for a blog that takes a password. */
static void
test_not_for_wordpress (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = kennis_test_cli_launcher (f->dir);
  const char *argv[] = { "targets", "add", "wordpress", "Blog", "--site", "https://blog.example/",
                         "--user", "anna", "--sign-in", NULL };
  g_auto(KennisTestCliResult) result = { 0 };
  g_autofree char *url = NULL;

  kennis_test_run_cli (launcher, NULL, argv, &result);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--sign-in is for a Mastodon account or a Micropub site."));
  url = kennis_test_browsed_url (f->browser_log);
  g_assert_null (url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("KENNIS_CREDENTIALS", "file", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/sign-in/mastodon", test_mastodon);
  ADD ("/cli/sign-in/mastodon/wrong-code", test_mastodon_wrong_code);
  ADD ("/cli/sign-in/micropub", test_micropub);
  ADD ("/cli/sign-in/not-for-wordpress", test_not_for_wordpress);
  ADD ("/cli/targets/metaweblog-blogs", test_metaweblog_blogs);
#undef ADD

  return g_test_run ();
}
