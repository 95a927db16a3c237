/* kennis-cli-network.c — kennis-cli's side of the blogs Kennis shares to:
 * reading a password without showing it, checking a site before it is added
 *
 * Copyright 2026 The Kennis developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#ifdef G_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif
#ifdef G_OS_WIN32
#include <io.h>
#include <windows.h>
#endif

#include "kennis-cli-private.h"
#include "kennis-credentials.h"
#include "kennis-wordpress-target.h"

#define MAX_SECRET 1024

/* Typing a password shows nothing on the terminal. */
static gboolean
set_echo (gboolean on)
{
#ifdef G_OS_UNIX
  struct termios mode;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &mode) != 0)
    return FALSE;
  if (on)
    mode.c_lflag |= ECHO;
  else
    mode.c_lflag &= ~ECHO;
  return tcsetattr (STDIN_FILENO, TCSAFLUSH, &mode) == 0;
#elif defined (G_OS_WIN32)
  HANDLE input = GetStdHandle (STD_INPUT_HANDLE);
  DWORD mode = 0;

  if (!_isatty (_fileno (stdin)) || !GetConsoleMode (input, &mode))
    return FALSE;
  return SetConsoleMode (input, on ? (mode | ENABLE_ECHO_INPUT) : (mode & ~ENABLE_ECHO_INPUT));
#else
  return FALSE;
#endif
}

/**
 * cli_read_secret:
 * @prompt: shown when a person types it
 *
 * Reads one line from standard input: typed at a prompt without echo, or
 * piped in by a script.
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with an error
 */
char *
cli_read_secret (const char  *prompt,
                 GError     **error)
{
  char line[MAX_SECRET];
  gboolean hidden = set_echo (FALSE);
  char *read;

  if (hidden)
    {
      g_printerr ("%s", prompt);
      fflush (stderr);
    }
  read = fgets (line, sizeof line, stdin);
  if (hidden)
    {
      set_echo (TRUE);
      g_printerr ("\n");
    }

  if (read == NULL || g_strstrip (line)[0] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE,
                   _("No password was given: type it at the prompt, or pipe it into kennis-cli."));
      return NULL;
    }
  return g_strdup (line);
}

char *
cli_wordpress_config (const char *site,
                      const char *user,
                      gboolean    draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, site);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "draft");
  json_builder_add_boolean_value (builder, draft);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef struct
{
  GMainLoop *loop;
  char      *found;
  GError    *error;
} Check;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Check *check = data;

  check->found = kennis_target_check_finish (KENNIS_TARGET (source), result, &check->error);
  g_main_loop_quit (check->loop);
}

/**
 * cli_check_wordpress:
 *
 * Keeps @password in the keyring and asks the site whether it accepts it;
 * a site that does not keeps no password.
 *
 * Returns: (transfer full) (nullable): what was found, in a sentence
 */
char *
cli_check_wordpress (const char  *name,
                     const char  *config,
                     const char  *password,
                     GError     **error)
{
  g_autoptr(KennisWordPressTarget) target = kennis_wordpress_target_new (0, name, config, error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *key = NULL;
  Check check = { loop, NULL, NULL };

  if (target == NULL)
    return NULL;

  key = kennis_wordpress_target_dup_secret_key (target);
  if (!kennis_credentials_store (key, kennis_wordpress_target_get_user (target), password, NULL, error))
    return NULL;
  if (kennis_credentials_get_backend () == KENNIS_CREDENTIALS_FILE)
    {
      g_autofree char *path = kennis_credentials_dup_file_path ();

      g_printerr ("kennis-cli: ");
      /* TRANSLATORS: %s is a file */
      g_printerr (_("No keyring is running: the password is kept in “%s”, which is not encrypted."), path);
      g_printerr ("\n");
    }

  kennis_target_check_async (KENNIS_TARGET (target), NULL, checked_cb, &check);
  g_main_loop_run (loop);
  if (check.found == NULL)
    {
      kennis_credentials_clear (key, kennis_wordpress_target_get_user (target), NULL, NULL);
      g_propagate_error (error, check.error);
    }
  return check.found;
}
