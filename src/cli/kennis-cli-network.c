/* kennis-cli-network.c — kennis-cli's side of the blogs Kennis shares to:
 * reading a password without showing it, signing in through the browser,
 * checking a site before it is added
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
#include "kennis-indie-auth-sign-in.h"
#include "kennis-mastodon-sign-in.h"
#include "kennis-store-sharing.h"
#include "kennis-target.h"

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

/* Reads one line the user types or pipes in, e.g. a code from a web page. */
static char *
read_line (const char  *prompt,
           GError     **error)
{
  char line[MAX_SECRET];

  g_printerr ("%s", prompt);
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL || g_strstrip (line)[0] == '\0')
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("No code was given."));
      return NULL;
    }
  return g_strdup (line);
}

/* Waiting for an asynchronous call, for a program with nothing else to do. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for_result (Wait *wait)
{
  g_clear_object (&wait->result);
  g_main_loop_run (wait->loop);
  return wait->result;
}

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
  g_clear_pointer (&wait->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Wait, wait_clear)

/* The browser may not open (no desktop, a remote shell), so the address
 * is always printed too. */
static void
open_sign_in_page (const char *url,
                   const char *next_step)
{
  g_autoptr(GError) error = NULL;

  /* TRANSLATORS: the second %s is the address of a sign-in page */
  g_printerr (_("%s\nNo browser opened? Open this address yourself:\n%s\n"), next_step, url);
  if (!g_app_info_launch_default_for_uri (url, NULL, &error))
    g_debug ("No browser opened the sign-in page: %s", error->message);
}

/**
 * cli_sign_in_mastodon:
 * @typed: the server's address as the user gave it
 * @instance: (out): the server's address as the settings keep it
 * @account: (out): the account the token belongs to
 *
 * Signs in through the browser: the server's sign-in page shows a code,
 * which the user types or pastes here.
 *
 * Returns: (transfer full) (nullable): the access token
 */
char *
cli_sign_in_mastodon (const char  *typed,
                      char       **instance,
                      char       **account,
                      GError     **error)
{
  g_autoptr(KennisMastodonSignIn) sign_in = kennis_mastodon_sign_in_new (typed);
  g_autoptr(KennisMastodonSignInResult) signed_in = NULL;
  g_auto(Wait) wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autofree char *url = NULL;
  g_autofree char *code = NULL;

  kennis_mastodon_sign_in_start_async (sign_in, NULL, waited_cb, &wait);
  url = kennis_mastodon_sign_in_start_finish (sign_in, wait_for_result (&wait), error);
  if (url == NULL)
    return NULL;

  open_sign_in_page (url, _("Your browser shows the server’s sign-in page. Allow Kennis there; the page then "
                            "shows a code."));
  code = read_line (_("Code from the sign-in page: "), error);
  if (code == NULL)
    return NULL;

  kennis_mastodon_sign_in_finish_async (sign_in, code, NULL, waited_cb, &wait);
  signed_in = kennis_mastodon_sign_in_finish_finish (sign_in, wait_for_result (&wait), error);
  if (signed_in == NULL)
    return NULL;

  *instance = g_strdup (kennis_mastodon_sign_in_get_instance (sign_in));
  *account = g_strdup (signed_in->acct);
  return g_strdup (signed_in->access_token);
}

/**
 * cli_sign_in_micropub:
 * @typed: the site's address as the user gave it
 * @site: (out): the site's address as the settings keep it
 *
 * Signs in through the browser with the site's IndieAuth server, which
 * sends the browser back to an address on this computer that Kennis
 * listens on while it waits.
 *
 * Returns: (transfer full) (nullable): the access token
 */
char *
cli_sign_in_micropub (const char  *typed,
                      char       **site,
                      GError     **error)
{
  g_autoptr(KennisIndieAuthSignIn) sign_in = kennis_indie_auth_sign_in_new (typed);
  g_autoptr(KennisIndieAuthSignInResult) signed_in = NULL;
  g_auto(Wait) wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autofree char *url = NULL;

  kennis_indie_auth_sign_in_start_async (sign_in, NULL, waited_cb, &wait);
  url = kennis_indie_auth_sign_in_start_finish (sign_in, wait_for_result (&wait), error);
  if (url == NULL)
    return NULL;

  open_sign_in_page (url, _("Your browser shows your site’s sign-in page. Allow Kennis there; kennis-cli goes "
                            "on by itself once the browser comes back (Ctrl+C stops waiting)."));
  kennis_indie_auth_sign_in_finish_async (sign_in, NULL, waited_cb, &wait);
  signed_in = kennis_indie_auth_sign_in_finish_finish (sign_in, wait_for_result (&wait), error);
  if (signed_in == NULL)
    return NULL;

  *site = g_strdup (kennis_indie_auth_sign_in_get_site (sign_in));
  return g_strdup (signed_in->access_token);
}

/**
 * cli_forget_secret:
 * @previous: (nullable): what the keyring held before the check
 *
 * Puts back what the keyring held for @target's key before a check, or
 * removes the key.
 */
void
cli_forget_secret (KennisTarget *target,
                   const char   *previous)
{
  g_autofree char *key = kennis_target_dup_secret_key (target);
  const char *account = kennis_target_get_secret_account (target);

  if (previous != NULL)
    kennis_credentials_store (key, account, previous, NULL, NULL);
  else
    kennis_credentials_clear (key, account, NULL, NULL);
}

/**
 * cli_check_target:
 * @kind: "wordpress", "metaweblog", "mastodon" or "micropub"
 * @checked: (out) (optional): the target as the check left it, with what
 *   it found out
 * @previous: (out) (optional): what the keyring held under the same key
 *   before, for cli_forget_secret() when the target is not added after all
 *
 * Keeps @secret in the keyring where a target of @kind with @config will
 * look, and asks the server whether it accepts it; when it does not, the
 * keyring is as it was.
 *
 * Returns: (transfer full) (nullable): what was found, in a sentence
 */
char *
cli_check_target (const char    *kind,
                  const char    *name,
                  const char    *config,
                  const char    *secret,
                  KennisTarget **checked,
                  char         **previous,
                  GError       **error)
{
  g_autofree char *before = NULL;
  KennisTargetInfo info = { 0, (char *)kind, (char *)name, (char *)config, NULL };
  g_autoptr(KennisTarget) target = kennis_target_new_from_info (&info, error);
  g_auto(Wait) wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autofree char *key = NULL;
  g_autoptr(GError) refused = NULL;
  char *found;

  if (target == NULL)
    return NULL;

  key = kennis_target_dup_secret_key (target);
  /* Another place may use the same account: what it had is put back if
   * this one is not added. */
  before = kennis_credentials_lookup (key, kennis_target_get_secret_account (target), NULL, NULL);
  if (!kennis_credentials_store (key, kennis_target_get_secret_account (target), secret, NULL, error))
    return NULL;
  if (kennis_credentials_get_backend () == KENNIS_CREDENTIALS_FILE)
    {
      g_autofree char *warning = kennis_credentials_dup_file_warning ();

      g_printerr ("kennis-cli: %s\n", warning);
    }

  kennis_target_check_async (target, NULL, waited_cb, &wait);
  found = kennis_target_check_finish (target, wait_for_result (&wait), &refused);
  if (found == NULL)
    {
      cli_forget_secret (target, before);
      g_propagate_error (error, g_steal_pointer (&refused));
      return NULL;
    }
  if (checked != NULL)
    *checked = g_steal_pointer (&target);
  if (previous != NULL)
    *previous = g_steal_pointer (&before);
  return found;
}

/* outbox */

static JsonNode *
job_to_json (KennisOutboxJob *job,
             KennisEntry     *entry,
             const char      *target)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *next = cli_format_utc (job->next_attempt);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, job->id);
  json_builder_set_member_name (builder, "entry");
  json_builder_add_string_value (builder, entry != NULL ? kennis_entry_get_id (entry) : "");
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, target);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, kennis_outbox_action_to_string (job->action));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, job->failed ? "failed" : job->running ? "sending" : "pending");
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, job->attempts);
  json_builder_set_member_name (builder, "next_attempt");
  json_builder_add_string_value (builder, next != NULL ? next : "");
  json_builder_set_member_name (builder, "last_error");
  if (job->last_error != NULL)
    json_builder_add_string_value (builder, job->last_error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_job_line (KennisOutboxJob *job,
                KennisEntry     *entry,
                const char      *target)
{
  g_autofree char *title = entry != NULL ? kennis_entry_dup_display_title (entry) : g_strdup ("");
  g_autofree char *next = cli_format_local (job->next_attempt);

  /* TRANSLATORS: a job's state in `kennis-cli outbox` */
  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s", job->id, kennis_outbox_action_to_string (job->action),
           target, title, job->failed ? _("failed") : job->running ? _("being sent") : _("waiting"));
  if (!job->failed && !job->running)
    /* TRANSLATORS: when a waiting job is tried next, e.g. “next try 2026-11-28 10:00” */
    g_print (" (%s %s)", _("next try"), next);
  if (job->last_error != NULL)
    g_print ("\t%s", job->last_error);
  g_print ("\n");
}

static gboolean
list_outbox (CliContext  *cli,
             GError     **error)
{
  g_autoptr(GPtrArray) jobs = kennis_store_outbox_list (cli->store, error);
  g_autoptr(JsonNode) array = NULL;

  if (jobs == NULL)
    return FALSE;
  if (cli->json)
    array = json_node_init_array (json_node_alloc (), json_array_new ());

  for (guint i = 0; i < jobs->len; i++)
    {
      KennisOutboxJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(KennisEntry) entry = kennis_store_get_entry_by_num (cli->store, job->entry_num, NULL);
      g_autoptr(KennisTargetInfo) target = kennis_store_get_target (cli->store, job->target_id, NULL);
      const char *target_name = target != NULL ? target->name : "";

      if (cli->json)
        json_array_add_element (json_node_get_array (array), job_to_json (job, entry, target_name));
      else
        print_job_line (job, entry, target_name);
    }

  if (cli->json)
    cli_print_json (array);
  else if (jobs->len == 0)
    g_print ("%s\n", _("Nothing waits to be shared or taken down."));
  return TRUE;
}

gboolean
cli_cmd_outbox (CliContext   *cli,
                char       ***args,
                GError      **error)
{
  gint64 retry = 0;
  gint64 cancel = 0;
  const GOptionEntry entries[] = {
    { "retry", 0, 0, G_OPTION_ARG_INT64, &retry, N_("Try this job again now"), N_("ID") },
    { "cancel", 0, 0, G_OPTION_ARG_INT64, &cancel, N_("Give this job up"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  context = cli_option_context_new (cli, "outbox", _("[--retry ID | --cancel ID]"),
                                    N_("List what waits to be shared or taken down; retry or cancel it"),
                                    entries);
  if (!cli_parse_options (context, args, error) ||
      !cli_check_n_args (*args, 0, 0, error) ||
      !cli_open_store (cli, error))
    return FALSE;

  if (retry > 0 && cancel > 0)
    {
      g_set_error (error, CLI_ERROR, CLI_ERROR_USAGE, _("Retry or cancel, not both."));
      return FALSE;
    }
  /* A retry makes the job due; the app's outbox, or the next
   * `kennis-cli share`, sends it. */
  if (retry > 0 && !kennis_store_outbox_retry (cli->store, retry, error))
    return FALSE;
  if (cancel > 0 && !kennis_store_outbox_cancel (cli->store, cancel, error))
    return FALSE;

  return list_outbox (cli, error);
}
