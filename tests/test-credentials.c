/* test-credentials.c — passwords go to a real keyring (gnome-keyring on a
 * private session bus), or, without one, to an owner-only file; never into
 * the notebook
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "kennis-credentials.h"
#include "kennis-store.h"
#include "kennis-test-util.h"

static char *data_dir;

static void
check_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *found = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *other = NULL;
  g_autofree char *cleared = NULL;

  none = kennis_credentials_lookup ("target-1", "anna@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  kennis_credentials_store ("target-1", "anna@example.org", "abcd EFGH 1234 ijkl", NULL, &error);
  g_assert_no_error (error);
  kennis_credentials_store ("target-2", "anna@example.org", "een ander geheim = [x]", NULL, &error);
  g_assert_no_error (error);
  found = kennis_credentials_lookup ("target-1", "anna@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "abcd EFGH 1234 ijkl");

  kennis_credentials_store ("target-1", "anna@example.org", "nieuw wachtwoord é", NULL, &error);
  g_assert_no_error (error);
  replaced = kennis_credentials_lookup ("target-1", "anna@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced, ==, "nieuw wachtwoord é");
  other = kennis_credentials_lookup ("target-2", "anna@example.org", NULL, &error);
  g_assert_cmpstr (other, ==, "een ander geheim = [x]");

  kennis_credentials_clear ("target-1", "anna@example.org", NULL, &error);
  g_assert_no_error (error);
  cleared = kennis_credentials_lookup ("target-1", "anna@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);

  /* Nothing to belong to: refused, not stored under an empty name. */
  g_assert_false (kennis_credentials_store ("target-1", "", "x", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* The notebook next to the secrets never holds one. */
static void
check_not_in_notebook (const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (data_dir, "kennis.db", NULL);
  g_autoptr(KennisStore) store = kennis_store_open (path, &error);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_file_get_contents (path, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (bytes, length, secret));
}

static void
test_file (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (g_getenv ("KENNIS_CREDENTIALS") == NULL)
    {
      g_test_skip ("the file is tested in its own run, with KENNIS_CREDENTIALS=file");
      return;
    }

  g_assert_cmpint (kennis_credentials_get_backend (), ==, KENNIS_CREDENTIALS_FILE);
  check_round_trip ();

  path = kennis_credentials_dup_file_path ();
  g_assert_true (g_str_has_prefix (path, data_dir));
  g_assert_true (g_str_has_suffix (path, "passwords-not-encrypted.ini"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "een ander geheim"));
  g_assert_nonnull (strstr (contents, "NOT encrypted"));
#ifdef G_OS_UNIX
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
#endif
  check_not_in_notebook ("een ander geheim");
}

static gboolean
secret_service_up (gpointer data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                           -1, NULL, NULL);
  gboolean up = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &up);
  return up;
}

/* A real Secret Service: gnome-keyring-daemon on a session bus of its own,
 * its login keyring made and unlocked with a password given at start. */
static void
test_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_build_filename (data_dir, "keyring-home", NULL);
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *file = NULL;

  if (g_getenv ("KENNIS_CREDENTIALS") != NULL)
    {
      g_test_skip ("this run tests the file");
      return;
    }
  if (program == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }

  /* meson runs this under a dbus-run-session of its own. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus of its own; run through meson test");
      return;
    }
  g_mkdir_with_parents (home, 0700);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* The daemon's own warnings (it has some when an item is replaced) must
   * not become fatal through this test's G_DEBUG. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", home, TRUE);
  daemon = g_subprocess_launcher_spawn (launcher, &error, program, "--foreground", "--unlock",
                                        "--components=secrets", NULL);
  g_assert_no_error (error);
  /* --unlock reads the password from standard input, up to its end, and
   * makes the login keyring with it; an empty one makes none. */
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "kennis-test", 11, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, &error);
  g_assert_no_error (error);

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kennis_test_wait_for (secret_service_up, connection, 10000));

  g_assert_cmpint (kennis_credentials_get_backend (), ==, KENNIS_CREDENTIALS_KEYRING);
  check_round_trip ();
  check_not_in_notebook ("een ander geheim");
  file = kennis_credentials_dup_file_path ();
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  secret_service_disconnect ();
}

/* An async lookup answers on the caller's thread. */
static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  char **secret = data;
  g_autoptr(GError) error = NULL;

  *secret = kennis_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  if (*secret == NULL)
    *secret = g_strdup ("");
}

static gboolean
has_answer (gpointer data)
{
  return *(char **)data != NULL;
}

static void
test_async (void)
{
  g_autofree char *secret = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("KENNIS_CREDENTIALS") == NULL)
    {
      g_test_skip ("runs with the file, which needs no keyring");
      return;
    }
  kennis_credentials_store ("target-async", "bob", "s3cret", NULL, &error);
  g_assert_no_error (error);
  kennis_credentials_lookup_async ("target-async", "bob", NULL, lookup_done_cb, &secret);
  g_assert_true (kennis_test_wait_for (has_answer, &secret, 5000));
  g_assert_cmpstr (secret, ==, "s3cret");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  data_dir = g_dir_make_tmp ("kennis-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("KENNIS_DATA_DIR", data_dir, TRUE);

  g_test_add_func ("/credentials/file", test_file);
  g_test_add_func ("/credentials/keyring", test_keyring);
  g_test_add_func ("/credentials/async", test_async);

  status = g_test_run ();
  kennis_test_remove_tree (data_dir);
  g_free (data_dir);
  return status;
}
