/* kennis-test-util.c — helpers every test program shares
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kennis-test-util.h"

/**
 * kennis_test_remove_tree:
 * @path: a file or a folder a test made
 *
 * Removes @path and everything below it, without following symbolic links
 * out of it.
 */
void
kennis_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          kennis_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/**
 * kennis_test_wait_for:
 *
 * Spins the main loop until @condition holds, or gives up after
 * @timeout_ms so that a check that never answers cannot hang the suite.
 *
 * Returns: whether @condition came to hold
 */
gboolean
kennis_test_wait_for (KennisTestCondition condition,
                      gpointer            data,
                      guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

/* Lets the main loop run for @ms, e.g. for what must not happen. */
void
kennis_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/**
 * kennis_test_s256:
 *
 * PKCE's S256, BASE64URL (SHA-256 (@verifier)) without padding, written
 * apart from Kennis's own so that the servers in tests check it.
 *
 * Returns: (transfer full): the code challenge
 */
char *
kennis_test_s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *base64 = NULL;
  GString *challenge = g_string_new (NULL);

  g_checksum_update (checksum, (const guchar *)verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  for (const char *p = base64; *p != '\0' && *p != '='; p++)
    g_string_append_c (challenge, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (challenge, FALSE);
}

/**
 * kennis_test_fake_browser:
 * @dir: a folder of the test's own
 *
 * Makes a "browser" the default for http and https addresses, through the
 * XDG settings GIO reads, so that what the program opens in the browser
 * can be checked; it writes each address to a file. Call it before
 * anything asks GIO for applications. The environment it sets is passed
 * on to programs the test starts.
 *
 * Returns: (transfer full): the file the addresses go to
 */
char *
kennis_test_fake_browser (const char *dir)
{
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *applications = g_build_filename (data, "applications", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *opened = g_build_filename (dir, "opened-in-browser", NULL);
  g_autofree char *script = g_build_filename (dir, "browser.sh", NULL);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\n", opened);
  g_autofree char *desktop = g_build_filename (applications, "kennis-test-browser.desktop", NULL);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test browser\n"
                                                   "Exec=%s %%u\nMimeType=x-scheme-handler/http;"
                                                   "x-scheme-handler/https;\n", script);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  const char *defaults = "[Default Applications]\nx-scheme-handler/http=kennis-test-browser.desktop\n"
                         "x-scheme-handler/https=kennis-test-browser.desktop\n";

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, NULL));
  g_assert_true (g_file_set_contents (mimeapps, defaults, -1, NULL));

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  return g_steal_pointer (&opened);
}

/**
 * kennis_test_browsed_url:
 *
 * Returns: (transfer full) (nullable): the last address the fake browser
 *   of kennis_test_fake_browser() was given, or %NULL
 */
char *
kennis_test_browsed_url (const char *opened_path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  if (!g_file_get_contents (opened_path, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (g_strchomp (text), "\n", -1);
  n = g_strv_length (lines);
  return n > 0 && *lines[n - 1] != '\0' ? g_strdup (lines[n - 1]) : NULL;
}

void
kennis_test_cli_result_clear (KennisTestCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/**
 * kennis_test_cli_launcher:
 * @data_dir: the notebook's folder, as KENNIS_DATA_DIR
 *
 * Returns: (transfer full): a launcher with pipes for kennis-cli in English;
 *   the caller adds what its tests need
 */
GSubprocessLauncher *
kennis_test_cli_launcher (const char *data_dir)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "KENNIS_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  return launcher;
}

static char *
dup_text (GBytes *bytes)
{
  gsize size = g_bytes_get_size (bytes);

  return size > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), size) : g_strdup ("");
}

/**
 * kennis_test_run_cli:
 * @input: (nullable): what to send on standard input
 * @argv: the arguments after the program, %NULL-terminated
 *
 * Runs $KENNIS_CLI through @launcher and waits for it.
 */
void
kennis_test_run_cli (GSubprocessLauncher *launcher,
                     GBytes              *input,
                     const char * const  *argv,
                     KennisTestCliResult *result)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, (gpointer)g_getenv ("KENNIS_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);

  /* With a pipe for standard input, GSubprocess wants something to send. */
  g_subprocess_communicate (process, input != NULL ? input : empty, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  result->out = dup_text (out);
  result->err = dup_text (err);

  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}
